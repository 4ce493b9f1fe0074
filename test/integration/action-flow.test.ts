// The remediation flow end to end below the HTTP layer: catalog action → Kubernetes dry run → run in the
// store → execution → rollout, against the simulator's Kubernetes API double (no real API server can
// run here; the double answers like one: dryRun, resourceVersion, 409). Store: a throwaway SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionExecutor } from '@/lib/actions/executor';
import type { FlowContext } from '@/lib/actions/flow';
import type { Store } from '@/lib/server/store/open-store';
import type { Simulator } from '@/sim/server';
import { addPeople } from './flow-harness';
import { useThrowawayStore } from './signed-in';

const token = 'voicehive-sim-token';
/** The test inspects the double as an admin, never as the console. */
const adminToken = 'voicehive-sim-kube-admin-token';
let sim: Simulator;
let store: Store;
let executor: ActionExecutor;
let flow: typeof import('@/lib/actions/flow');
let resolve: (section: string, step: string, params?: Record<string, unknown>) => import('@/lib/actions/resolve').ResolvedAction;

const as = (actor: string, role: FlowContext['role']): FlowContext => ({ store, actor: { actor, actorRole: role, clientAddress: '127.0.0.1' }, role });
const kube = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
  const response = await fetch(`${sim.url}${path}`, { ...init, headers: { authorization: `Bearer ${adminToken}`, ...(init.headers as Record<string, string>) } });
  return (await response.json()) as T;
};
const request = { reason: 'integration test', sectionSeverity: 'unknown', approvalTtlMs: 60_000 };
const key = () => `key${Math.random().toString(36).slice(2)}xxxxxxxxxxxx`;

beforeAll(async () => {
  useThrowawayStore();
  const { startSimulator } = await import('@/sim/server');
  sim = await startSimulator({ port: 0 });
  Object.assign(process.env, { KUBE_API_URL: sim.url, KUBE_TOKEN: token, PROMETHEUS_URL: 'http://127.0.0.1:1' });
  store = await (await import('@/lib/server/store/store')).getStore();
  await addPeople(store);
  executor = (await import('@/lib/actions/executors')).executors.get('rollout-restart')!;
  flow = await import('@/lib/actions/flow');
  const { resolveAction } = await import('@/lib/actions/resolve');
  const { getCatalog } = await import('@/lib/server/catalog');
  resolve = (section, step, params = {}) => resolveAction(getCatalog().byId, section, step, params);
});

afterAll(async () => {
  await sim?.close();
});

describe('a restart without approval', () => {
  it('previews the restartedAt annotation (dry run: nothing changes), runs once, and the rollout completes', async () => {
    const action = resolve('call-failures', 'restart-media-agents');
    const before = await kube<{ metadata: { resourceVersion: string; generation: number } }>('/apis/apps/v1/namespaces/voicehive/deployments/media-agent');
    const preview = await flow.previewAction(as('olivia', 'operator'), action, executor);
    expect(preview.changes.map((c) => c.path)).toEqual(['metadata.annotations.kubernetes.io/change-cause', 'spec.template.metadata.annotations.kubectl.kubernetes.io/restartedAt']);
    expect(preview.bound).toMatchObject({ 'metadata.generation': before.metadata.generation });
    expect((await kube<{ metadata: { resourceVersion: string } }>('/apis/apps/v1/namespaces/voicehive/deployments/media-agent')).metadata.resourceVersion).toBe(before.metadata.resourceVersion);

    const idempotencyKey = key();
    const { run } = await flow.requestAction(as('olivia', 'operator'), action, { ...request, idempotencyKey, version: preview.version }, executor);
    expect(run.status).toBe('executing');
    const again = await flow.requestAction(as('olivia', 'operator'), action, { ...request, idempotencyKey, version: preview.version }, executor);
    expect(again).toEqual({ run, created: false });
    const done = await flow.executeRun(as('olivia', 'operator'), run, action, executor);
    expect(done.status).toBe('succeeded');
    const after = await kube<{ metadata: { generation: number } }>('/apis/apps/v1/namespaces/voicehive/deployments/media-agent');
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    await expect.poll(async () => (await executor.follow(action, JSON.parse(done.result ?? '{}'))).state, { timeout: 30_000, interval: 250 }).toBe('complete');
  });

  it('refuses a role below the one the catalog asks for, and records the attempt', async () => {
    await expect(flow.previewAction(as('vera', 'viewer'), resolve('call-failures', 'restart-media-agents'), executor)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('a scale with approval', () => {
  it('waits for another person, who approves it once; the deployment scales once', async () => {
    const action = resolve('call-failures', 'scale-orchestrator', { replicas: 6 });
    const before = await kube<{ spec: { replicas: number }; metadata: { generation: number } }>('/apis/apps/v1/namespaces/voicehive/deployments/orchestrator');
    const preview = await flow.previewAction(as('olivia', 'operator'), action, executor);
    expect(preview.changes).toEqual([{ path: 'spec.replicas', before: before.spec.replicas, after: 6 }]);
    expect(preview.warnings.join(' ')).toMatch(/HorizontalPodAutoscaler orchestrator/);
    const { run } = await flow.requestAction(as('olivia', 'operator'), action, { ...request, idempotencyKey: key(), version: preview.version }, executor);
    expect(run.status).toBe('pending-approval');
    await expect(flow.approveRun(as('olivia', 'operator'), run, action, null, executor)).rejects.toMatchObject({ code: 'forbidden' });
    const results = await Promise.allSettled([flow.approveRun(as('adam', 'approver'), run, action, 'ok', executor), flow.approveRun(as('ada', 'admin'), run, action, 'ok', executor)]);
    const approved = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(approved).toHaveLength(1);
    await flow.executeRun(as('adam', 'approver'), approved[0]!, action, executor);
    const after = await kube<{ spec: { replicas: number }; metadata: { generation: number } }>('/apis/apps/v1/namespaces/voicehive/deployments/orchestrator');
    expect(after.spec.replicas).toBe(6);
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
  });

  it('refuses approval when the deployment\'s spec changed after the request, and ends the request', async () => {
    const action = resolve('call-failures', 'scale-orchestrator', { replicas: 4 });
    const preview = await flow.previewAction(as('olivia', 'operator'), action, executor);
    const { run } = await flow.requestAction(as('olivia', 'operator'), action, { ...request, idempotencyKey: key(), version: preview.version }, executor);
    // Someone else edits the deployment's template in the meantime (a label alone, or status, would not count).
    await kube('/apis/apps/v1/namespaces/voicehive/deployments/orchestrator', { method: 'PATCH', headers: { 'content-type': 'application/strategic-merge-patch+json' }, body: JSON.stringify({ spec: { template: { metadata: { annotations: { touched: 'yes' } } } } }) });
    await expect(flow.approveRun(as('adam', 'approver'), run, action, null, executor)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/changed since this request was made/) });
    const row = await store.db.selectFrom('action_runs').select('status').where('id', '=', run.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
  });
});

describe('an environment variable', () => {
  it('is set on one container by strategic merge (nothing else touched) and read back', async () => {
    const action = resolve('voice-latency', 'enable-tts-caching');
    type Deployment = { spec: { template: { spec: { containers: { name: string; env?: { name: string; value: string }[] }[] } } } };
    const envOf = (d: Deployment) => Object.fromEntries((d.spec.template.spec.containers[0]!.env ?? []).map((e) => [e.name, e.value]));
    const before = envOf(await kube<Deployment>('/apis/apps/v1/namespaces/voicehive/deployments/tts-router'));
    const preview = await flow.previewAction(as('olivia', 'operator'), action, executor);
    expect(preview.changes.map((c) => [c.path, c.after])).toContainEqual(['spec.template.spec.containers[tts-router].env[CACHE_ENABLED].value', 'true']);
    const { run } = await flow.requestAction(as('olivia', 'operator'), action, { ...request, idempotencyKey: key(), version: preview.version }, executor);
    expect((await flow.executeRun(as('olivia', 'operator'), run, action, executor)).status).toBe('succeeded');
    expect(envOf(await kube<Deployment>('/apis/apps/v1/namespaces/voicehive/deployments/tts-router'))).toEqual({ ...before, CACHE_ENABLED: 'true' });
  });
});

describe('a ConfigMap change', () => {
  it('a concurrent change between preview and confirm is a clear conflict, never retried', async () => {
    const action = resolve('rate-limiting', 'increase-rate-limits');
    const preview = await flow.previewAction(as('olivia', 'operator'), action, executor);
    expect(preview.changes).toEqual([{ path: 'data.requests_per_minute', before: expect.any(String), after: '120' }]);
    // The orchestrator reads this ConfigMap: its restart, a button of this section, is offered next.
    expect(preview.followUps).toEqual([expect.objectContaining({ stepId: expect.stringMatching(/restart/) })]);
    await kube('/api/v1/namespaces/voicehive/configmaps/rate-limit-config', { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ data: { burst: '7' } }) });
    await expect(flow.requestAction(as('olivia', 'operator'), action, { ...request, idempotencyKey: key(), version: preview.version }, executor)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/configmap voicehive\/rate-limit-config changed since your preview/),
    });
  });
});
