import { beforeAll, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
// Names outside the typed list on purpose: the filters must match whatever a record holds.
import type { AuditAction } from '@/lib/audit/actions';
import { signInAs, useThrowawayStore, type SignedIn } from './signed-in';

// The audit route in-process against a throwaway SQLite store: who may read, the filters, and downloads.
let route: typeof import('@/app/api/audit/route');
let approver: SignedIn;
let operator: SignedIn;
let store: Awaited<ReturnType<typeof import('@/lib/server/store/store').getStore>>;

const url = (search = '') => `http://console/api/audit${search}`;
const DAY = Date.UTC(2024, 5, 15, 12);

beforeAll(async () => {
  useThrowawayStore();
  approver = await signInAs('approver');
  operator = await signInAs('operator');
  route = await import('@/app/api/audit/route');
  const { getStore } = await import('@/lib/server/store/store');
  const { appendAudit, recordAudit } = await import('@/lib/audit/log');
  store = await getStore();
  const base = { actorRole: 'operator', clientAddress: '10.1.2.3' } as const;
  await recordAudit(store, { ...base, actor: 'filter-alice', action: 'auth.login' as AuditAction, outcome: 'success' });
  await recordAudit(store, { ...base, actor: 'filter-alice', action: 'auth.logout' as AuditAction, outcome: 'failure', detail: { reason: 'test' } });
  await recordAudit(store, { ...base, actor: 'filter-bob', action: 'user.create', target: 'carol', outcome: 'denied' });
  await recordAudit(store, { ...base, actor: 'pct%user', action: 'like.test' as AuditAction, outcome: 'success' });
  await recordAudit(store, { ...base, actor: 'pctXuser', action: 'like.test' as AuditAction, outcome: 'success' });
  await recordAudit(store, { ...base, actor: '=cmd|/c calc', action: 'csv.test' as AuditAction, target: '+SUM(A1)', outcome: 'success' });
  // Records at a known time, for the date filters.
  await store.writeTransaction((trx) => appendAudit(trx, { actor: 'dated', action: 'date.test' as AuditAction, outcome: 'success' }, DAY));
  await store.writeTransaction((trx) => appendAudit(trx, { actor: 'dated', action: 'date.test' as AuditAction, outcome: 'success' }, DAY + 86_400_000));
});

const getJson = async (search: string) => {
  const response = await route.GET(approver.request(url(search)));
  expect(response.status).toBe(200);
  return response.json();
};

const exportsSoFar = () => store.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit.export').orderBy('seq', 'desc').execute();

describe('GET /api/audit access', () => {
  it('answers 401 without a session', async () => {
    const response = await route.GET(new NextRequest(url()));
    expect(response.status).toBe(401);
  });

  it('answers 403 to an operator (audit.read is for approvers and admins)', async () => {
    const response = await route.GET(operator.request(url()));
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
  });
});

describe('GET /api/audit filters', () => {
  it('answers newest first with detail parsed, filtered by actor (any case), action prefix and outcome', async () => {
    const body = await getJson('?actor=FILTER-ALI&action=auth.&outcome=failure');
    expect(body.records).toHaveLength(1);
    expect(body.records[0]).toMatchObject({ actor: 'filter-alice', action: 'auth.logout' as AuditAction, outcome: 'failure', detail: { reason: 'test' }, clientAddress: '10.1.2.3' });
    const all = await getJson('?actor=filter-');
    expect(all.records.map((e: { action: string }) => e.action)).toEqual(['user.create', 'auth.logout', 'auth.login']);
  });

  it('matches an exact action, and % in the actor literally', async () => {
    expect((await getJson('?action=auth.login')).records.every((e: { action: string }) => e.action === 'auth.login')).toBe(true);
    expect((await getJson('?actor=pct%25')).records.map((e: { actor: string }) => e.actor)).toEqual(['pct%user']);
  });

  it('filters by time, a bare "to" date covering its whole day', async () => {
    const body = await getJson('?action=date.test&from=2024-06-15&to=2024-06-15');
    expect(body.records.map((e: { at: number }) => e.at)).toEqual([DAY]);
  });

  it('pages back with the before cursor', async () => {
    const first = await getJson('?actor=filter-&limit=2');
    expect(first.records).toHaveLength(2);
    expect(first.nextBefore).toBe(first.records[1].seq);
    const second = await getJson(`?actor=filter-&limit=2&before=${first.nextBefore}`);
    expect(second.records.map((e: { action: string }) => e.action)).toEqual(['auth.login']);
    expect(second.nextBefore).toBeNull();
  });

  it('refuses a bad outcome with 400 naming the field', async () => {
    const response = await route.GET(approver.request(url('?outcome=maybe')));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'bad-request', field: 'outcome' } });
  });

  it('does not audit a plain read', async () => {
    const before = (await exportsSoFar()).length;
    await getJson('');
    expect(await exportsSoFar()).toHaveLength(before);
  });
});

describe('GET /api/audit downloads', () => {
  it('sends CSV with a header row, escaping a formula-like actor, and audits the export', async () => {
    const response = await route.GET(approver.request(url('?action=csv.test&format=csv')));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="voicehive-audit-\d{8}-\d{4}\.csv"$/);
    const [header, row, ...rest] = (await response.text()).trimEnd().split('\n');
    expect(header).toBe('seq,time,actor,role,action,target,outcome,client_address,detail,hash');
    expect(rest).toEqual([]);
    expect(row).toContain(",'=cmd|/c calc,");
    expect(row).toContain(",'+SUM(A1),");

    const [latest] = await exportsSoFar();
    expect(latest).toMatchObject({ actor: 'test-approver', actor_role: 'approver', outcome: 'success' });
    expect(JSON.parse(latest!.detail)).toEqual({ format: 'csv', filters: { action: 'csv.test' as AuditAction, limit: 200 }, count: 1 });
  });

  it('sends JSON as a download with download=1, also audited', async () => {
    const before = (await exportsSoFar()).length;
    const response = await route.GET(approver.request(url('?actor=filter-bob&download=1')));
    expect(response.headers.get('content-disposition')).toMatch(/filename="voicehive-audit-\d{8}-\d{4}\.json"/);
    expect((await response.json()).records).toHaveLength(1);
    const exports = await exportsSoFar();
    expect(exports).toHaveLength(before + 1);
    expect(JSON.parse(exports[0]!.detail)).toMatchObject({ format: 'json', count: 1 });
  });

  it('keeps the chain intact after all of this', async () => {
    const { verifyAuditLog } = await import('@/lib/audit/log');
    expect((await verifyAuditLog(store.db)).problems).toEqual([]);
  });
});
