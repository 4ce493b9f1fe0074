import type { NextRequest } from 'next/server';
import { revertSchema, runIdSchema } from '@/lib/api/action-schemas';
import { fromZodError } from '@/lib/api/errors';
import { revertTemporaryChange, toPublicTemporaryChange } from '@/lib/actions/temporary';
import { authorize } from '@/lib/auth/request-auth';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';
import { temporaryDeps } from '@/lib/server/temporary-sweep';

/** A person sets a temporary change back before its time runs out (the step's role; audited whatever the outcome). */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const authorized = await authorize(request, 'action.request');
    const id = runIdSchema.safeParse((await params).id);
    if (!id.success) throw fromZodError(id.error, 'id');
    const { comment } = await readJsonBody(request, revertSchema);
    const change = await revertTemporaryChange(authorized.store, temporaryDeps(), id.data, { actor: authorized.actor, role: authorized.principal.role, comment }, 'early');
    return respondJson({ change: toPublicTemporaryChange(change) });
  } catch (error) {
    return respondError(error);
  }
}
