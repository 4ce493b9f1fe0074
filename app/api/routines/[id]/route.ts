import type { NextRequest } from 'next/server';
import { fromZodError } from '@/lib/api/errors';
import { routineIdSchema } from '@/lib/api/routine-schemas';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';
import { buildRoutineView } from '@/lib/server/routines/service';

/** One routine with each item answered live from its section's evaluation (unknown when the upstream fails). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store } = await authorize(request, 'routine.read');
    const id = routineIdSchema.safeParse((await params).id);
    if (!id.success) throw fromZodError(id.error, 'id');
    return respondJson(await buildRoutineView(store, id.data));
  } catch (error) {
    return respondError(error);
  }
}
