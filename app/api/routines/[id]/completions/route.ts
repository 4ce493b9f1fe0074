import type { NextRequest } from 'next/server';
import { fromZodError } from '@/lib/api/errors';
import { completionSchema, routineIdSchema } from '@/lib/api/routine-schemas';
import { authorize } from '@/lib/auth/request-auth';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';
import { buildRoutineHistory, completeRoutine } from '@/lib/server/routines/service';

/** The routine's completions, newest first: who, when, what was noted, the answers at completion time, DR verdicts. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store } = await authorize(request, 'routine.read');
    const id = routineIdSchema.safeParse((await params).id);
    if (!id.success) throw fromZodError(id.error, 'id');
    return respondJson(await buildRoutineHistory(store, id.data));
  } catch (error) {
    return respondError(error);
  }
}

/** Completes the routine (ticks, notes, the DR drill's measurements); the live answers are read again here. Audited. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const context = await authorize(request, 'routine.complete');
    const id = routineIdSchema.safeParse((await params).id);
    if (!id.success) throw fromZodError(id.error, 'id');
    const body = await readJsonBody(request, completionSchema);
    return respondJson({ completion: await completeRoutine(context, id.data, body) }, 201);
  } catch (error) {
    return respondError(error);
  }
}
