// Remediation requests in the store, the same on SQLite and PostgreSQL: idempotency, approval by
// another person only, one winner when two approvers click at once, expiry, and an audit record each.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAction } from '@/lib/actions/resolve';
import { countPendingRuns, createRun, decideRun, finishRun, listRuns, type RunRequest } from '@/lib/actions/runs';
import type { Actor } from '@/lib/auth/actor';
import { loadCatalog } from '@/lib/catalog/load';
import type { Store } from '@/lib/server/store/open-store';
import { auditSince, closeStores, engines, expectApiError, freshStore, lastSeq, unique, type Engine } from './store-engines';

const sections = new Map(loadCatalog(path.resolve(__dirname, '../../runbooks')).map((s) => [s.id, s]));
const operator: Actor = { actor: 'olivia', actorRole: 'operator', clientAddress: '127.0.0.1' };
const approvers: Actor[] = [
  { actor: 'adam', actorRole: 'approver', clientAddress: '127.0.0.1' },
  { actor: 'ada', actorRole: 'admin', clientAddress: '127.0.0.1' },
];

function scaleRequest(overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    resolved: resolveAction(sections, 'call-failures', 'scale-orchestrator', { replicas: 5 }),
    diff: [{ path: 'spec.replicas', before: 3, after: 5 }],
    version: 'e30',
    reason: 'latency is climbing',
    idempotencyKey: unique('key'),
    needsApproval: true,
    approvalTtlMs: 15 * 60_000,
    ...overrides,
  };
}

afterAll(closeStores);

describe.each(engines)('action runs on %s', (engine: Engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine, 'runs');
  });

  it('a retried request with the same idempotency key finds the first run: one row, one audit record', async () => {
    const before = await lastSeq(store);
    const request = scaleRequest();
    const [first, second] = await Promise.all([createRun(store, operator, request), createRun(store, operator, request)]);
    expect(first.run.id).toBe(second.run.id);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect((await auditSince(store, before)).map((r) => r.action)).toEqual(['action.request']);
  });

  it('the requester cannot approve their own request, and the attempt is audited as denied', async () => {
    const { run } = await createRun(store, operator, scaleRequest());
    const before = await lastSeq(store);
    await expectApiError(decideRun(store, operator, run.id, 'approve', null), 'forbidden', { message: 'You cannot decide on your own request: another approver must.' });
    expect((await auditSince(store, before)).map((r) => [r.action, r.outcome])).toEqual([['action.approve', 'denied']]);
  });

  it('two approvers clicking at once: exactly one approval, the other is told it was decided', async () => {
    const { run } = await createRun(store, operator, scaleRequest());
    const results = await Promise.allSettled(approvers.map((approver) => decideRun(store, approver, run.id, 'approve', 'ok')));
    const approved = results.filter((r) => r.status === 'fulfilled');
    expect(approved).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'conflict' });
    const row = await store.db.selectFrom('action_runs').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('executing');
  });

  it('an expired request cannot be approved; it is marked expired and audited', async () => {
    const { run } = await createRun(store, operator, scaleRequest({ approvalTtlMs: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expectApiError(decideRun(store, approvers[0]!, run.id, 'approve', null), 'conflict', { message: expect.stringMatching(/expired/) });
    const row = await store.db.selectFrom('action_runs').select('status').where('id', '=', run.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
  });

  it('a request nobody decides in time is marked expired once, with one audit record by system', async () => {
    const { run } = await createRun(store, operator, scaleRequest({ approvalTtlMs: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const before = await lastSeq(store);
    await Promise.all([listRuns(store), listRuns(store)]);
    expect((await listRuns(store)).find((r) => r.id === run.id)?.status).toBe('expired');
    const records = (await auditSince(store, before)).filter((r) => r.action === 'action.expire');
    expect(records.map((r) => [r.actor, r.outcome])).toEqual([['system', 'failure']]);
  });

  it('a rejection ends the request; the pending count follows', async () => {
    const pendingBefore = await countPendingRuns(store);
    const { run } = await createRun(store, operator, scaleRequest());
    expect(await countPendingRuns(store)).toBe(pendingBefore + 1);
    const rejected = await decideRun(store, approvers[1]!, run.id, 'reject', 'not during the event');
    expect(rejected).toMatchObject({ status: 'rejected', decided_by: 'ada', decision_comment: 'not during the event' });
    expect(await countPendingRuns(store)).toBe(pendingBefore);
    await expectApiError(decideRun(store, approvers[0]!, run.id, 'approve', null), 'conflict');
  });

  it('an action without approval starts executing, and its outcome is one more audit record', async () => {
    const before = await lastSeq(store);
    const resolved = resolveAction(sections, 'call-failures', 'restart-media-agents', {});
    const { run } = await createRun(store, operator, scaleRequest({ resolved, needsApproval: false, diff: [] }));
    expect(run.status).toBe('executing');
    await finishRun(store, operator, run, 'failed', { message: 'deployment voicehive/media-agent: 409 conflict' });
    const records = await auditSince(store, before);
    expect(records.map((r) => [r.action, r.outcome])).toEqual([
      ['action.execute.start', 'success'],
      ['action.execute', 'failure'],
    ]);
    expect(JSON.parse(records[1]!.detail)).toMatchObject({ section: 'call-failures', step: 'restart-media-agents', result: { message: expect.stringMatching(/409/) } });
  });

  // Issue 12.12: every change of a run's state goes through one transition table, guarded in the SQL.
  it('an outcome for a run that is not executing is refused by the guard in the SQL: nothing changes, nothing is audited', async () => {
    const { run } = await createRun(store, operator, scaleRequest());
    const before = await lastSeq(store);
    await expectApiError(finishRun(store, operator, run, 'succeeded', { message: 'done' }), 'conflict', { message: expect.stringMatching(/pending-approval/) });
    const row = await store.db.selectFrom('action_runs').select(['status', 'result']).where('id', '=', run.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending-approval', result: null });
    expect(await auditSince(store, before)).toEqual([]);
  });

  it('a finished run cannot be finished again: the first outcome stands', async () => {
    const resolved = resolveAction(sections, 'call-failures', 'restart-media-agents', {});
    const { run } = await createRun(store, operator, scaleRequest({ resolved, needsApproval: false, diff: [] }));
    await finishRun(store, operator, run, 'failed', { message: 'first' });
    await expectApiError(finishRun(store, operator, run, 'succeeded', { message: 'second' }), 'conflict');
    const row = await store.db.selectFrom('action_runs').select(['status', 'result']).where('id', '=', run.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(JSON.parse(row.result ?? '{}')).toEqual({ message: 'first' });
  });

  it('the transition table names every move, and every status it names is reachable from a request', async () => {
    const { runTransitions } = await import('@/lib/actions/run-lifecycle');
    expect(Object.fromEntries(Object.entries(runTransitions).map(([event, t]) => [event, `${t.from} → ${t.to}`]))).toEqual({
      approve: 'pending-approval → executing',
      reject: 'pending-approval → rejected',
      expire: 'pending-approval → expired',
      void: 'pending-approval → void',
      cancel: 'pending-approval → cancelled',
      succeed: 'executing → succeeded',
      fail: 'executing → failed',
      interrupt: 'executing → interrupted',
    });
  });
});
