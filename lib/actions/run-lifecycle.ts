import 'server-only';
import type { Kysely, Updateable } from 'kysely';
import { getConsoleMetrics } from '@/lib/server/console-metrics';
import type { ActionRunsTable, ActionRunStatus, Database } from '@/lib/server/store/schema';

/**
 * A run's life: the one table of the moves its state can make. Every change of `status` goes through
 * `moveRun`, whose UPDATE carries the `from` state in its WHERE clause: of two writers racing (two
 * approvers, an approver and the expiry, a second outcome), exactly one moves it, on SQLite and
 * PostgreSQL alike. A request is born `pending-approval` or `executing` (createRun).
 */
export const runTransitions = {
  approve: { from: 'pending-approval', to: 'executing' },
  reject: { from: 'pending-approval', to: 'rejected' },
  expire: { from: 'pending-approval', to: 'expired' },
  /** The requester was disabled or lost the role before anyone approved: the request no longer stands. */
  void: { from: 'pending-approval', to: 'void' },
  /** The requester withdrew it before anyone decided (issue 15 point 4). */
  cancel: { from: 'pending-approval', to: 'cancelled' },
  succeed: { from: 'executing', to: 'succeeded' },
  fail: { from: 'executing', to: 'failed' },
  /** Its replica stopped after the change may have been sent, and the target does not show it was applied (issue 18). */
  interrupt: { from: 'executing', to: 'interrupted' },
} as const satisfies Record<string, { from: ActionRunStatus; to: ActionRunStatus }>;

export type RunEvent = keyof typeof runTransitions;

/** Columns a move may set besides the status (the decision, the result …). */
export type RunChanges = Omit<Updateable<ActionRunsTable>, 'id' | 'status' | 'updated_at'>;

/** Makes one move; true when this call made it, false when the run was not in the move's `from` state. */
export async function moveRun(trx: Kysely<Database>, id: string, event: RunEvent, changes: RunChanges, now: number): Promise<boolean> {
  const { from, to } = runTransitions[event];
  const moved = await trx.updateTable('action_runs').set({ ...changes, status: to, updated_at: now }).where('id', '=', id).where('status', '=', from).returning('kind').execute();
  if (moved.length !== 1) return false;
  // Every run ends through here, exactly once (the guarded move): counted by kind and how it ended. A move
  // whose transaction is then rolled back (a failed audit append) would still be counted: rare, and it errs
  // towards showing an attempt. Approval (pending → executing) is not an end.
  if (to !== 'executing') getConsoleMetrics().actionRuns.inc({ kind: moved[0]!.kind, outcome: to });
  return true;
}
