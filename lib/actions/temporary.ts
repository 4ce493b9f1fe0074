import 'server-only';
import type { Kysely } from 'kysely';
import { ApiError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/log';
import type { Actor } from '@/lib/auth/actor';
import { roleOrder, type PrincipalRole } from '@/lib/auth/permissions';
import type { Action, Section } from '@/lib/catalog/schema';
import type { Store } from '@/lib/server/store/open-store';
import type { ActionRun, Database, TemporaryChangeRow, TemporaryChangeState } from '@/lib/server/store/schema';
import { decodeBound } from './binding';
import type { ActionExecutor } from './executor';
import { resolveAction, type ResolvedAction, type ResolvedTarget } from './resolve';
import { nameActionTarget } from './target-name';
import { describeDifferences, readBoundValues } from './temporary-values';

// Temporary changes (issue 14 point 12): a change made for a while is kept with the values it replaced, and set
// back when its time runs out (the sweep, by `system`) or earlier by a person. Setting back goes through the
// same executor as any change: a fresh preview (a dry run), a write bound to what was read, and a read-back.
// It writes only over the change's own values: if someone changed them since, it leaves them and says so.

export type TemporaryDeps = { sections: ReadonlyMap<string, Section>; executorFor: (kind: Action['kind']) => ActionExecutor };

/** A claim older than this was left by a process that died while setting back: the sweep takes it over. */
const STALE_CLAIM_MS = 5 * 60_000;
const SYSTEM: Actor = { actor: 'system', actorRole: null, clientAddress: null };

type Values = Record<string, string | null>;
const parseValues = (text: string) => JSON.parse(text) as Values;

/** Called in the transaction that records a temporary step's success: from then on it is in effect, until `revert_at`. */
export async function recordTemporaryChange(trx: Kysely<Database>, run: ActionRun, setValues: Record<string, string>, now: number): Promise<void> {
  if (!run.temporary_minutes) return;
  const previous = readBoundValues(run.kind as Action['kind'], decodeBound(run.resource_version ?? '', 'run version'), Object.keys(setValues));
  await trx
    .insertInto('temporary_changes')
    .values({
      run_id: run.id,
      section_id: run.section_id,
      step_id: run.step_id,
      title: run.title,
      kind: run.kind,
      target: run.target,
      params: run.params,
      set_values: JSON.stringify(setValues),
      previous_values: JSON.stringify(previous),
      set_by: run.requested_by,
      set_at: now,
      revert_at: now + run.temporary_minutes * 60_000,
      state: 'active',
      claimed_at: null,
      attempts: 0,
      last_error: null,
      ended_at: null,
      ended_by: null,
      end_note: null,
    })
    .execute();
}

const targetOf = (row: Pick<TemporaryChangeRow, 'target' | 'kind'>) => nameActionTarget(row.kind as Action['kind'], JSON.parse(row.target) as ResolvedTarget);

/** Active changes (and those a person must look at: left alone because they were changed since), soonest end first; plus the last day's ended ones. */
export async function listTemporaryChanges(store: Store, filter: { sectionId?: string; now?: number } = {}): Promise<TemporaryChangeRow[]> {
  const since = (filter.now ?? Date.now()) - 24 * 3_600_000;
  let query = store.db
    .selectFrom('temporary_changes')
    .selectAll()
    .where((eb) => eb.or([eb('state', 'in', ['active', 'reverting']), eb('ended_at', '>=', since)]))
    .orderBy('revert_at')
    .limit(100);
  if (filter.sectionId) query = query.where('section_id', '=', filter.sectionId);
  return query.execute();
}

type Ending = { state: TemporaryChangeState; note: string; outcome: 'success' | 'failure' };

/** Reads what is there now, and sets the previous values back only over the change's own. */
async function setBack(row: TemporaryChangeRow, deps: TemporaryDeps, requester: string): Promise<Ending> {
  const resolved = resolveAction(deps.sections, row.section_id, row.step_id, JSON.parse(row.params));
  const set = parseValues(row.set_values);
  const previous = parseValues(row.previous_values);
  // The same step, target and checks, writing the values it replaced (null: there was none, so it is removed).
  const revert: ResolvedAction = { ...resolved, action: { ...resolved.action, values: previous as Record<string, string> } };
  const executor = deps.executorFor(resolved.action.kind);
  const preview = await executor.preview(revert, { requester });
  const now = readBoundValues(resolved.action.kind, preview.bound, Object.keys(set));
  if (describeDifferences(previous, now).length === 0) return { state: 'reverted', note: 'already back to the previous values (set back by someone else): nothing written', outcome: 'success' };
  const moved = describeDifferences(set, now);
  if (moved.length > 0) return { state: 'conflict', note: `changed since by someone else (${moved.join('; ')}): left as it is, set it back by hand if it should be`, outcome: 'failure' };
  const result = await executor.execute(revert, { bound: preview.bound, changes: preview.changes }, { requester });
  return { state: 'reverted', note: `set back to the previous values: ${result.message}`, outcome: 'success' };
}

/** Takes the change for one caller: of the sweep and a person (or two replicas) racing, one sets it back. */
async function claim(store: Store, runId: string, now: number, mode: 'expired' | 'early'): Promise<TemporaryChangeRow | null> {
  return store.writeTransaction(async (trx) => {
    const row = await trx.selectFrom('temporary_changes').selectAll().where('run_id', '=', runId).executeTakeFirst();
    if (!row) return null;
    const stale = row.state === 'reverting' && (row.claimed_at ?? 0) <= now - STALE_CLAIM_MS;
    if (row.state !== 'active' && !stale) return null;
    if (mode === 'expired' && row.revert_at > now) return null;
    const updated = await trx.updateTable('temporary_changes').set({ state: 'reverting', claimed_at: now }).where('run_id', '=', runId).where('state', '=', row.state).where('claimed_at', row.claimed_at === null ? 'is' : '=', row.claimed_at).executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1 ? { ...row, state: 'reverting', claimed_at: now } : null;
  });
}

/**
 * Sets one temporary change back. `expired`: its time ran out (by `system`, covered by the approval of the
 * change and its duration); `early`: a person with the step's role ends it before. An upstream failure leaves
 * it active with the error, and the sweep tries again; every attempt is audited.
 */
export async function revertTemporaryChange(store: Store, deps: TemporaryDeps, runId: string, by: { actor: Actor; role: PrincipalRole | null; comment?: string | null }, mode: 'expired' | 'early', now = Date.now()): Promise<TemporaryChangeRow> {
  const existing = await store.db.selectFrom('temporary_changes').selectAll().where('run_id', '=', runId).executeTakeFirst();
  if (!existing) throw new ApiError('not-found', `id: no temporary change ${runId}`, 'id');
  const target = targetOf(existing);
  const detail = { runId, section: existing.section_id, step: existing.step_id, mode, set: parseValues(existing.set_values), previous: parseValues(existing.previous_values), ...(by.comment ? { comment: by.comment } : {}) };
  if (mode === 'early') {
    const needed = deps.sections.get(existing.section_id)?.resolution.find((s) => s.id === existing.step_id)?.action?.role ?? 'operator';
    const held = by.role === null || by.role === 'display' ? -1 : roleOrder.indexOf(by.role);
    if (held < roleOrder.indexOf(needed)) {
      await store.writeTransaction((trx) => appendAudit(trx, { ...by.actor, action: 'action.revert', target, outcome: 'denied', detail: { ...detail, needs: needed } }, now));
      throw new ApiError('forbidden', `Setting back "${existing.title}" needs the ${needed} role.`);
    }
  }
  const row = await claim(store, runId, now, mode);
  if (!row) {
    if (mode === 'expired') return existing;
    await store.writeTransaction((trx) => appendAudit(trx, { ...by.actor, action: 'action.revert', target, outcome: 'failure', detail: { ...detail, why: `already ${existing.state}` } }, now));
    throw new ApiError('conflict', `"${existing.title}" is ${existing.state === 'reverting' ? 'being set back already' : `already ${existing.state}`}: nothing was done.`);
  }
  const requester = mode === 'expired' ? `system (the ${Math.round((row.revert_at - row.set_at) / 60_000)} minutes of ${row.set_by}'s change ran out)` : by.actor.actor;
  let ending: Ending | null = null;
  let error: unknown = null;
  try {
    ending = await setBack(row, deps, requester);
  } catch (caught) {
    error = caught;
  }
  const message = error instanceof Error ? error.message : String(error);
  const finished = await store.writeTransaction(async (trx) => {
    const at = Date.now();
    const changes = ending
      ? { state: ending.state, ended_at: at, ended_by: by.actor.actor, end_note: ending.note, last_error: null }
      : { state: 'active' as const, attempts: row.attempts + 1, last_error: message, claimed_at: null };
    await trx.updateTable('temporary_changes').set(changes).where('run_id', '=', runId).where('state', '=', 'reverting').execute();
    await appendAudit(trx, { ...by.actor, action: 'action.revert', target, outcome: ending?.outcome ?? 'failure', detail: { ...detail, ...(ending ? { state: ending.state, note: ending.note } : { error: message, attempts: row.attempts + 1 }) } }, at);
    return { ...row, ...changes } as TemporaryChangeRow;
  });
  if (error && mode === 'early') throw error instanceof ApiError ? error : new ApiError('upstream', `"${row.title}" was not set back: ${message}. It stays in effect; try again.`);
  return finished;
}

/** The sweep: every change whose time ran out (or whose setting back was left half-way by a dead process), by `system`. */
export async function revertExpiredChanges(store: Store, deps: TemporaryDeps, now = Date.now()): Promise<TemporaryChangeRow[]> {
  const due = await store.db
    .selectFrom('temporary_changes')
    .select('run_id')
    .where((eb) => eb.or([eb.and([eb('state', '=', 'active'), eb('revert_at', '<=', now)]), eb.and([eb('state', '=', 'reverting'), eb('claimed_at', '<=', now - STALE_CLAIM_MS)])]))
    .execute();
  const done: TemporaryChangeRow[] = [];
  for (const { run_id } of due) done.push(await revertTemporaryChange(store, deps, run_id, { actor: SYSTEM, role: null }, 'expired', now));
  return done;
}

/** What the pages show of a temporary change. */
export function toPublicTemporaryChange(row: TemporaryChangeRow) {
  return {
    runId: row.run_id,
    sectionId: row.section_id,
    stepId: row.step_id,
    title: row.title,
    target: targetOf(row),
    set: parseValues(row.set_values),
    previous: parseValues(row.previous_values),
    setBy: row.set_by,
    setAt: row.set_at,
    revertAt: row.revert_at,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    endedAt: row.ended_at,
    endedBy: row.ended_by,
    endNote: row.end_note,
  };
}
export type PublicTemporaryChange = ReturnType<typeof toPublicTemporaryChange>;
