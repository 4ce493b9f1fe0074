import { after, type NextRequest } from 'next/server';
import { decisionSchema, runIdSchema } from '@/lib/api/action-schemas';
import { ApiError, fromZodError } from '@/lib/api/errors';
import { resolveStoredRun, toFlowContext } from '@/lib/actions/action-context';
import { getExecutor } from '@/lib/actions/executors';
import { approveRun } from '@/lib/actions/flow';
import { decideRun, getRun, toPublicRun } from '@/lib/actions/runs';
import { notifyWebhook } from '@/lib/actions/webhook';
import { recordLostDecision, refuseDecidedRun } from '@/lib/audit/decision-conflict';
import { authorize } from '@/lib/auth/request-auth';
import { kickRun } from '@/lib/server/background/process-worker';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

/** An approver approves (the change then runs once, after this answer) or rejects a pending request. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const authorized = await authorize(request, 'action.approve');
    const id = runIdSchema.safeParse((await params).id);
    if (!id.success) throw fromZodError(id.error, 'id');
    const { decision, comment } = await readJsonBody(request, decisionSchema);
    const run = await getRun(authorized.store, id.data);
    if (!run) throw new ApiError('not-found', `id: no action request ${id.data}`, 'id');
    await refuseDecidedRun(authorized.store, authorized.actor, run, decision);
    const context = toFlowContext(authorized);
    try {
      if (decision === 'reject') {
        const rejected = await decideRun(authorized.store, authorized.actor, run.id, 'reject', comment);
        after(() => notifyWebhook(rejected));
        return respondJson({ run: toPublicRun(rejected) });
      }
      const resolved = resolveStoredRun(run);
      const executor = getExecutor(resolved.action.kind);
      const approved = await approveRun(context, run, resolved, comment, executor);
      after(() => notifyWebhook(approved));
      // Run outside this request, under the run's lease: another replica takes it over if this one dies (issue 18).
      kickRun(approved.id, context.actor);
      return respondJson({ run: toPublicRun(approved) }, 202);
    } catch (error) {
      await recordLostDecision(authorized.store, authorized.actor, await getRun(authorized.store, run.id), decision, error);
      throw error;
    }
  } catch (error) {
    return respondError(error);
  }
}
