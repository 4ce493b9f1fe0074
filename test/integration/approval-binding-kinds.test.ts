// Issue 12.5: every kind is bound to what the person saw. Pods by name and uid, a Redis key by its value
// and expiry (a counter may only have grown), a service by its status; a confirm must carry the previewed
// version; a request whose requester was disabled or lost the role before approval is void, not run.
// Against the simulator (Kubernetes double, services' admin endpoints) and a real Redis from Debian.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_TOKEN } from '@/sim/admin';
import { startRedis } from '@/scripts/stack/redis';
import { signInAs } from './signed-in';
import { CORE, startFlowHarness, type FlowHarness } from './flow-harness';

const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-binding-'));
let redisServer: Awaited<ReturnType<typeof startRedis>>;
let redis: Redis;
let h: FlowHarness;
const admin = { actor: 'test-admin', actorRole: 'admin', clientAddress: '127.0.0.1' };

beforeAll(async () => {
  redisServer = await startRedis({ logDir });
  redis = new Redis(redisServer.url);
  h = await startFlowHarness({ kubeStepMs: 50 }, (simUrl) => ({
    REDIS_URL: redisServer.url,
    SERVICE_ADMIN_URLS: `orchestrator=${simUrl}/services/orchestrator,connectors=${simUrl}/services/connectors`,
    SERVICE_ADMIN_TOKEN: DEFAULT_ADMIN_TOKEN,
    ACTION_POD_WAIT: '20s',
  }));
});
afterAll(async () => {
  await h?.sim.close();
  redis?.disconnect();
  await redisServer?.stop();
  fs.rmSync(logDir, { recursive: true, force: true });
});

async function previewAndRequest(section: string, step: string, params: Record<string, unknown>, requester = 'olivia', between?: () => Promise<unknown>) {
  const action = h.resolve(section, step, params);
  const executor = h.getExecutor(action.action.kind);
  const preview = await h.flow.previewAction(h.as(requester, 'operator'), action, executor);
  await between?.();
  const requested = h.flow.requestAction(h.as(requester, 'operator'), action, { reason: 'test', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
  requested.catch(() => undefined);
  return { action, executor, preview, requested };
}

describe('issue 12.5: a Redis key is bound to its value and expiry', () => {
  it('redis-set: a key set by someone else between preview and confirm refuses the confirm, naming what moved', async () => {
    const { requested } = await previewAndRequest('rate-limiting', 'whitelist-ip', { ip: '203.0.113.7' }, 'olivia', () => redis.set('rate_limit:whitelist:203.0.113.7', 'false', 'EX', 100));
    await expect(requested).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/^Redis key rate_limit:whitelist:203\.0\.113\.7 changed since your preview: .*exists false → true/) });
  });

  it('redis-del of a counter: growing is the same counter; a new window (value reset, new expiry) refuses the execution and deletes nothing', async () => {
    await redis.set('rate_limit:user:77:per_minute', '300');
    const { action, executor, requested } = await previewAndRequest('rate-limiting', 'clear-rate-limit-counters', { id: '77' }, 'olivia', () => redis.incrby('rate_limit:user:77:per_minute', 5));
    const { run } = await requested;
    await redis.set('rate_limit:user:77:per_minute', '1', 'EX', 60);
    const done = await h.flow.executeRun(h.as('olivia', 'operator'), run, action, executor);
    expect(done.status).toBe('failed');
    expect(JSON.parse(done.result ?? '{}').message).toMatch(/changed since it was approved: .*value ≥ 305 → ≥ 1.*expiry \(none\) → expiring/);
    expect(await redis.get('rate_limit:user:77:per_minute')).toBe('1');
  });
});

describe('issue 12.5: a service is bound to its status', () => {
  it('a breaker reset by someone else between preview and confirm refuses the confirm', async () => {
    h.sim.setScenario('circuit-breaker-open');
    try {
      const reset = () => fetch(`${h.sim.url}/services/orchestrator/admin/circuit-breakers/pms_connector/reset`, { method: 'POST', headers: { authorization: `Bearer ${DEFAULT_ADMIN_TOKEN}` } });
      const { requested } = await previewAndRequest('circuit-breakers', 'reset-circuit-breaker', { name: 'pms_connector' }, 'olivia', reset);
      await expect(requested).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/changed since your preview: state open → closed/) });
    } finally {
      h.sim.setScenario('healthy');
    }
  });
});

describe('issue 12.5: delete-pods approves named pods (name and uid)', () => {
  it('an approved pod replaced before the approval voids it, naming the pod; none is evicted', async () => {
    const pods = async () => (await h.kube<{ items: { metadata: { name: string; uid: string; deletionTimestamp?: string } }[] }>(`${CORE}/pods?labelSelector=app%3Dorchestrator`)).items.filter((p) => !p.metadata.deletionTimestamp);
    const { action, executor, requested } = await previewAndRequest('memory-cpu', 'restart-affected-pods', {});
    const { run } = await requested;
    const [first] = await pods();
    await h.kube(`${CORE}/pods/${first!.metadata.name}`, { method: 'DELETE' });
    await expect(h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(`pod ${first!.metadata.name} ${first!.metadata.uid} → (none)`) });
  });
});

describe('issue 12.5: the requester must still stand when the request is approved', () => {
  it.each([
    ['disabled', (store: FlowHarness['store'], name: string) => import('@/lib/auth/users').then((u) => u.setUserDisabled(store, admin, name, true))],
    ['moved down to viewer', (store: FlowHarness['store'], name: string) => import('@/lib/auth/users').then((u) => u.setUserRole(store, admin, name, 'viewer'))],
  ] as const)('a requester %s before the approval: the request is void, not run, and the attempt audited', async (_what, demote) => {
    const name = `req-${Math.random().toString(36).slice(2, 8)}`;
    await signInAs('operator', name);
    const before = await h.kube<{ spec: { replicas: number } }>('/apis/apps/v1/namespaces/voicehive/deployments/orchestrator');
    const { action, executor, requested } = await previewAndRequest('call-failures', 'scale-orchestrator', { replicas: before.spec.replicas + 1 }, name);
    const { run } = await requested;
    await demote(h.store, name);
    await expect(h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/^This request is void: its requester .* no longer may ask for it/) });
    const row = await h.store.db.selectFrom('action_runs').select(['status', 'result']).where('id', '=', run.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('void');
    expect((await h.kube<{ spec: { replicas: number } }>('/apis/apps/v1/namespaces/voicehive/deployments/orchestrator')).spec.replicas).toBe(before.spec.replicas);
    const audit = await h.store.db.selectFrom('audit_log').select(['action', 'outcome', 'detail']).where('action', '=', 'action.approve').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ outcome: 'failure' });
    expect(JSON.parse(audit.detail)).toMatchObject({ runId: run.id, why: expect.stringMatching(/requester/) });
  });
});

describe('issue 12.5: a confirm must carry the version of its preview', () => {
  it('a confirm without one (a null version, as the console used to accept) is a 400 naming the field, and no run is made', async () => {
    const operator = await signInAs('operator', 'confirm-without-version');
    const runs = await import('@/app/api/actions/runs/route');
    const before = (await h.store.db.selectFrom('action_runs').select('id').execute()).length;
    const response = await runs.POST(
      operator.request('http://console/api/actions/runs', {
        method: 'POST',
        headers: { origin: 'http://console', 'content-type': 'application/json' },
        body: JSON.stringify({ section: 'call-failures', step: 'restart-media-agents', params: {}, reason: 'x', idempotencyKey: h.key(), resourceVersion: null }),
      }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { field: string; message: string } }).error).toMatchObject({ field: 'version', message: expect.stringMatching(/^version: is required/) });
    expect((await h.store.db.selectFrom('action_runs').select('id').execute()).length).toBe(before);
  });
});
