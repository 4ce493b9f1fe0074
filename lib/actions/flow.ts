import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { appendAudit, recordAudit } from '@/lib/audit/log';
import type { Actor } from '@/lib/auth/actor';
import { roleOrder, type PrincipalRole } from '@/lib/auth/permissions';
import type { Store } from '@/lib/server/store/open-store';
import type { ActionRun } from '@/lib/server/store/schema';
import type { Section } from '@/lib/catalog/schema';
import type { ActionExecutor, Preview } from './executor';
import { needsApproval, needsReason, resolveAction, type ResolvedAction } from './resolve';
import { nameActionTarget } from './target-name';
import { moveRun } from './run-lifecycle';
import { createRun, decideRun, findRunByKey, finishRun } from './runs';

export type FlowContext = { store: Store; actor: Actor; role: PrincipalRole };

const targetOf = (resolved: ResolvedAction) => nameActionTarget(resolved.action.kind, resolved.target);
const stepOf = (resolved: ResolvedAction) => ({ section: resolved.section.id, step: resolved.step.id });
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Audits an attempt that failed before anything was written (an upstream down, a conflict), then rethrows. */
async function auditFailure<T>(context: FlowContext, resolved: ResolvedAction, action: string, detail: Record<string, unknown>, attempt: () => Promise<T>): Promise<T> {
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

/** Step 1: what would change (a server-side dry run), audited like every attempt. */
export async function previewAction(context: FlowContext, resolved: ResolvedAction, executor: ActionExecutor): Promise<Preview & { needsApproval: boolean; followUps: { stepId: string; title: string }[] }> {
  await assertActionRole(context, resolved);
  try {
    const preview = await executor.preview(resolved);
    await recordAudit(context.store, { ...context.actor, action: 'action.preview', target: preview.target, outcome: 'success', detail: { section: resolved.section.id, step: resolved.step.id, params: resolved.params, changes: preview.changes, resourceVersion: preview.resourceVersion } });
    return { ...preview, needsApproval: needsApproval(resolved.action), followUps: findFollowUps(resolved, preview) };
  } catch (error) {
    await recordAudit(context.store, { ...context.actor, action: 'action.preview', target: targetOf(resolved), outcome: 'failure', detail: { ...stepOf(resolved), params: resolved.params, error: messageOf(error) } });
    throw error;
  }
}

export type RequestInput = { reason: string | null; idempotencyKey: string; resourceVersion: string | null; sectionSeverity: string; approvalTtlMs: number };

/**
 * Step 2: confirm. The dry run is made again: if the object moved since the preview the person saw,
 * the request is refused (they must look again). Then it waits for approval, or runs at once.
 */
export async function requestAction(context: FlowContext, resolved: ResolvedAction, input: RequestInput, executor: ActionExecutor): Promise<{ run: ActionRun; created: boolean }> {
  await assertActionRole(context, resolved);
  // A double click or a retry gets the first run back before anything is checked again: by then the
  // first press may already have changed the object, which is not a conflict for the same request.
  const existing = await findRunByKey(context.store, context.actor.actor, input.idempotencyKey);
  if (existing) return { run: existing, created: false };
  if (needsReason(resolved.action, input.sectionSeverity) && !input.reason?.trim()) {
    throw new ApiError('bad-request', 'reason: a reason is required for scaling and for actions on a P0/P1 section', 'reason');
  }
  const preview = await auditFailure(context, resolved, 'action.request', { params: resolved.params }, async () => {
    const again = await executor.preview(resolved);
    if (input.resourceVersion !== null && again.resourceVersion !== input.resourceVersion) {
      throw new ApiError('conflict', `${again.target} changed since your preview (version ${input.resourceVersion} → ${again.resourceVersion}). Review the new preview and confirm again.`);
    }
    return again;
  });
  return createRun(context.store, context.actor, {
    resolved,
    diff: preview.changes,
    resourceVersion: preview.resourceVersion,
    reason: input.reason?.trim() || null,
    idempotencyKey: input.idempotencyKey,
    needsApproval: needsApproval(resolved.action),
    approvalTtlMs: input.approvalTtlMs,
  });
}

/**
 * A second person approves: the dry run is made again, and if the object moved since the request the
 * approval is refused (the request is ended and must be renewed). Otherwise exactly one approver wins.
 */
export async function approveRun(context: FlowContext, run: ActionRun, resolved: ResolvedAction, comment: string | null, executor: ActionExecutor): Promise<ActionRun> {
  if (run.status === 'pending-approval' && run.requested_by !== context.actor.actor) {
    const preview = await auditFailure(context, resolved, 'action.approve', { runId: run.id }, () => executor.preview(resolved));
    if (preview.resourceVersion !== run.resource_version) {
      await context.store.writeTransaction(async (trx) => {
        const now = Date.now();
        if (!(await moveRun(trx, run.id, 'expire', { result: JSON.stringify({ message: 'the object changed after the request' }) }, now))) return;
        await appendAudit(trx, { ...context.actor, action: 'action.approve', target: preview.target, outcome: 'failure', detail: { runId: run.id, why: 'object changed since the request', requestedAgainst: run.resource_version, now: preview.resourceVersion } }, now);
      });
      throw new ApiError('conflict', `${preview.target} changed since this request was made (version ${run.resource_version} → ${preview.resourceVersion}). The request is ended; the requester must preview and ask again.`);
    }
  }
  return decideRun(context.store, context.actor, run.id, 'approve', comment);
}

/** Step 3: execute once, and record the outcome whatever it is. Conflicts are reported, never retried. */
export async function executeRun(context: FlowContext, run: ActionRun, resolved: ResolvedAction, executor: ActionExecutor): Promise<ActionRun> {
  try {
    const result = await executor.execute(resolved, run.resource_version);
    return await finishRun(context.store, context.actor, run, 'succeeded', { ...result, finishedAt: Date.now() });
  } catch (error) {
    return finishRun(context.store, context.actor, run, 'failed', { message: error instanceof Error ? error.message : String(error), finishedAt: Date.now() });
  }
}
