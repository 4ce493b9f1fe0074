import 'server-only';
import { randomBytes } from 'node:crypto';
import { ApiError } from '@/lib/api/errors';
import { appendAudit, recordAudit } from '@/lib/audit/log';
import type { Actor } from '@/lib/auth/actor';
import type { SilenceMatcher, Silence } from '@/lib/alerts/types';
import { formatDuration } from '@/lib/format';
import { OPEN_MAINTENANCE_STATES, type MaintenanceState, type MaintenanceWindow, type ScheduleMaintenanceInput, type SectionMaintenance } from '@/lib/maintenance/types';
import type { AlertsClient } from '@/lib/server/alertmanager/client';
import { AlertmanagerError } from '@/lib/server/alertmanager/errors';
import type { Store } from '@/lib/server/store/open-store';
import type { MaintenanceWindowRow } from '@/lib/server/store/schema';

// A maintenance window (issue 19) is made of Alertmanager silences: one on the `section` label of the sections it
// covers, one on the `service` label of the services. They are made when the window is scheduled (or approved),
// starting at the window's start (Alertmanager holds them pending until then), and read back: the window counts
// as scheduled or active only once Alertmanager holds them as made. The background worker (under its lease, once
// across replicas) moves a window to active when Alertmanager shows its silences active, makes them again if
// Alertmanager lost them, and closes the window at its end; ending or cancelling early expires them, read back too.

export type MaintenanceDeps = {
  alerts: AlertsClient;
  /** Longer than this needs a second person's approval (MAINTENANCE_APPROVAL_OVER). */
  approvalOverMs: number;
  /** No window longer than this (MAINTENANCE_MAX_DURATION). */
  maxMs: number;
  sectionIds: ReadonlySet<string>;
};

/** A person acting: the audit's actor (its `actor` is the username, which becomes the silence's createdBy). */
export type MaintenanceActor = Actor;
const SYSTEM: Actor = { actor: 'system', actorRole: null, clientAddress: null };

/** A start this far in the past still means "now" (the form's clock, the time the request took). */
const PAST_START_GRACE_MS = 5 * 60_000;
/** Alertmanager keeps times to the millisecond, but a slack for rounding on the way back. */
const READ_BACK_SLACK_MS = 1_000;

const parseList = (text: string): string[] => {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

export function toMaintenanceWindow(row: MaintenanceWindowRow): MaintenanceWindow {
  return {
    id: row.id,
    sections: parseList(row.sections),
    services: parseList(row.services),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    reason: row.reason,
    state: row.state,
    createdBy: row.created_by,
    createdAt: row.created_at,
    approvalRequired: row.approval_required === 1,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    silenceIds: parseList(row.silence_ids),
    endedAt: row.ended_at,
    endedBy: row.ended_by,
    endNote: row.end_note,
    lastError: row.last_error,
  };
}

const describe = (w: Pick<MaintenanceWindow, 'id' | 'sections' | 'services'>) =>
  `maintenance ${w.id} (${[...w.sections.map((s) => `section ${s}`), ...w.services.map((s) => `service ${s}`)].join(', ')})`;

/** The silences' matchers: `section` for the sections, `service` for the services (a regex alternation when several). */
export function maintenanceMatchers(window: Pick<MaintenanceWindow, 'sections' | 'services'>): SilenceMatcher[][] {
  const on = (name: string, values: string[]): SilenceMatcher[] => [{ name, value: values.join('|'), isRegex: values.length > 1, isEqual: true }];
  return [...(window.sections.length ? [on('section', window.sections)] : []), ...(window.services.length ? [on('service', window.services)] : [])];
}

const sameMatchers = (a: SilenceMatcher[], b: SilenceMatcher[]) => {
  const key = (m: SilenceMatcher) => JSON.stringify([m.name, m.value, m.isRegex, m.isEqual]);
  return a.length === b.length && a.map(key).sort().join() === b.map(key).sort().join();
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Makes the window's silences and reads them back from Alertmanager: each must be there with the matchers, end
 * and creator asked for, active when the window has begun and pending before. Anything else is an error, and the
 * silences already made are expired again (a half-made window must not mute alerts nobody sees as silenced).
 */
async function makeSilences(alerts: AlertsClient, window: MaintenanceWindow, comment: string, now: number): Promise<string[]> {
  const startsAt = Math.max(window.startsAt, now);
  const made: string[] = [];
  try {
    for (const matchers of maintenanceMatchers(window)) {
      made.push((await alerts.createSilence({ matchers, createdBy: window.createdBy, comment, startsAt, endsAt: window.endsAt })).silenceId);
    }
    const held = await alerts.listSilences();
    maintenanceMatchers(window).forEach((matchers, index) => {
      const id = made[index]!;
      const silence = held.find((s) => s.id === id);
      const wanted = startsAt <= Date.now() ? 'active' : 'pending';
      const problem = !silence
        ? 'it is not listed'
        : !sameMatchers(silence.matchers, matchers)
          ? 'its matchers differ'
          : Math.abs(silence.endsAt - window.endsAt) > READ_BACK_SLACK_MS
            ? `it ends at ${new Date(silence.endsAt).toISOString()}`
            : silence.createdBy !== window.createdBy
              ? `it was made by ${silence.createdBy}`
              : silence.state !== wanted && !(wanted === 'pending' && silence.state === 'active')
                ? `it is ${silence.state}, not ${wanted}`
                : null;
      if (problem) throw new ApiError('upstream', `Alertmanager did not keep silence ${id} as made (${problem}): the window is not active`);
    });
    return made;
  } catch (error) {
    for (const id of made) await alerts.expireSilence(id).catch(() => undefined);
    throw error;
  }
}

const silenceComment = (window: MaintenanceWindow, approvedBy: string | null) =>
  `Maintenance ${window.id}: ${window.reason}${approvedBy ? ` (approved by ${approvedBy})` : ''} — VoiceHive Ops`;

function needAlertmanager(alerts: AlertsClient) {
  if (!alerts.canAcknowledge) throw new ApiError('unavailable', 'maintenance windows are Alertmanager silences: set ALERTMANAGER_URL');
}

/** An Alertmanager failure keeps its meaning (502 naming it); anything else as it is. */
const asApiError = (error: unknown) => (error instanceof AlertmanagerError ? error.toApiError() : error);

async function getRow(store: Store, id: string): Promise<MaintenanceWindowRow> {
  const row = await store.db.selectFrom('maintenance_windows').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('not-found', `no maintenance window ${id}`, 'id');
  return row;
}

/**
 * Schedules a window. Longer than the configured time, it waits for a second person's approval (no silence yet);
 * otherwise its silences are made and read back before it is stored. Audited whatever the outcome.
 */
export async function scheduleMaintenance(store: Store, deps: MaintenanceDeps, who: MaintenanceActor, input: ScheduleMaintenanceInput, now = Date.now()): Promise<MaintenanceWindow> {
  const sections = [...new Set(input.sections)];
  const services = [...new Set(input.services)];
  const unknown = sections.find((s) => !deps.sectionIds.has(s));
  if (unknown) throw new ApiError('bad-request', `sections: no section ${unknown}`, 'sections');
  const requestedStart = input.startsAt ? Date.parse(input.startsAt) : now;
  if (requestedStart < now - PAST_START_GRACE_MS) throw new ApiError('bad-request', 'startsAt: is in the past', 'startsAt');
  const startsAt = Math.max(requestedStart, now);
  const endsAt = Date.parse(input.endsAt);
  if (!(endsAt > startsAt)) throw new ApiError('bad-request', 'endsAt: must be after the start', 'endsAt');
  if (endsAt - startsAt > deps.maxMs) throw new ApiError('bad-request', `endsAt: a window lasts at most ${formatDuration(deps.maxMs)} (MAINTENANCE_MAX_DURATION)`, 'endsAt');
  needAlertmanager(deps.alerts);

  const window: MaintenanceWindow = {
    id: `MW-${randomBytes(6).toString('hex')}`,
    sections,
    services,
    startsAt,
    endsAt,
    reason: input.reason,
    state: 'awaiting-approval',
    createdBy: who.actor,
    createdAt: now,
    approvalRequired: endsAt - startsAt > deps.approvalOverMs,
    decidedBy: null,
    decidedAt: null,
    silenceIds: [],
    endedAt: null,
    endedBy: null,
    endNote: null,
    lastError: null,
  };
  const target = describe(window);
  try {
    if (!window.approvalRequired) {
      window.silenceIds = await makeSilences(deps.alerts, window, silenceComment(window, null), now);
      window.state = startsAt <= Date.now() ? 'active' : 'scheduled';
    }
    try {
      await store.writeTransaction(async (trx) => {
        await trx.insertInto('maintenance_windows').values(toRow(window)).execute();
        await appendAudit(trx, { ...who, action: 'maintenance.schedule', target, outcome: 'success', section: sections.length === 1 ? sections[0] : null, detail: { window: window.id, sections, services, startsAt, endsAt, reason: window.reason, state: window.state, silenceIds: window.silenceIds, approvalRequired: window.approvalRequired } });
      });
    } catch (error) {
      // Not stored: its silences must not go on muting alerts that no window in the console accounts for.
      for (const id of window.silenceIds) await deps.alerts.expireSilence(id).catch(() => undefined);
      throw error;
    }
    return window;
  } catch (error) {
    await recordAudit(store, { ...who, action: 'maintenance.schedule', target, outcome: 'failure', detail: { sections, services, startsAt, endsAt, reason: window.reason, error: errorText(error) } });
    throw asApiError(error);
  }
}

function toRow(w: MaintenanceWindow): MaintenanceWindowRow {
  return {
    id: w.id,
    sections: JSON.stringify(w.sections),
    services: JSON.stringify(w.services),
    starts_at: w.startsAt,
    ends_at: w.endsAt,
    reason: w.reason,
    state: w.state,
    created_by: w.createdBy,
    created_at: w.createdAt,
    approval_required: w.approvalRequired ? 1 : 0,
    decided_by: w.decidedBy,
    decided_at: w.decidedAt,
    silence_ids: JSON.stringify(w.silenceIds),
    ended_at: w.endedAt,
    ended_by: w.endedBy,
    end_note: w.endNote,
    last_error: w.lastError,
  };
}

/** Moves a window from one state to the next only if nobody moved it meanwhile (two replicas, two people). */
async function transition(store: Store, window: MaintenanceWindow, from: MaintenanceState, changes: Partial<MaintenanceWindow>, audit: Parameters<typeof appendAudit>[1]): Promise<MaintenanceWindow> {
  const next = { ...window, ...changes };
  const moved = await store.writeTransaction(async (trx) => {
    const result = await trx.updateTable('maintenance_windows').set(toRow(next)).where('id', '=', window.id).where('state', '=', from).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await appendAudit(trx, audit);
    return true;
  });
  if (!moved) throw new ApiError('conflict', `${window.id} changed meanwhile (it is no longer ${from}); reload`);
  return next;
}

/** A second person approves (its silences are made now, read back) or rejects a window that needs approval. */
export async function decideMaintenance(store: Store, deps: MaintenanceDeps, who: MaintenanceActor, id: string, input: { decision: 'approve' | 'reject'; comment?: string }, now = Date.now()): Promise<MaintenanceWindow> {
  const window = toMaintenanceWindow(await getRow(store, id));
  const target = describe(window);
  const action = input.decision === 'approve' ? 'maintenance.approve' : 'maintenance.reject';
  try {
    if (window.state !== 'awaiting-approval') throw new ApiError('conflict', `${id} is ${window.state}: nothing to decide`);
    if (who.actor === window.createdBy) throw new ApiError('forbidden', `a second person decides: ${window.createdBy} scheduled ${id}`);
    if (input.decision === 'reject') {
      return await transition(store, window, 'awaiting-approval', { state: 'rejected', decidedBy: who.actor, decidedAt: now, endNote: input.comment ?? null }, { ...who, action, target, outcome: 'success', detail: { window: id, comment: input.comment ?? null } });
    }
    if (window.endsAt <= now) {
      await transition(store, window, 'awaiting-approval', { state: 'expired', endedAt: now, endedBy: 'system', endNote: 'not approved before its end' }, { ...SYSTEM, action: 'maintenance.expire', target, outcome: 'success', detail: { window: id } });
      throw new ApiError('conflict', `${id} ended before it was approved`);
    }
    needAlertmanager(deps.alerts);
    const silenceIds = await makeSilences(deps.alerts, window, silenceComment(window, who.actor), now);
    const state = Math.max(window.startsAt, now) <= Date.now() ? 'active' : 'scheduled';
    try {
      return await transition(store, window, 'awaiting-approval', { state, silenceIds, decidedBy: who.actor, decidedAt: now }, { ...who, action, target, outcome: 'success', detail: { window: id, silenceIds, state, comment: input.comment ?? null } });
    } catch (error) {
      for (const silenceId of silenceIds) await deps.alerts.expireSilence(silenceId).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    await recordAudit(store, { ...who, action, target, outcome: error instanceof ApiError && error.code === 'forbidden' ? 'denied' : 'failure', detail: { window: id, error: errorText(error) } });
    throw asApiError(error);
  }
}

/** Expires the silences and reads back that Alertmanager no longer holds any of them active or pending. */
async function expireSilences(alerts: AlertsClient, ids: string[]): Promise<void> {
  for (const id of ids) {
    await alerts.expireSilence(id).catch((error: unknown) => {
      // Already gone (expired by itself, or ended in Alertmanager): what was wanted.
      if (error instanceof AlertmanagerError && error.code === 'not-found') return;
      throw error;
    });
  }
  const held = await alerts.listSilences();
  const still = held.filter((s) => ids.includes(s.id) && s.state !== 'expired');
  if (still.length) throw new ApiError('upstream', `Alertmanager still holds silence ${still.map((s) => `${s.id} (${s.state})`).join(', ')}`);
}

/**
 * Ends an active window or cancels a scheduled one (or one awaiting approval) before its time: its silences are
 * expired in Alertmanager and read back. Until that works the window stays as it is.
 */
export async function endMaintenance(store: Store, deps: MaintenanceDeps, who: MaintenanceActor, id: string, input: { note?: string }, now = Date.now()): Promise<MaintenanceWindow> {
  const window = toMaintenanceWindow(await getRow(store, id));
  const target = describe(window);
  // Not begun (or not approved): a cancellation; anything else, including a second press on an ended window, an end.
  const action = window.state === 'scheduled' || window.state === 'awaiting-approval' ? 'maintenance.cancel' : 'maintenance.end';
  try {
    if (!OPEN_MAINTENANCE_STATES.includes(window.state)) throw new ApiError('conflict', `${id} is ${window.state}: nothing to end`);
    if (window.silenceIds.length) {
      needAlertmanager(deps.alerts);
      await expireSilences(deps.alerts, window.silenceIds);
    }
    const state = window.state === 'active' ? 'ended' : 'cancelled';
    return await transition(store, window, window.state, { state, endedAt: now, endedBy: who.actor, endNote: input.note ?? null }, { ...who, action, target, outcome: 'success', detail: { window: id, silenceIds: window.silenceIds, note: input.note ?? null } });
  } catch (error) {
    await recordAudit(store, { ...who, action, target, outcome: 'failure', detail: { window: id, error: errorText(error) } });
    throw asApiError(error);
  }
}

export async function listMaintenance(store: Store, options: { recentMs?: number; now?: number } = {}): Promise<MaintenanceWindow[]> {
  const since = (options.now ?? Date.now()) - (options.recentMs ?? 7 * 86_400_000);
  const rows = await store.db
    .selectFrom('maintenance_windows')
    .selectAll()
    .where((eb) => eb.or([eb('state', 'in', [...OPEN_MAINTENANCE_STATES]), eb('ends_at', '>=', since), eb('ended_at', '>=', since)]))
    .orderBy('starts_at', 'desc')
    .execute();
  return rows.map(toMaintenanceWindow);
}

/** The open windows (awaiting approval, scheduled, active) that cover a section: what a remediation's dialog warns about. */
export async function openMaintenanceFor(store: Store, sectionId: string): Promise<MaintenanceWindow[]> {
  const rows = await store.db.selectFrom('maintenance_windows').selectAll().where('state', 'in', [...OPEN_MAINTENANCE_STATES]).orderBy('starts_at').execute();
  return rows.map(toMaintenanceWindow).filter((w) => w.sections.includes(sectionId));
}

/** Section → the active window covering it (the one ending last): what the overview tiles and the wall show. */
/** Windows waiting for an approver's decision (the header's cue); one past its end is expiring, not waiting. */
export async function countWindowsAwaitingApproval(store: Store, now = Date.now()): Promise<number> {
  const row = await store.db.selectFrom('maintenance_windows').select((eb) => eb.fn.countAll().as('n')).where('state', '=', 'awaiting-approval').where('ends_at', '>', now).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function maintenanceBySection(store: Store, now = Date.now()): Promise<Map<string, SectionMaintenance>> {
  const rows = await store.db.selectFrom('maintenance_windows').selectAll().where('state', '=', 'active').where('ends_at', '>', now).execute();
  const bySection = new Map<string, SectionMaintenance>();
  for (const w of rows.map(toMaintenanceWindow)) {
    for (const section of w.sections) {
      const current = bySection.get(section);
      if (!current || current.until < w.endsAt) bySection.set(section, { id: w.id, until: w.endsAt, reason: w.reason, by: w.createdBy });
    }
  }
  return bySection;
}

/**
 * A silence made by another replica a moment ago may be missing from this one's cached list of silences (read up to
 * UPSTREAM_CACHE_TTL_MS earlier): only a window older than this is taken to have lost its silences.
 */
const RECREATE_AFTER_MS = 60_000;

const isHeld = (silence: Silence | undefined, state: Silence['state']) => silence !== undefined && silence.state === state;

/**
 * One round of the background job: windows awaiting approval past their end expire; a scheduled window whose
 * silences Alertmanager shows active becomes active; one whose silences Alertmanager lost (a restart without its
 * data) has them made again; a silence ended in Alertmanager ends its window; at the end, a window closes once its
 * silences are expired (expired here if Alertmanager still holds them). Changes are audited by `system`.
 */
export async function tendMaintenance(store: Store, alerts: AlertsClient, now = Date.now()): Promise<{ id: string; outcome: string }[]> {
  const open = (await store.db.selectFrom('maintenance_windows').selectAll().where('state', 'in', [...OPEN_MAINTENANCE_STATES]).orderBy('starts_at').execute()).map(toMaintenanceWindow);
  if (open.length === 0) return [];
  const outcomes: { id: string; outcome: string }[] = [];
  const waiting = open.filter((w) => w.state === 'awaiting-approval');
  for (const w of waiting) {
    if (w.endsAt > now) continue;
    await transition(store, w, w.state, { state: 'expired', endedAt: now, endedBy: 'system', endNote: 'not approved before its end' }, { ...SYSTEM, action: 'maintenance.expire', target: describe(w), outcome: 'success', detail: { window: w.id } });
    outcomes.push({ id: w.id, outcome: 'expired unapproved' });
  }
  const silenced = open.filter((w) => w.state !== 'awaiting-approval');
  if (silenced.length === 0 || !alerts.canAcknowledge) return outcomes;
  const held = await alerts.listSilences();
  for (const w of silenced) {
    const silences = w.silenceIds.map((id) => held.find((s) => s.id === id));
    const target = describe(w);
    let outcome = 'unchanged';
    try {
      if (now >= w.endsAt) {
        const stillHeld = w.silenceIds.filter((id, i) => silences[i] && silences[i].state !== 'expired');
        if (stillHeld.length) await expireSilences(alerts, stillHeld);
        const state = w.state === 'active' ? 'ended' : 'cancelled';
        await transition(store, w, w.state, { state, endedAt: now, endedBy: 'system', endNote: 'its end time came' }, { ...SYSTEM, action: 'maintenance.end', target, outcome: 'success', detail: { window: w.id, silenceIds: w.silenceIds, why: 'its end time came' } });
        outcome = state;
      } else if (silences.some((s) => s === undefined) && now - (w.decidedAt ?? w.createdAt) >= RECREATE_AFTER_MS) {
        // Alertmanager lost them (a restart without its data directory): made again, by the window's person.
        const silenceIds = await makeSilences(alerts, w, silenceComment(w, w.decidedBy), now);
        for (const id of w.silenceIds) await alerts.expireSilence(id).catch(() => undefined);
        const state = Math.max(w.startsAt, now) <= Date.now() ? 'active' : 'scheduled';
        await transition(store, w, w.state, { state, silenceIds }, { ...SYSTEM, action: 'maintenance.start', target, outcome: 'success', detail: { window: w.id, silenceIds, previousSilenceIds: w.silenceIds, why: 'Alertmanager no longer held its silences: made again' } });
        outcome = `silences made again (${state})`;
      } else if (silences.some((s) => isHeld(s, 'expired'))) {
        await expireSilences(alerts, w.silenceIds);
        const state = w.state === 'active' ? 'ended' : 'cancelled';
        await transition(store, w, w.state, { state, endedAt: now, endedBy: 'system', endNote: 'its silence was ended in Alertmanager' }, { ...SYSTEM, action: w.state === 'active' ? 'maintenance.end' : 'maintenance.cancel', target, outcome: 'success', detail: { window: w.id, why: 'its silence was ended in Alertmanager' } });
        outcome = state;
      } else if (w.state === 'scheduled' && silences.every((s) => isHeld(s, 'active'))) {
        await transition(store, w, 'scheduled', { state: 'active' }, { ...SYSTEM, action: 'maintenance.start', target, outcome: 'success', detail: { window: w.id, silenceIds: w.silenceIds, why: 'Alertmanager holds its silences active' } });
        outcome = 'active';
      }
    } catch (error) {
      outcome = `failed: ${errorText(error)}`;
      await store.db.updateTable('maintenance_windows').set({ last_error: errorText(error) }).where('id', '=', w.id).execute();
    }
    outcomes.push({ id: w.id, outcome });
  }
  return outcomes;
}
