import 'server-only';
import { randomUUID } from 'node:crypto';
import { ApiError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/log';
import type { Actor } from '@/lib/auth/actor';
import type { Action } from '@/lib/catalog/schema';
import type { Store } from '@/lib/server/store/open-store';
import type { ActionRun, ActionRunStatus } from '@/lib/server/store/schema';
import type { Change } from './diff';
import type { Progress } from './executor';
import type { Reading, Verdict } from './recovery';
import type { ResolvedAction, ResolvedTarget } from './resolve';
import { moveRun } from './run-lifecycle';
import { nameActionTarget } from './target-name';
import { recordTemporaryChange } from './temporary';

export type RunRequest = {
  resolved: ResolvedAction;
  diff: Change[];
  /** What the request is bound to, encoded (lib/actions/binding.ts). */
  version: string;
  reason: string | null;
  idempotencyKey: string;
  needsApproval: boolean;
  approvalTtlMs: number;
  /** The preview's warnings, and the section's severity, as the requester saw them: the approver sees them too. */
  warnings?: string[];
  sectionSeverity?: string | null;
  /** A temporary step's duration, as chosen (lib/actions/temporary.ts); null for any other step. */
  temporaryMinutes?: number | null;
};

function auditDetail(run: Pick<ActionRun, 'id' | 'section_id' | 'step_id' | 'kind' | 'target' | 'params' | 'diff' | 'reason' | 'temporary_minutes'>, extra: Record<string, unknown> = {}) {
  const temporary = run.temporary_minutes ? { temporaryMinutes: run.temporary_minutes } : {};
  return { runId: run.id, section: run.section_id, step: run.step_id, kind: run.kind, target: JSON.parse(run.target), params: JSON.parse(run.params), diff: JSON.parse(run.diff), reason: run.reason, ...temporary, ...extra };
}

const describeTarget = (run: Pick<ActionRun, 'target' | 'kind'>) => nameActionTarget(run.kind as Action['kind'], JSON.parse(run.target) as ResolvedTarget);

/**
 * Records a request to run an action: pending a second person's approval, or executing at once.
 * The same person sending the same idempotency key again (a double click, a retry) gets the first run back.
 */
export async function createRun(store: Store, actor: Actor, request: RunRequest): Promise<{ run: ActionRun; created: boolean }> {
  return store.writeTransaction(async (trx) => {
    const existing = await trx.selectFrom('action_runs').selectAll().where('requested_by', '=', actor.actor).where('idempotency_key', '=', request.idempotencyKey).executeTakeFirst();
    if (existing) return { run: existing, created: false };
    const now = Date.now();
    const { resolved } = request;
    const run: ActionRun = {
      id: randomUUID(),
      section_id: resolved.section.id,
      step_id: resolved.step.id,
      kind: resolved.action.kind,
      title: resolved.step.title,
      target: JSON.stringify(resolved.target),
      params: JSON.stringify(resolved.params),
      reason: request.reason,
      requested_by: actor.actor,
      requested_role: actor.actorRole ?? 'unknown',
      requested_at: now,
      idempotency_key: request.idempotencyKey,
      needs_approval: request.needsApproval ? 1 : 0,
      status: request.needsApproval ? 'pending-approval' : 'executing',
      resource_version: request.version,
      diff: JSON.stringify(request.diff),
      expires_at: request.needsApproval ? now + request.approvalTtlMs : null,
      decided_by: null,
      decided_at: null,
      decision_comment: null,
      result: null,
      updated_at: now,
      warnings: JSON.stringify(request.warnings ?? []),
      section_severity: request.sectionSeverity ?? null,
      baseline: null,
      progress: null,
      verdict: null,
      temporary_minutes: request.temporaryMinutes ?? null,
    };
    await trx.insertInto('action_runs').values(run).execute();
    await appendAudit(trx, { ...actor, action: request.needsApproval ? 'action.request' : 'action.execute.start', target: describeTarget(run), outcome: 'success', detail: auditDetail(run) }, now);
    return { run, created: true };
  });
}

/**
 * An approver's decision. Only a pending, unexpired request by someone else can be decided, and only
 * once: of two approvers clicking together, one moves it to `executing`, the other is told it was decided.
 */
export async function decideRun(store: Store, actor: Actor, id: string, decision: 'approve' | 'reject', comment: string | null): Promise<ActionRun> {
  // A refusal is recorded (and an expiry saved) in a transaction that commits; the error is thrown after it.
  const outcome = await store.writeTransaction(async (trx): Promise<ActionRun | ApiError> => {
    const run = await trx.selectFrom('action_runs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!run) return new ApiError('not-found', `id: no action request ${id}`, 'id');
    const now = Date.now();
    if (run.requested_by === actor.actor) {
      await appendAudit(trx, { ...actor, action: `action.${decision}`, target: describeTarget(run), outcome: 'denied', detail: auditDetail(run, { why: 'own request' }) }, now);
      return new ApiError('forbidden', 'You cannot decide on your own request: another approver must.');
    }
    if (run.status === 'pending-approval' && run.expires_at !== null && now >= run.expires_at) {
      if (await moveRun(trx, id, 'expire', {}, now)) await appendAudit(trx, { ...actor, action: 'action.expire', target: describeTarget(run), outcome: 'failure', detail: auditDetail(run) }, now);
      return new ApiError('conflict', 'This request expired before it was decided. The requester must ask again.');
    }
    if (run.status !== 'pending-approval') return new ApiError('conflict', `This request was already decided (${run.status}${run.decided_by ? ` by ${run.decided_by}` : ''}).`);
    const status: ActionRunStatus = decision === 'approve' ? 'executing' : 'rejected';
    if (!(await moveRun(trx, id, decision, { decided_by: actor.actor, decided_at: now, decision_comment: comment }, now))) return new ApiError('conflict', 'This request was decided by someone else a moment ago.');
    await appendAudit(trx, { ...actor, action: `action.${decision}`, target: describeTarget(run), outcome: 'success', detail: auditDetail(run, { comment }) }, now);
    return { ...run, status, decided_by: actor.actor, decided_at: now, decision_comment: comment, updated_at: now };
  });
  if (outcome instanceof ApiError) throw outcome;
  return outcome;
}

/** The outcome of an execution, audited whatever it is; only an executing run gets one, and only once. */
export async function finishRun(store: Store, actor: Actor, run: ActionRun, outcome: 'succeeded' | 'failed', result: Record<string, unknown>, baseline: Reading | null = null, setValues: Record<string, string> = {}): Promise<ActionRun> {
  return store.writeTransaction(async (trx) => {
    const now = Date.now();
    const changes = { result: JSON.stringify(result), ...(baseline ? { baseline: JSON.stringify(baseline) } : {}) };
    if (!(await moveRun(trx, run.id, outcome === 'succeeded' ? 'succeed' : 'fail', changes, now))) {
      const current = await trx.selectFrom('action_runs').select('status').where('id', '=', run.id).executeTakeFirst();
      throw new ApiError('conflict', `run ${run.id} is ${current?.status ?? 'gone'}, not executing: its outcome (${outcome}) was not recorded`);
    }
    await appendAudit(trx, { ...actor, action: 'action.execute', target: describeTarget(run), outcome: outcome === 'succeeded' ? 'success' : 'failure', detail: auditDetail(run, { result }) }, now);
    // A temporary step's change is in effect from here, with the values it replaced, until its time runs out.
    if (outcome === 'succeeded') await recordTemporaryChange(trx, run, setValues, now);
    return { ...run, status: outcome, ...changes, updated_at: now };
  });
}

/** How the run's own change ended (its rollout, its Job): written once, the first time it is seen ended. */
export async function recordRunProgress(store: Store, id: string, progress: Progress): Promise<void> {
  await store.db.updateTable('action_runs').set({ progress: JSON.stringify(progress) }).where('id', '=', id).where('progress', 'is', null).execute();
}

/**
 * The recovery verdict, judged once: written only if none is yet (the guard is in the UPDATE), with its
 * evidence, and audited (by `system`) in the same transaction. Returns whether this call recorded it.
 */
export async function recordRunVerdict(store: Store, run: ActionRun, verdict: Verdict): Promise<boolean> {
  return store.writeTransaction(async (trx) => {
    const now = Date.now();
    const updated = await trx.updateTable('action_runs').set({ verdict: JSON.stringify(verdict) }).where('id', '=', run.id).where('status', '=', 'succeeded').where('verdict', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    const outcome = verdict.state === 'not-recovered' ? 'failure' : 'success';
    await appendAudit(trx, { actor: 'system', actorRole: null, clientAddress: null, action: 'action.verdict', target: describeTarget(run), outcome, detail: { runId: run.id, section: run.section_id, step: run.step_id, verdict: verdict.state, judgedAt: verdict.at, evidence: verdict.evidence } }, now);
    return true;
  });
}

/** The run this person already started with this idempotency key, if any (a double click, a retry). */
export async function findRunByKey(store: Store, requestedBy: string, idempotencyKey: string): Promise<ActionRun | undefined> {
  return store.db.selectFrom('action_runs').selectAll().where('requested_by', '=', requestedBy).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

/** A run as other people see it: the requester's idempotency key stays on the server. */
export function toPublicRun(run: ActionRun): Omit<ActionRun, 'idempotency_key'> {
  return Object.fromEntries(Object.entries(run).filter(([key]) => key !== 'idempotency_key')) as Omit<ActionRun, 'idempotency_key'>;
}

export async function getRun(store: Store, id: string): Promise<ActionRun | undefined> {
  return store.db.selectFrom('action_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Requests nobody decided in time become `expired`, each with one audit record (by `system`). Run before
 * every listing, so no page shows an overdue request as pending; the conditional update records each once.
 */
export async function expireOverdueRuns(store: Store, now = Date.now()): Promise<number> {
  const overdue = await store.db.selectFrom('action_runs').selectAll().where('status', '=', 'pending-approval').where('expires_at', '<=', now).execute();
  if (overdue.length === 0) return 0;
  return store.writeTransaction(async (trx) => {
    let expired = 0;
    for (const run of overdue) {
      if (!(await moveRun(trx, run.id, 'expire', {}, now))) continue;
      await appendAudit(trx, { actor: 'system', actorRole: null, clientAddress: null, action: 'action.expire', target: describeTarget(run), outcome: 'failure', detail: auditDetail(run, { why: 'not decided in time' }) }, now);
      expired += 1;
    }
    return expired;
  });
}

export async function listRuns(store: Store, filter: { status?: ActionRunStatus; limit?: number; sectionId?: string; requestedBy?: string } = {}): Promise<ActionRun[]> {
  await expireOverdueRuns(store);
  let query = store.db.selectFrom('action_runs').selectAll().orderBy('requested_at', 'desc').limit(filter.limit ?? 100);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.sectionId) query = query.where('section_id', '=', filter.sectionId);
  if (filter.requestedBy) query = query.where('requested_by', '=', filter.requestedBy);
  return query.execute();
}

/**
 * The requester withdraws her own request before anyone decided on it. Only her own (an approver
 * rejects instead), only while pending, and only once: a decision and a cancellation racing are settled
 * by the guarded move. Audited whatever the outcome.
 */
export async function cancelRun(store: Store, actor: Actor, id: string, comment: string | null): Promise<ActionRun> {
  const outcome = await store.writeTransaction(async (trx): Promise<ActionRun | ApiError> => {
    const run = await trx.selectFrom('action_runs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!run) return new ApiError('not-found', `id: no action request ${id}`, 'id');
    const now = Date.now();
    if (run.requested_by !== actor.actor) {
      await appendAudit(trx, { ...actor, action: 'action.cancel', target: describeTarget(run), outcome: 'denied', detail: auditDetail(run, { why: 'not the requester', requestedBy: run.requested_by }) }, now);
      return new ApiError('forbidden', `Only ${run.requested_by}, who asked for it, can cancel this request; an approver can reject it.`);
    }
    if (run.status === 'pending-approval' && run.expires_at !== null && now >= run.expires_at) {
      if (await moveRun(trx, id, 'expire', {}, now)) await appendAudit(trx, { ...actor, action: 'action.expire', target: describeTarget(run), outcome: 'failure', detail: auditDetail(run) }, now);
      return new ApiError('conflict', 'This request had already expired: there is nothing to cancel.');
    }
    if (run.status !== 'pending-approval' || !(await moveRun(trx, id, 'cancel', { decided_by: actor.actor, decided_at: now, decision_comment: comment }, now))) {
      const current = await trx.selectFrom('action_runs').select(['status', 'decided_by']).where('id', '=', id).executeTakeFirst();
      await appendAudit(trx, { ...actor, action: 'action.cancel', target: describeTarget(run), outcome: 'failure', detail: auditDetail(run, { why: `already ${current?.status ?? run.status}` }) }, now);
      return new ApiError('conflict', `This request can no longer be cancelled: it is ${current?.status ?? run.status}${current?.decided_by ? ` (by ${current.decided_by})` : ''}.`);
    }
    await appendAudit(trx, { ...actor, action: 'action.cancel', target: describeTarget(run), outcome: 'success', detail: auditDetail(run, { comment }) }, now);
    return { ...run, status: 'cancelled', decided_by: actor.actor, decided_at: now, decision_comment: comment, updated_at: now };
  });
  if (outcome instanceof ApiError) throw outcome;
  return outcome;
}

export async function countPendingRuns(store: Store, now = Date.now()): Promise<number> {
  const row = await store.db.selectFrom('action_runs').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending-approval').where('expires_at', '>', now).executeTakeFirstOrThrow();
  return Number(row.n);
}
