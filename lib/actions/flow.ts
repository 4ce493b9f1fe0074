import 'server-only';
import type { AuditAction } from '@/lib/audit/actions';
import { ApiError } from '@/lib/api/errors';
import { appendAudit, recordAudit } from '@/lib/audit/log';
import type { Actor } from '@/lib/auth/actor';
import { can, roleOrder, type PrincipalRole } from '@/lib/auth/permissions';
import { assertAcceptingWork, isShuttingDown, trackWork } from '@/lib/server/shutdown';
import type { Store } from '@/lib/server/store/open-store';
import type { ActionRun } from '@/lib/server/store/schema';
import type { Section } from '@/lib/catalog/schema';
import { BindingError, decodeBound, describeBoundChanges } from './binding';
import type { ActionExecutor, ExecutionResult, Preview } from './executor';
import { needsApproval, needsReason, resolveAction, type ResolvedAction } from './resolve';
import { nameActionTarget } from './target-name';
import { moveRun } from './run-lifecycle';
import { readSection, watchRun, type WatchOptions } from './run-watch';
import { createRun, decideRun, findRunByKey, finishRun } from './runs';
import { chooseTemporaryMinutes } from './temporary-values';

export type FlowContext = { store: Store; actor: Actor; role: PrincipalRole };

const targetOf = (resolved: ResolvedAction) => nameActionTarget(resolved.action.kind, resolved.target);
const stepOf = (resolved: ResolvedAction) => ({ section: resolved.section.id, step: resolved.step.id });
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Audits an attempt that failed before anything was written (an upstream down, a conflict), then rethrows. */
async function auditFailure<T>(context: FlowContext, resolved: ResolvedAction, action: AuditAction, detail: Record<string, unknown>, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    await recordAudit(context.store, { ...context.actor, action, target: targetOf(resolved), outcome: 'failure', detail: { ...stepOf(resolved), ...detail, error: messageOf(error) } });
    throw error;
  }
}

/**
 * Looks the action up and checks its parameters; a refusal (unknown step, a value outside its schema) is
 * an attempt too, and is audited with what was sent (cut short: it came from the browser).
 */
export async function resolveForActor(context: FlowContext, sections: ReadonlyMap<string, Section>, ref: { section: string; step: string; params?: unknown }): Promise<ResolvedAction> {
  try {
    return resolveAction(sections, ref.section, ref.step, ref.params);
  } catch (error) {
    const sent = JSON.stringify(ref.params ?? {}).slice(0, 500);
    await recordAudit(context.store, { ...context.actor, action: 'action.refused', target: `${ref.section}/${ref.step}`.slice(0, 200), outcome: 'denied', detail: { params: sent, error: messageOf(error) } });
    throw error;
  }
}

/** The catalog says which role an action needs (operator by default); the permission table says who may act at all. */
async function assertActionRole(context: FlowContext, resolved: ResolvedAction): Promise<void> {
  const needed = roleOrder.indexOf(resolved.action.role);
  const held = context.role === 'display' ? -1 : roleOrder.indexOf(context.role);
  if (held >= needed) return;
  await recordAudit(context.store, { ...context.actor, action: 'action.denied', target: targetOf(resolved), outcome: 'denied', detail: { ...stepOf(resolved), needs: resolved.action.role, params: resolved.params } });
  throw new ApiError('forbidden', `"${resolved.step.title}" needs the ${resolved.action.role} role.`);
}

/** The section's own restart buttons for the deployments that read a changed ConfigMap: offered as the next step. */
function findFollowUps(resolved: ResolvedAction, preview: Preview): { stepId: string; title: string }[] {
  const consumers = preview.consumers ?? [];
  return resolved.section.resolution.flatMap((step) =>
    step.action?.kind === 'rollout-restart' && consumers.some((c) => c.namespace === step.action?.target.namespace && c.name === step.action?.target.name) ? [{ stepId: step.id, title: step.title }] : [],
  );
}

const changesSomething = (preview: Preview) => preview.changes.some((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));

/**
 * Why this preview cannot be confirmed because nothing would change (the object already holds what the
 * action writes); null when something would change, or the catalog marks the action idempotent by nature.
 */
function findNothingToChange(resolved: ResolvedAction, preview: Preview): string | null {
  if (resolved.action.idempotent || changesSomething(preview)) return null;
  return `Nothing would change: ${preview.target} already holds what "${resolved.step.title}" writes${preview.warnings.length > 0 ? ` (${preview.warnings.join(' ')})` : ''}.`;
}

export type PreviewAnswer = Preview & { needsApproval: boolean; followUps: { stepId: string; title: string }[]; nothingToChange: string | null };

/** Step 1: what would change (a server-side dry run), audited like every attempt. */
export async function previewAction(context: FlowContext, resolved: ResolvedAction, executor: ActionExecutor): Promise<PreviewAnswer> {
  await assertActionRole(context, resolved);
  try {
    const preview = await executor.preview(resolved, { requester: context.actor.actor });
    const nothingToChange = findNothingToChange(resolved, preview);
    await recordAudit(context.store, { ...context.actor, action: 'action.preview', target: preview.target, outcome: 'success', detail: { section: resolved.section.id, step: resolved.step.id, params: resolved.params, changes: preview.changes, bound: preview.bound, ...(nothingToChange ? { nothingToChange } : {}) } });
    return { ...preview, needsApproval: needsApproval(resolved.action), followUps: findFollowUps(resolved, preview), nothingToChange };
  } catch (error) {
    await recordAudit(context.store, { ...context.actor, action: 'action.preview', target: targetOf(resolved), outcome: 'failure', detail: { ...stepOf(resolved), params: resolved.params, error: messageOf(error) } });
    throw error;
  }
}

export type RequestInput = { reason: string | null; idempotencyKey: string; version: string; sectionSeverity: string; approvalTtlMs: number; durationMinutes?: number | null };

/**
 * Step 2: confirm. The dry run is made again: if what the change depends on moved since the preview the
 * person saw (its `version`), the request is refused (they must look again). Then it waits for approval,
 * or runs at once.
 */
export async function requestAction(context: FlowContext, resolved: ResolvedAction, input: RequestInput, executor: ActionExecutor): Promise<{ run: ActionRun; created: boolean }> {
  await assertActionRole(context, resolved);
  // A double click or a retry gets the first run back before anything is checked again: by then the
  // first press may already have changed the object, which is not a conflict for the same request.
  const existing = await findRunByKey(context.store, context.actor.actor, input.idempotencyKey);
  if (existing) return { run: existing, created: false };
  assertAcceptingWork('a new action request');
  if (needsReason(resolved.action, input.sectionSeverity) && !input.reason?.trim()) {
    throw new ApiError('bad-request', 'reason: a reason is required for scaling and for actions on a P0/P1 section', 'reason');
  }
  const temporaryMinutes = chooseTemporaryMinutes(resolved.action, resolved.step.title, input.durationMinutes);
  const previewed = decodeBound(input.version);
  const preview = await auditFailure(context, resolved, 'action.request', { params: resolved.params }, async () => {
    const again = await executor.preview(resolved, { requester: context.actor.actor });
    const moved = describeBoundChanges(previewed, again.bound);
    if (moved.length > 0) throw new ApiError('conflict', `${again.target} changed since your preview: ${moved.join(', ')}. Review the new preview and confirm again.`);
    const nothing = findNothingToChange(resolved, again);
    if (nothing) throw new ApiError('conflict', `${nothing} No request was made.`);
    return again;
  });
  return createRun(context.store, context.actor, {
    resolved,
    diff: preview.changes,
    version: preview.version,
    reason: input.reason?.trim() || null,
    idempotencyKey: input.idempotencyKey,
    needsApproval: needsApproval(resolved.action),
    approvalTtlMs: input.approvalTtlMs,
    warnings: preview.warnings,
    sectionSeverity: input.sectionSeverity,
    temporaryMinutes,
  });
}

/** What the run was approved against: the state read at the request (the run's version) and its diff. */
const approvedOf = (run: ActionRun) => ({ bound: decodeBound(run.resource_version ?? '', 'run version'), changes: JSON.parse(run.diff) as Preview['changes'] });

/**
 * Why the requester may no longer ask for this action (their account gone or disabled, or a role below the
 * one it needs, since the request); null while they still may.
 */
async function findRequesterProblem(store: FlowContext['store'], run: ActionRun, resolved: ResolvedAction): Promise<string | null> {
  const user = await store.db.selectFrom('users').select(['role', 'disabled_at']).where('username', '=', run.requested_by).executeTakeFirst();
  if (!user) return 'has no account any more';
  if (user.disabled_at !== null) return 'was disabled';
  if (!can(user.role, 'action.request') || roleOrder.indexOf(user.role) < roleOrder.indexOf(resolved.action.role)) return `is now ${user.role} ("${resolved.step.title}" needs ${resolved.action.role})`;
  return null;
}

/** Ends a request that no longer stands because of who asked: void, audited, never run. */
async function voidRun(context: FlowContext, run: ActionRun, resolved: ResolvedAction, problem: string): Promise<never> {
  const why = `its requester ${run.requested_by} ${problem}, and so no longer may ask for it`;
  await context.store.writeTransaction(async (trx) => {
    const now = Date.now();
    if (!(await moveRun(trx, run.id, 'void', { result: JSON.stringify({ message: `Void: ${why}. It was not run.` }) }, now))) return;
    await appendAudit(trx, { ...context.actor, action: 'action.approve', target: targetOf(resolved), outcome: 'failure', detail: { runId: run.id, ...stepOf(resolved), why: `void: ${why}` } }, now);
  });
  throw new ApiError('conflict', `This request is void: ${why}. It was not run; ask again if it is still needed.`);
}

/**
 * A second person approves: the requester must still be allowed to ask (else the request is void), the
 * dry run is made again, and if what the request was bound to moved since
 * (someone scaled, edited the template; status writes do not count) the approval is refused and the
 * request ended. Otherwise exactly one approver wins.
 */
export async function approveRun(context: FlowContext, run: ActionRun, resolved: ResolvedAction, comment: string | null, executor: ActionExecutor): Promise<ActionRun> {
  assertAcceptingWork('an approval, which would start the action');
  if (run.status === 'pending-approval' && run.requested_by !== context.actor.actor) {
    const problem = await findRequesterProblem(context.store, run, resolved);
    if (problem) await voidRun(context, run, resolved, problem);
    const preview = await auditFailure(context, resolved, 'action.approve', { runId: run.id }, () => executor.preview(resolved, { requester: run.requested_by }));
    const moved = describeBoundChanges(approvedOf(run).bound, preview.bound);
    if (moved.length > 0) {
      await context.store.writeTransaction(async (trx) => {
        const now = Date.now();
        if (!(await moveRun(trx, run.id, 'expire', { result: JSON.stringify({ message: `the object changed after the request: ${moved.join(', ')}` }) }, now))) return;
        await appendAudit(trx, { ...context.actor, action: 'action.approve', target: preview.target, outcome: 'failure', detail: { runId: run.id, why: 'object changed since the request', changed: moved } }, now);
      });
      throw new ApiError('conflict', `${preview.target} changed since this request was made: ${moved.join(', ')}. The request is ended; the requester must preview and ask again.`);
    }
  }
  return decideRun(context.store, context.actor, run.id, 'approve', comment);
}

/**
 * Step 3: execute once, and record the outcome whatever it is. The executor reads the object again right
 * before writing and refuses if what was approved moved; a conflict is reported, never retried blindly.
 */
export async function executeRun(context: FlowContext, run: ActionRun, resolved: ResolvedAction, executor: ActionExecutor, options: Pick<WatchOptions, 'evaluate'> = {}): Promise<ActionRun> {
  // The section as the action runs, read the way its page reads it: what the recovery verdict is judged against.
  const baseline = await readSection(resolved.section, options.evaluate);
  let result: ExecutionResult;
  try {
    result = await executor.execute(resolved, approvedOf(run), { requester: run.requested_by });
  } catch (error) {
    const refused = error instanceof BindingError ? { changed: error.changes } : {};
    return finishRun(context.store, context.actor, run, 'failed', { message: messageOf(error), ...refused, finishedAt: Date.now() });
  }
  return finishRun(context.store, context.actor, run, 'succeeded', { ...result, finishedAt: Date.now() }, baseline, resolved.action.values);
}

/** Execute, then (if it succeeded) follow its change and judge the section's recovery: the work after a confirm or an approval. */
export async function executeAndWatch(context: FlowContext, run: ActionRun, resolved: ResolvedAction, executor: ActionExecutor): Promise<void> {
  // A shutdown waits (bounded) for the execution; one still running then is marked interrupted, never left `executing`.
  const done = await trackWork(`action run ${run.id}`, executeRun(context, run, resolved, executor), () => interruptRun(context.store, run));
  // Following the change and judging recovery is not started by a replica on its way out.
  if (isShuttingDown()) return;
  await watchRun(context.store, done, resolved, executor);
}

/**
 * A run whose execution was still going when the console shut down: it ends `failed`, saying it was
 * interrupted and that whether the change was applied is not known (never `succeeded` on a guess). A run
 * that finished meanwhile keeps its outcome.
 */
export async function interruptRun(store: Store, run: ActionRun): Promise<boolean> {
  const message = 'Interrupted: the console shut down (SIGTERM) while this action was running. Whether the change was applied is not known: look at the resource before asking again.';
  try {
    await finishRun(store, { actor: 'system', actorRole: null, clientAddress: null }, run, 'failed', { message, interrupted: true, finishedAt: Date.now() });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'conflict') return false;
    throw error;
  }
}
