// Issue 12, point 8: two attempts that left no audit record. Deciding a request that is already decided
// (a 409) is an attempt like any other (threat 26: every attempt is written exactly once); reading pod logs
// shows what the pods wrote (masked, but still the estate's insides), so who read which panel is recorded.
// Route handlers in-process; Kubernetes is the simulator's API double (no API server can run here).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAction } from '@/lib/actions/resolve';
import type { Store } from '@/lib/server/store/open-store';
import type { Simulator } from '@/sim/server';
import { signInAs, useThrowawayStore, type SignedIn } from './signed-in';

let sim: Simulator;
let store: Store;
let decisionRoute: typeof import('@/app/api/actions/runs/[id]/decision/route');
let logsRoute: typeof import('@/app/api/sections/[id]/logs/[panelId]/route');
let operator: SignedIn;
let approvers: SignedIn[];

beforeAll(async () => {
  useThrowawayStore();
  const { startSimulator } = await import('@/sim/server');
  sim = await startSimulator({ port: 0 });
  Object.assign(process.env, { KUBE_API_URL: sim.url, KUBE_TOKEN: 'voicehive-sim-token', KUBE_TIMEOUT_MS: '3000', UPSTREAM_CACHE_TTL_MS: '200', PROMETHEUS_URL: 'http://127.0.0.1:1' });
  operator = await signInAs('operator', 'gap-olivia');
  approvers = [await signInAs('approver', 'gap-adam'), await signInAs('approver', 'gap-alex')];
  store = await (await import('@/lib/server/store/store')).getStore();
  decisionRoute = await import('@/app/api/actions/runs/[id]/decision/route');
  logsRoute = await import('@/app/api/sections/[id]/logs/[panelId]/route');
});

afterAll(async () => {
  await sim?.close();
});

async function lastSeq(): Promise<number> {
  const row = await store.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}
const auditSince = (seq: number) => store.db.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').execute();

async function pendingScaleRequest(): Promise<string> {
  const { createRun } = await import('@/lib/actions/runs');
  const { loadCatalog } = await import('@/lib/catalog/load');
  const sections = new Map(loadCatalog(path.resolve(__dirname, '../../runbooks')).map((s) => [s.id, s]));
  const { run } = await createRun(store, { actor: 'gap-olivia', actorRole: 'operator', clientAddress: '127.0.0.1' }, {
    resolved: resolveAction(sections, 'call-failures', 'scale-orchestrator', { replicas: 5 }),
    diff: [{ path: 'spec.replicas', before: 3, after: 5 }],
    version: 'e30',
    reason: 'latency is climbing',
    idempotencyKey: `key-${Math.random()}`,
    needsApproval: true,
    approvalTtlMs: 15 * 60_000,
  });
  return run.id;
}

const decide = (who: SignedIn, id: string, decision: 'approve' | 'reject') =>
  decisionRoute.POST(who.request(`http://console/api/actions/runs/${id}/decision`, { method: 'POST', headers: { origin: 'http://console', 'content-type': 'application/json' }, body: JSON.stringify({ decision, comment: 'late' }) }), { params: Promise.resolve({ id }) });

describe('threat 26 / issue 12 point 8: deciding a request that is already decided', () => {
  it('is a 409, and each such attempt (approve or reject) leaves exactly one audit record', async () => {
    const { decideRun } = await import('@/lib/actions/runs');
    const id = await pendingScaleRequest();
    await decideRun(store, { actor: 'gap-adam', actorRole: 'approver', clientAddress: '127.0.0.1' }, id, 'reject', 'not now');
    for (const decision of ['approve', 'reject'] as const) {
      const before = await lastSeq();
      const response = await decide(approvers[1]!, id, decision);
      expect(response.status, decision).toBe(409);
      expect((await response.json()).error.message).toBe('This request was already decided (rejected by gap-adam).');
      const records = await auditSince(before);
      expect(records.map((r) => [r.action, r.actor, r.outcome]), decision).toEqual([[`action.${decision}`, 'gap-alex', 'failure']]);
      expect(JSON.parse(records[0]!.detail)).toMatchObject({ runId: id, why: 'already decided', status: 'rejected', decidedBy: 'gap-adam' });
    }
  });
});

describe('threat 26: an approver who loses the race to another', () => {
  // Both read the request while it was pending; the other's decision landed first, so decideRun answers a
  // conflict it does not record. (The winning decision runs after() hooks, which need a real request: the
  // race itself is driven here by deciding first, then handing the loser's conflict to the route's hook.)
  it('is recorded once, naming who won; conflicts the flow records itself, and other errors, add nothing', async () => {
    const { decideRun, getRun } = await import('@/lib/actions/runs');
    const { recordLostDecision } = await import('@/lib/audit/decision-conflict');
    const { ApiError } = await import('@/lib/api/errors');
    const alex = { actor: 'gap-alex', actorRole: 'approver', clientAddress: '127.0.0.1' };
    const id = await pendingScaleRequest();
    await decideRun(store, alex, id, 'reject', null); // alex wins
    const before = await lastSeq();
    const conflict = new ApiError('conflict', 'This request was decided by someone else a moment ago.');
    await recordLostDecision(store, { ...alex, actor: 'gap-adam' }, await getRun(store, id), 'approve', conflict);
    const records = await auditSince(before);
    expect(records.map((r) => [r.action, r.actor, r.outcome])).toEqual([['action.approve', 'gap-adam', 'failure']]);
    expect(JSON.parse(records[0]!.detail)).toMatchObject({ why: 'already decided', status: 'rejected', decidedBy: 'gap-alex' });

    const after = await lastSeq();
    await recordLostDecision(store, alex, await getRun(store, id), 'approve', conflict); // its own decision
    await recordLostDecision(store, { ...alex, actor: 'gap-adam' }, await getRun(store, id), 'approve', new ApiError('forbidden', 'x'));
    await recordLostDecision(store, { ...alex, actor: 'gap-adam' }, { ...(await getRun(store, id))!, status: 'expired', decided_by: null }, 'approve', conflict);
    expect(await auditSince(after)).toEqual([]);
  });
});

describe('issue 12 point 8: reading pod logs (logs.read)', () => {
  const getLogs = (who: SignedIn) => logsRoute.GET(who.request('http://console/api/sections/call-failures/logs/orchestrator-errors'), { params: Promise.resolve({ id: 'call-failures', panelId: 'orchestrator-errors' }) });

  it('is recorded: who read which panel, of which pods; the panel polling on adds no record for a while', async () => {
    const before = await lastSeq();
    const response = await getLogs(operator);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { pods: { name: string }[] };
    const records = await auditSince(before);
    expect(records.map((r) => [r.action, r.actor, r.actor_role, r.target, r.outcome])).toEqual([['logs.read', 'gap-olivia', 'operator', 'call-failures/orchestrator-errors', 'success']]);
    expect(JSON.parse(records[0]!.detail)).toEqual({ namespace: 'voicehive', selector: 'app=orchestrator', filter: 'ERROR', pods: body.pods.map((p) => p.name) });

    // The browser polls the panel every few seconds: a record per poll would bury the log.
    const again = await lastSeq();
    expect((await getLogs(operator)).status).toBe(200);
    expect(await auditSince(again)).toEqual([]);
  });
});
