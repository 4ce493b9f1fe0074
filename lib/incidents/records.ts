import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditAction } from '@/lib/audit/actions';
import { appendAudit } from '@/lib/audit/log';
import { ApiError } from '@/lib/api/errors';
import type { Actor } from '@/lib/auth/actor';
import type { Store } from '@/lib/server/store/open-store';
import type { Database, IncidentRow, IncidentsTable } from '@/lib/server/store/schema';
import { isOpen, openStatuses } from './lifecycle';
import { emptyPostmortem, type Incident, type LinkedAlert, type SeverityLevel, type StartedEvidence } from './types';

/** A change refused because someone else changed the incident first: the 409 carries what it is now. */
export class IncidentConflictError extends ApiError {
  constructor(readonly current: Incident) {
    super('conflict', `${current.id} was changed by someone else meanwhile (now version ${current.version}): review its current state and try again.`);
  }
}

const json = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

export function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    severity: row.severity as SeverityLevel,
    status: row.status as Incident['status'],
    mergedInto: row.merged_into,
    sections: json(row.sections, []),
    alerts: json(row.alerts, []),
    roles: { commander: row.commander, communications_lead: row.communications_lead, scribe: row.scribe },
    declaredBy: row.declared_by,
    declaredAt: row.declared_at,
    startedAt: row.started_at,
    startedEvidence: json(row.started_evidence, null),
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    escalationLevel: row.escalation_level,
    lastUpdateAt: row.last_update_at,
    milestoneCorrections: json(row.milestone_corrections, {}),
    postmortem: { ...emptyPostmortem(), ...json(row.postmortem, {}) },
    dismissedProposal: json(row.dismissed_proposal, null),
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export type TimelineEventInput = { kind: string; text: string; data?: Record<string, unknown> };

async function insertEvents(trx: Kysely<Database>, incidentId: string, actor: string, events: TimelineEventInput[], now: number): Promise<void> {
  for (const event of events) {
    await trx.insertInto('incident_events').values({ id: randomUUID(), incident_id: incidentId, at: now, kind: event.kind, actor, text: event.text, data: JSON.stringify(event.data ?? {}) }).execute();
  }
}

export async function getIncident(db: Kysely<Database>, id: string): Promise<Incident> {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('not-found', `id: no incident ${id}`, 'id');
  return toIncident(row);
}

export type IncidentListFilters = { status?: string; severity?: string; section?: string; from?: number; to?: number; text?: string; openOnly?: boolean };

/** Open ones first (newest first within each group); filters applied in SQL where they can be. */
export async function listIncidents(db: Kysely<Database>, filters: IncidentListFilters = {}): Promise<Incident[]> {
  let query = db.selectFrom('incidents').selectAll();
  if (filters.openOnly) query = query.where('status', 'in', [...openStatuses]);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.severity) query = query.where('severity', '=', filters.severity);
  if (filters.from !== undefined) query = query.where('declared_at', '>=', filters.from);
  if (filters.to !== undefined) query = query.where('declared_at', '<=', filters.to);
  const rows = await query.orderBy('declared_at', 'desc').limit(500).execute();
  const text = filters.text?.toLowerCase();
  return rows
    .map(toIncident)
    .filter((i) => !filters.section || i.sections.includes(filters.section))
    .filter((i) => !text || `${i.id} ${i.title} ${i.summary}`.toLowerCase().includes(text))
    .sort((a, b) => Number(isOpen(b.status)) - Number(isOpen(a.status)));
}

export type DeclareInput = { title: string; summary: string; severity: SeverityLevel; sections: string[]; alerts: LinkedAlert[]; startedAt: number | null; startedEvidence: StartedEvidence | null };

/**
 * Declares an incident, numbered INC-<year>-<n> in the store's write lock. A section that already has an open
 * incident gets that one back (created: false) instead of a second.
 */
export async function declareIncident(store: Store, actor: Actor, input: DeclareInput, now = Date.now()): Promise<{ incident: Incident; created: boolean }> {
  return store.writeTransaction(async (trx) => {
    if (input.sections.length > 0) {
      const open = await trx.selectFrom('incidents').selectAll().where('status', 'in', [...openStatuses]).orderBy('declared_at').execute();
      const existing = open.map(toIncident).find((i) => i.sections.some((s) => input.sections.includes(s)));
      if (existing) return { incident: existing, created: false };
    }
    const year = new Date(now).getUTCFullYear();
    const last = await trx.selectFrom('incidents').select((eb) => eb.fn.max('number').as('n')).where('year', '=', year).executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const id = `INC-${year}-${number}`;
    const row: IncidentsTable = {
      id, year, number, title: input.title, summary: input.summary, severity: input.severity, status: 'triage', merged_into: null,
      sections: JSON.stringify(input.sections), alerts: JSON.stringify(input.alerts), commander: null, communications_lead: null, scribe: null,
      declared_by: actor.actor, declared_at: now, started_at: input.startedAt, started_evidence: input.startedEvidence ? JSON.stringify(input.startedEvidence) : null,
      resolved_at: null, closed_at: null, escalation_level: 0, last_update_at: null, milestone_corrections: '{}', postmortem: JSON.stringify(emptyPostmortem()), dismissed_proposal: null, version: 1, updated_at: now,
    };
    await trx.insertInto('incidents').values(row).execute();
    await insertEvents(trx, id, actor.actor, [{ kind: 'declared', text: `Declared ${id} at ${input.severity}: ${input.title}`, data: { severity: input.severity, sections: input.sections } }], now);
    await appendAudit(trx, { ...actor, action: 'incident.declare', target: id, incident: id, section: input.sections[0] ?? null, outcome: 'success', detail: { title: input.title, severity: input.severity, sections: input.sections, alerts: input.alerts.map((a) => a.fingerprint) } }, now);
    return { incident: toIncident(row), created: true };
  });
}

export type Change = { set: Partial<IncidentsTable>; events: TimelineEventInput[]; action: AuditAction; detail: Record<string, unknown> };

/**
 * The one way an incident changes: read it, check the version the person saw (a stale one is a 409 with the
 * current state), apply, bump the version, write the timeline events and one audit record, all in one transaction.
 */
export async function changeIncident(store: Store, actor: Actor, id: string, expectedVersion: number, decide: (current: Incident, now: number) => Change, now = Date.now()): Promise<Incident> {
  return store.writeTransaction(async (trx) => {
    const current = await getIncident(trx, id);
    if (current.version !== expectedVersion) throw new IncidentConflictError(current);
    const change = decide(current, now);
    const result = await trx.updateTable('incidents').set({ ...change.set, version: expectedVersion + 1, updated_at: now }).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new IncidentConflictError(await getIncident(trx, id));
    await insertEvents(trx, id, actor.actor, change.events, now);
    await appendAudit(trx, { ...actor, action: change.action, target: id, incident: id, section: current.sections[0] ?? null, outcome: 'success', detail: change.detail }, now);
    return getIncident(trx, id);
  });
}

/**
 * Adds to the timeline without changing the incident (a note, a communication and its delivery, a star):
 * nothing to overwrite, so no version is needed and nobody is refused for it.
 */
export async function appendToTimeline(store: Store, actor: Actor, id: string, event: TimelineEventInput & { action: AuditAction; outcome?: 'success' | 'failure' }, now = Date.now(), touch?: Partial<Pick<IncidentsTable, 'last_update_at'>>): Promise<string> {
  return store.writeTransaction(async (trx) => {
    const current = await getIncident(trx, id);
    const eventId = randomUUID();
    await trx.insertInto('incident_events').values({ id: eventId, incident_id: id, at: now, kind: event.kind, actor: actor.actor, text: event.text, data: JSON.stringify(event.data ?? {}) }).execute();
    if (touch?.last_update_at !== undefined) await trx.updateTable('incidents').set({ last_update_at: touch.last_update_at }).where('id', '=', id).execute();
    await appendAudit(trx, { ...actor, action: event.action, target: id, incident: id, section: current.sections[0] ?? null, outcome: event.outcome ?? 'success', detail: { kind: event.kind, text: event.text, ...event.data } }, now);
    return eventId;
  });
}

/** Stars (or unstars) a timeline event for the post-mortem; recorded like every change. */
export async function setStar(store: Store, actor: Actor, id: string, eventKey: string, starred: boolean, now = Date.now()): Promise<void> {
  await store.writeTransaction(async (trx) => {
    const current = await getIncident(trx, id);
    if (starred) {
      const exists = await trx.selectFrom('incident_stars').select('event_key').where('incident_id', '=', id).where('event_key', '=', eventKey).executeTakeFirst();
      if (!exists) await trx.insertInto('incident_stars').values({ incident_id: id, event_key: eventKey, starred_by: actor.actor, starred_at: now }).execute();
    } else {
      await trx.deleteFrom('incident_stars').where('incident_id', '=', id).where('event_key', '=', eventKey).execute();
    }
    await appendAudit(trx, { ...actor, action: 'incident.star', target: id, incident: id, section: current.sections[0] ?? null, outcome: 'success', detail: { event: eventKey, starred } }, now);
  });
}
