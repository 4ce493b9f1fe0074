import type { NextRequest } from 'next/server';
import { cancellationSchema, runIdSchema } from '@/lib/api/action-schemas';
import { fromZodError } from '@/lib/api/errors';
import { cancelRun, toPublicRun } from '@/lib/actions/runs';
import { authorize } from '@/lib/auth/request-auth';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

/** The requester withdraws her own pending request (issue 15 point 4); anyone else's is refused and audited. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const authorized = await authorize(request, 'action.cancel');
    const id = runIdSchema.safeParse((await params).id);
    if (!id.success) throw fromZodError(id.error, 'id');
    const { comment } = await readJsonBody(request, cancellationSchema);
    const run = await cancelRun(authorized.store, authorized.actor, id.data, comment);
    return respondJson({ run: toPublicRun(run) });
  } catch (error) {
    return respondError(error);
  }
}
