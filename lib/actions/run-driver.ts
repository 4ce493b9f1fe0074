import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { acquireLease, releaseLease, renewLease } from '@/lib/server/store/leases';
import type { Store } from '@/lib/server/store/open-store';
import type { ActionRun } from '@/lib/server/store/schema';
import { describeBoundChanges } from './binding';
import type { ActionExecutor } from './executor';
import { approvedOf, executeRun, interruptRun as interruptOnShutdown, type FlowContext } from './flow';
import { isShuttingDown, trackWork } from '@/lib/server/shutdown';
import type { ResolvedAction } from './resolve';
import { watchRun, type WatchOptions } from './run-watch';
import { getRun, interruptRun } from './runs';

/**
 * Runs outside the request that confirmed them, once across replicas (issue 18). Whoever works on a run (the
 * replica that took the confirm or the approval, or the background worker adopting an orphan) first takes the
 * lease `run:<id>` in the store and renews it while it works; a replica killed mid-run stops renewing, and once
 * the lease expires the background worker of another replica takes the run over:
 * - `executing`, change not yet sent (no execution_started_at): it is executed, once (the executor re-reads and
 *   refuses if what was approved moved);
 * - `executing`, change maybe sent: the target is read back. Unchanged since the approval → the write never
 *   landed, it is executed; changed → `interrupted` with what the target holds now, never sent again;
 * - `succeeded` without a verdict or an end of its rollout: its rollout is followed and its recovery judged (each
 *   written once).
 */

export const runLeaseName = (id: string) => `run:${id}`;

/** The audit actor of work a replica does on its own (an orphaned run it took over). */
export const systemActor: Actor = { actor: 'system', actorRole: null, clientAddress: null };

export type DriveDeps = {
  store: Store;
  /** This replica's name in the leases table. */
  holder: string;
  /** The stored run's action and its executor (the catalog and the executors of this process). */
  resolve: (run: ActionRun) => { resolved: ResolvedAction; executor: ActionExecutor };
  /** Who is audited for the execution: the person who confirmed or approved, or `system` for a takeover. */
  actor?: Actor;
  leaseTtlMs?: number;
  watch?: WatchOptions;
};

export type DriveOutcome = 'done' | 'held-elsewhere' | 'nothing-to-do';

export const RUN_LEASE_TTL_MS = 30_000;

/** Works on one run while holding its lease; returns what happened. Never throws for a run another replica holds. */
export async function driveRun(deps: DriveDeps, id: string): Promise<DriveOutcome> {
  const { store, holder, leaseTtlMs = RUN_LEASE_TTL_MS } = deps;
  const name = runLeaseName(id);
  if (!(await acquireLease(store.db, name, holder, leaseTtlMs))) return 'held-elsewhere';
  const heartbeat = setInterval(() => {
    renewLease(store.db, name, holder, leaseTtlMs).catch((error: unknown) => console.warn(`[runs] could not renew the lease of run ${id}: ${String(error)}`));
  }, Math.max(50, Math.floor(leaseTtlMs / 3)));
  heartbeat.unref?.();
  try {
    // Read after taking the lease: what a previous holder did before it died is in the row.
    const run = await getRun(store, id);
    if (!run || !(run.status === 'executing' || (run.status === 'succeeded' && (run.verdict === null || run.progress === null)))) return 'nothing-to-do';
    const { resolved, executor } = deps.resolve(run);
    const context: FlowContext = { store, actor: deps.actor ?? systemActor, role: 'admin' };
    let current: ActionRun | null = run;
    if (run.status === 'executing') {
      const executing = run.execution_started_at === null ? executeRun(context, run, resolved, executor, { evaluate: deps.watch?.evaluate }) : resumeAfterReplicaLoss(context, run, resolved, executor);
      // A shutdown (SIGTERM) waits, bounded, for the execution; one still running then is marked interrupted.
      current = await trackWork(`action run ${id}`, executing, () => interruptOnShutdown(store, run));
    }
    // A replica on its way out follows nothing more: the run's lease is released below and another replica follows it.
    if (current?.status === 'succeeded' && !isShuttingDown()) await watchRun(store, current, resolved, executor, deps.watch);
    return 'done';
  } finally {
    clearInterval(heartbeat);
    await releaseLease(store.db, name, holder).catch(() => undefined);
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A run whose change may have been sent by a replica that died: the target is read back and compared with what
 * was approved. Only a target that has not moved since the approval (the write never landed) is written now.
 */
async function resumeAfterReplicaLoss(context: FlowContext, run: ActionRun, resolved: ResolvedAction, executor: ActionExecutor): Promise<ActionRun | null> {
  const since = new Date(run.execution_started_at ?? 0).toISOString();
  const lost = `the replica running it stopped after it began sending the change (${since})`;
  let preview;
  try {
    preview = await executor.preview(resolved, { requester: run.requested_by });
  } catch (error) {
    return interruptRun(context.store, run, { message: `Interrupted: ${lost}, and the target could not be read back (${error instanceof Error ? error.message : String(error)}). Check it before asking again.`, interrupted: true, finishedAt: Date.now() });
  }
  const approved = approvedOf(run);
  const moved = describeBoundChanges(approved.bound, preview.bound);
  // Nothing the request was bound to moved: the change did not reach the target, so it is sent now, once.
  if (moved.length === 0) return executeRun(context, run, resolved, executor);
  const now = approved.changes.map((change) => ({ path: change.path, approved: change.after, now: preview.changes.find((c) => c.path === change.path)?.before ?? null }));
  const holdsApproved = now.length > 0 && now.every((field) => same(field.approved, field.now));
  const found = holdsApproved
    ? `${preview.target} holds what was approved (${now.map((f) => `${f.path} = ${JSON.stringify(f.now)}`).join(', ')}), but the console cannot tell whether its own write made it, and cannot follow it`
    : `${preview.target} changed since the approval (${moved.join(', ')}) and does not hold what was approved`;
  return interruptRun(context.store, run, { message: `Interrupted: ${lost}; ${found}. It was not sent again.`, interrupted: true, changed: moved, fields: now, holdsApproved, finishedAt: Date.now() });
}
