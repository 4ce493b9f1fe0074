// Incidents in the store, the same tests against SQLite and PostgreSQL: numbering, the lifecycle rules, roles,
// optimistic concurrency (409 with the current state), every change audited (and the chain still verifies),
// and the severity transition recorder writing each change once however many callers report it.
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashAuditRecord } from '@/lib/audit/chain';
import { recordAudit, verifyAuditLog } from '@/lib/audit/log';
import { assignRole, changeSeverity, changeStatus, updatePostmortem } from '@/lib/incidents/changes';
import { appendToTimeline, changeIncident, declareIncident, getIncident, IncidentConflictError, listIncidents, setStar, type DeclareInput } from '@/lib/incidents/records';
import { recordSectionTransitions } from '@/lib/server/incidents/transition-recorder';
import type { SectionStatus } from '@/lib/severity/section-status';
import type { Severity } from '@/lib/severity/types';
import { admin, closeStores, engines, expectApiError, freshStore, lastSeq, auditSince } from './store-engines';

afterAll(closeStores);

const operator = { actor: 'olga', actorRole: 'operator', clientAddress: '127.0.0.1' };
const NOW = Date.UTC(2026, 11, 3, 10, 0);
const declaration = (sections = ['call-failures']): DeclareInput => ({ title: 'Calls failing', summary: 'success rate below 95 %', severity: 'P1', sections, alerts: [], startedAt: NOW - 300_000, startedEvidence: null });

function status(id: string, severity: Severity, evaluatedAt: number): SectionStatus {
  return {
    id, title: id, severity, signals: [], key: { signalId: 'k', name: 'key', unit: 'ratio', value: 0.8, series: '' }, sparkline: [],
    firing: severity.startsWith('P') ? { severity: severity as 'P1', description: 'call success rate < 95 %', op: '<', threshold: 0.95, value: 0.8, series: '', signalId: 'k', signalName: 'Call success rate' } : null,
    firingSince: null, firingSinceBound: null, respondBy: null, evaluatedAt, stale: null, error: null,
  };
}

describe.each(engines)('incidents on %s', (engine) => {
  it('numbers incidents INC-<year>-<n>; declaring twice for the same section gives the open one back', async () => {
    const store = await freshStore(engine, 'incidents-number');
    const first = await declareIncident(store, operator, declaration(), NOW);
    expect(first).toMatchObject({ created: true, incident: { id: 'INC-2026-1', status: 'triage', severity: 'P1', version: 1 } });
    const again = await declareIncident(store, operator, declaration(), NOW + 1);
    expect(again).toMatchObject({ created: false, incident: { id: 'INC-2026-1' } });
    expect((await declareIncident(store, operator, declaration(['redis']), NOW + 2)).incident.id).toBe('INC-2026-2');
    expect((await declareIncident(store, operator, declaration([]), Date.UTC(2027, 0, 1))).incident.id).toBe('INC-2027-1');
    expect((await listIncidents(store.db, { section: 'redis' })).map((i) => i.id)).toEqual(['INC-2026-2']);
  });

  it('walks the lifecycle: a commander is required from investigating on, closing needs the post-mortem, every change is audited', async () => {
    const store = await freshStore(engine, 'incidents-lifecycle');
    const before = await lastSeq(store);
    let incident = (await declareIncident(store, operator, declaration(), NOW)).incident;
    await expectApiError(changeIncident(store, operator, incident.id, incident.version, changeStatus('investigating', { sectionsOk: false }), NOW), 'conflict', { message: /needs an incident commander/ });
    incident = await changeIncident(store, operator, incident.id, incident.version, assignRole('commander', 'olga'), NOW + 1);
    incident = await changeIncident(store, operator, incident.id, incident.version, changeStatus('investigating', { sectionsOk: false }), NOW + 2);
    await expectApiError(changeIncident(store, operator, incident.id, incident.version, assignRole('commander', null), NOW + 3), 'conflict', { message: /needs a commander/ });
    incident = await changeIncident(store, operator, incident.id, incident.version, assignRole('commander', 'ivan'), NOW + 3);
    incident = await changeIncident(store, operator, incident.id, incident.version, changeSeverity('P0', 'all hotels affected', null), NOW + 4);
    await expectApiError(changeIncident(store, operator, incident.id, incident.version, changeStatus('resolved', { sectionsOk: false }), NOW + 5), 'conflict', { message: /reason/ });
    incident = await changeIncident(store, operator, incident.id, incident.version, changeStatus('resolved', { sectionsOk: true }), NOW + 5);
    await expectApiError(changeIncident(store, admin, incident.id, incident.version, changeStatus('closed', { sectionsOk: true }), NOW + 6), 'conflict', { message: /post-mortem/ });
    incident = await changeIncident(store, admin, incident.id, incident.version, updatePostmortem({ rootCause: 'media agents wedged' }, 'test-admin'), NOW + 6);
    incident = await changeIncident(store, admin, incident.id, incident.version, changeStatus('closed', { sectionsOk: true }), NOW + 7);
    expect(incident).toMatchObject({ status: 'closed', severity: 'P0', roles: { commander: 'ivan' }, resolvedAt: NOW + 5, closedAt: NOW + 7 });
    await expectApiError(changeIncident(store, admin, incident.id, incident.version, changeStatus('investigating', { sectionsOk: true }), NOW + 8), 'conflict', { message: /closed is final/ });

    const audit = await auditSince(store, before);
    expect(audit.map((r) => r.action)).toEqual(['incident.declare', 'incident.role', 'incident.status', 'incident.role', 'incident.severity', 'incident.status', 'incident.postmortem', 'incident.status']);
    expect(audit.every((r) => r.incident === incident.id && r.section === 'call-failures')).toBe(true);
    expect(await verifyAuditLog(store.db)).toMatchObject({ problems: [] });
    const events = await store.db.selectFrom('incident_events').select(['kind', 'text']).where('incident_id', '=', incident.id).orderBy('at').execute();
    expect(events.map((e) => e.kind)).toEqual(['declared', 'role', 'status', 'role', 'severity', 'status', 'postmortem', 'status']);
    expect(events[3]!.text).toBe('Incident commander: olga → ivan');
  });

  it('two people changing the same version: one wins, the other gets a 409 carrying the current state', async () => {
    const store = await freshStore(engine, 'incidents-409');
    const incident = (await declareIncident(store, operator, declaration(), NOW)).incident;
    const results = await Promise.allSettled([
      changeIncident(store, operator, incident.id, incident.version, assignRole('commander', 'olga'), NOW + 1),
      changeIncident(store, { ...operator, actor: 'ivan' }, incident.id, incident.version, assignRole('commander', 'ivan'), NOW + 1),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(IncidentConflictError);
    const current = (lost[0]!.reason as IncidentConflictError).current;
    expect(current.version).toBe(2);
    expect(current.roles.commander).toBe((await getIncident(store.db, incident.id)).roles.commander);
    expect(await store.db.selectFrom('incident_events').select('id').where('kind', '=', 'role').execute()).toHaveLength(1);
  });

  it('notes and stars add to the timeline without a version, and are audited', async () => {
    const store = await freshStore(engine, 'incidents-notes');
    const incident = (await declareIncident(store, operator, declaration(), NOW)).incident;
    const eventId = await appendToTimeline(store, operator, incident.id, { kind: 'note', text: 'SIP trunk looks fine', action: 'incident.note' }, NOW + 1);
    await setStar(store, operator, incident.id, `event:${eventId}`, true, NOW + 2);
    await setStar(store, operator, incident.id, `event:${eventId}`, true, NOW + 3);
    expect(await store.db.selectFrom('incident_stars').selectAll().execute()).toHaveLength(1);
    expect((await getIncident(store.db, incident.id)).version).toBe(1);
    expect((await store.db.selectFrom('audit_log').select('action').where('incident', '=', incident.id).execute()).map((r) => r.action)).toEqual(['incident.declare', 'incident.note', 'incident.star', 'incident.star']);
  });

  it('the transition recorder writes each severity change once, whatever the number of concurrent callers', async () => {
    const store = await freshStore(engine, 'incidents-recorder');
    const viewers = 12;
    const report = (severity: Severity, at: number) => Promise.all(Array.from({ length: viewers }, () => recordSectionTransitions(store, [status('call-failures', severity, at), status('redis', 'ok', at)], at)));
    expect((await report('ok', NOW)).reduce((a, b) => a + b)).toBe(2);
    expect((await report('P1', NOW + 15_000)).reduce((a, b) => a + b)).toBe(1);
    expect((await report('P1', NOW + 30_000)).reduce((a, b) => a + b)).toBe(0);
    expect((await report('ok', NOW + 45_000)).reduce((a, b) => a + b)).toBe(1);
    const rows = await store.db.selectFrom('section_transitions').selectAll().where('section_id', '=', 'call-failures').orderBy('at').execute();
    expect(rows.map((r) => [r.from_severity, r.to_severity, r.at])).toEqual([[null, 'ok', NOW], ['ok', 'P1', NOW + 15_000], ['P1', 'ok', NOW + 45_000]]);
    expect(JSON.parse(rows[1]!.evidence)).toMatchObject({ rule: 'call success rate < 95 %', value: 0.8, threshold: 0.95 });
    // A late reading older than the last transition changes nothing.
    expect(await recordSectionTransitions(store, [status('call-failures', 'P2', NOW + 40_000)], NOW + 50_000)).toBe(0);
  });

  it('records written before the section and incident columns (hash version 1) still verify, followed by new ones', async () => {
    const store = await freshStore(engine, 'incidents-chain-v1');
    // Written as the console did before issue 17: the migration gave them hash_version 1 and no section.
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq += 1) {
      const record = { seq, at: NOW + seq, actor: 'old', actorRole: 'operator', action: 'action.preview', target: 'x', outcome: 'success' as const, clientAddress: null, detail: JSON.stringify({ section: 'redis' }), hashVersion: 1 as const, section: null, incident: null };
      const hash = hashAuditRecord(record, prevHash);
      await store.db.insertInto('audit_log').values({ seq, at: record.at, actor: record.actor, actor_role: record.actorRole, action: record.action, target: record.target, outcome: record.outcome, client_address: null, detail: record.detail, prev_hash: prevHash, hash }).execute();
      await (seq === 1 ? store.db.insertInto('audit_head').values({ id: 1, seq, hash }) : store.db.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1)).execute();
      prevHash = hash;
    }
    await recordAudit(store, { ...operator, action: 'action.preview', outcome: 'success', detail: { section: 'redis' } });
    await declareIncident(store, operator, declaration(['redis']), NOW + 10);
    expect(await verifyAuditLog(store.db)).toEqual({ records: 5, problems: [] });
    const rows = await store.db.selectFrom('audit_log').select(['hash_version', 'section']).orderBy('seq').execute();
    expect(rows).toEqual([{ hash_version: 1, section: null }, { hash_version: 1, section: null }, { hash_version: 1, section: null }, { hash_version: 2, section: 'redis' }, { hash_version: 2, section: 'redis' }]);
  });
});
