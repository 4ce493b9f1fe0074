import 'server-only';
import { nameActionTarget } from '@/lib/actions/target-name';
import type { ResolvedTarget } from '@/lib/actions/resolve';
import { ApiError } from '@/lib/api/errors';
import type { Actor } from '@/lib/auth/actor';
import type { Action } from '@/lib/catalog/schema';
import type { Store } from '@/lib/server/store/open-store';
import type { ActionRun } from '@/lib/server/store/schema';
import { recordAudit } from './log';

/**
 * A decision on a request that someone else (or the clock) already decided: a 409, and, like every attempt,
 * one audit record (threat 26). The requester deciding their own request is left to decideRun, which
 * refuses and records that as `denied`.
 */
export async function refuseDecidedRun(store: Store, actor: Actor, run: ActionRun, decision: 'approve' | 'reject'): Promise<void> {
  if (run.status === 'pending-approval' || run.requested_by === actor.actor) return;
  await recordAudit(store, {
    ...actor,
    action: `action.${decision}`,
    target: nameActionTarget(run.kind as Action['kind'], JSON.parse(run.target) as ResolvedTarget),
    outcome: 'failure',
    detail: { runId: run.id, section: run.section_id, step: run.step_id, why: 'already decided', status: run.status, decidedBy: run.decided_by },
  });
  throw new ApiError('conflict', `This request was already decided (${run.status}${run.decided_by ? ` by ${run.decided_by}` : ''}).`);
}

/**
 * After a decision failed with a conflict: if another approver won the race in between (the request now
 * carries their decision), that conflict was not recorded by the decision itself; record it here. A
 * conflict the flow records itself (the object changed, the request expired) leaves no decider and is skipped.
 */
export async function recordLostDecision(store: Store, actor: Actor, reread: ActionRun | undefined, decision: 'approve' | 'reject', error: unknown): Promise<void> {
  if (!(error instanceof ApiError) || error.code !== 'conflict' || !reread?.decided_by || reread.decided_by === actor.actor) return;
  await refuseDecidedRun(store, actor, reread, decision).catch((refusal: unknown) => {
    if (!(refusal instanceof ApiError)) throw refusal;
  });
}
