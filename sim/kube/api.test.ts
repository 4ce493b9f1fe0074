import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, itemsOf, namesOf, NS, startKubeSim, type KubeTestClient } from './test-support';

let k: KubeTestClient;
beforeAll(async () => {
  k = await startKubeSim();
});
afterAll(async () => {
  await k.sim.close();
});

const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';

describe('Kubernetes API double: requests and errors', () => {
  it('answers 401 with a Status without the token or with a wrong one', async () => {
    for (const token of [null, 'wrong']) {
      const { status, json } = await k.call('GET', `${APPS}/deployments`, { token });
      expect(status).toBe(401);
      expect(json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
  });

  it('lists with every label selector form, kind and resourceVersion on the list, not on items', async () => {
    const list = async (selector: string) => namesOf(await k.get(`${NS}/pods?labelSelector=${encodeURIComponent(selector)}`)).map((n) => n.replace(/-[^-]+-[^-]+$/, '').replace(/-0$/, ''));
    const apps = (names: string[]) => [...new Set(names)].sort();
    expect(apps(await list('app=orchestrator'))).toEqual(['orchestrator']);
    expect(apps(await list('app in (redis,postgresql)'))).toEqual(['postgresql', 'redis']);
    expect(apps(await list('app notin (orchestrator,media-agent,tts-router,riva-server,connectors,livekit-agent)'))).toEqual(['postgresql', 'redis']);
    expect(apps(await list('app!=orchestrator'))).not.toContain('orchestrator');
    expect(await list('statefulset.kubernetes.io/pod-name')).toEqual(['postgresql', 'redis']);
    expect(apps(await list('!statefulset.kubernetes.io/pod-name,app in (orchestrator,redis)'))).toEqual(['orchestrator']);
    const all = await k.get(`${NS}/pods`);
    expect(all).toMatchObject({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    expect(itemsOf(all)[0]).not.toHaveProperty('kind');
    expect(itemsOf(await k.get(`${NS}/pods?labelSelector=app%3Dorchestrator`))).toHaveLength(3);
    expect((await k.call('GET', `${NS}/pods?labelSelector=app%20in%20(x`)).status).toBe(400);
  });

  it('answers a missing object with a NotFound Status naming it as the real server does', async () => {
    const { status, json } = await k.call('GET', `${APPS}/deployments/nope`);
    expect(status).toBe(404);
    expect(json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
      code: 404,
    });
    expect((await k.call('GET', `${NS}/configmaps/nope`)).json).toMatchObject({ message: 'configmaps "nope" not found', details: { name: 'nope', kind: 'configmaps' } });
    expect((await k.call('GET', '/apis/apps/v1/namespaces/voicehive/widgets')).json).toMatchObject({ code: 404, message: 'the server could not find the requested resource' });
  });

  it('refuses a PATCH with an unsupported content type (415), a DELETE of a deployment (405) and bad JSON (400)', async () => {
    const patch = await k.call('PATCH', `${NS}/configmaps/rate-limit-config`, { body: { data: { burst: '1' } }, contentType: 'application/json' });
    expect(patch.status).toBe(415);
    expect(patch.json).toMatchObject({ reason: 'UnsupportedMediaType', message: expect.stringContaining('application/strategic-merge-patch+json') });
    expect((await k.call('PATCH', `${NS}/configmaps/rate-limit-config`, { body: { data: {} }, contentType: 'application/apply-patch+yaml' })).status).toBe(415);
    const remove = await k.call('DELETE', `${APPS}/deployments/orchestrator`);
    expect(remove.status).toBe(405);
    expect(remove.json).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed' });
    const bad = await k.call('PATCH', `${NS}/configmaps/rate-limit-config`, { body: '{"data":', contentType: MERGE });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ reason: 'BadRequest' });
    expect((await k.call('POST', `/apis/batch/v1/namespaces/voicehive/jobs`, { body: '{}', contentType: 'text/plain' })).status).toBe(415);
  });

  it('answers 409 Conflict to a write carrying a stale resourceVersion, and applies a current one', async () => {
    const cm = await k.get(`${NS}/configmaps/circuit-breaker-config`);
    const rv = (cm.metadata as { resourceVersion: string }).resourceVersion;
    const stale = await k.call('PATCH', `${NS}/configmaps/circuit-breaker-config`, { body: { metadata: { resourceVersion: String(Number(rv) - 1) }, data: { timeout: '30' } }, contentType: MERGE });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "circuit-breaker-config": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'circuit-breaker-config', kind: 'configmaps' },
    });
    const fresh = await k.call('PATCH', `${NS}/configmaps/circuit-breaker-config`, { body: { metadata: { resourceVersion: rv }, data: { timeout: '30' } }, contentType: MERGE });
    expect(fresh.status).toBe(200);
    expect(Number((fresh.json.metadata as { resourceVersion: string }).resourceVersion)).toBeGreaterThan(Number(rv));
    expect((fresh.json.data as Record<string, string>).timeout).toBe('30');
    const test = await k.call('PATCH', `${NS}/configmaps/circuit-breaker-config`, { body: [{ op: 'test', path: '/metadata/resourceVersion', value: rv }], contentType: 'application/json-patch+json' });
    expect(test.status).toBe(422);
  });

  it('answers 422 Invalid to negative or non-integer replicas and to a patch that breaks the object', async () => {
    const negative = await k.call('PATCH', `${APPS}/deployments/orchestrator/scale`, { body: { spec: { replicas: -1 } }, contentType: MERGE });
    expect(negative.status).toBe(422);
    expect(negative.json).toMatchObject({
      reason: 'Invalid',
      message: 'Scale.autoscaling "orchestrator" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      details: { name: 'orchestrator', group: 'autoscaling', kind: 'Scale', causes: [{ reason: 'FieldValueInvalid', field: 'spec.replicas' }] },
    });
    expect((await k.call('PATCH', `${APPS}/deployments/orchestrator`, { body: { spec: { replicas: 2.5 } }, contentType: MERGE })).status).toBe(422);
    expect((await k.call('PATCH', `${APPS}/deployments/orchestrator`, { body: { spec: { replicas: 'five' } }, contentType: MERGE })).json).toMatchObject({ code: 422, message: expect.stringContaining('spec.replicas') });
    const selector = await k.call('PATCH', `${APPS}/deployments/orchestrator`, { body: { spec: { template: { metadata: { labels: { app: 'other' } } } } }, contentType: SMP });
    expect(selector.json).toMatchObject({ code: 422, message: expect.stringContaining('`selector` does not match template `labels`') });
    const env = await k.call('PATCH', `${APPS}/deployments/orchestrator`, { body: { spec: { template: { spec: { containers: [{ name: 'orchestrator', env: [{ name: '1BAD', value: 'x' }] }] } } } }, contentType: SMP });
    expect(env.status).toBe(422);
    const key = await k.call('PATCH', `${NS}/configmaps/database-config`, { body: { data: { 'bad key': 'x' } }, contentType: MERGE });
    expect(key.json).toMatchObject({ code: 422, message: expect.stringContaining('ConfigMap "database-config" is invalid: data[bad key]') });
  });

  it('dryRun=All returns the would-be object and persists nothing; other dryRun values are a 400', async () => {
    const before = await k.get(`${APPS}/deployments/tts-router`);
    const rv = (before.metadata as { resourceVersion: string }).resourceVersion;
    const body = { spec: { template: { spec: { containers: [{ name: 'tts-router', env: [{ name: 'CACHE_ENABLED', value: 'true' }] }] } } } };
    const dry = await k.call('PATCH', `${APPS}/deployments/tts-router?dryRun=All`, { body, contentType: SMP });
    expect(dry.status).toBe(200);
    const env = (dry.json.spec as { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } }).template.spec.containers[0]!.env;
    expect(env.find((e) => e.name === 'CACHE_ENABLED')?.value).toBe('true');
    expect((dry.json.metadata as { resourceVersion: string; generation: number }).resourceVersion).toBe(rv);
    const after = await k.get(`${APPS}/deployments/tts-router`);
    expect((after.metadata as { resourceVersion: string }).resourceVersion).toBe(rv);
    expect(JSON.stringify(after.spec)).toBe(JSON.stringify(before.spec));
    expect((await k.call('PATCH', `${APPS}/deployments/tts-router?dryRun=true`, { body, contentType: SMP })).status).toBe(400);
    const podsBefore = namesOf(await k.get(`${NS}/pods?labelSelector=app%3Dconnectors`));
    const deleted = await k.call('DELETE', `${NS}/pods?labelSelector=app%3Dconnectors&dryRun=All`);
    expect(deleted.json).toMatchObject({ kind: 'PodList' });
    expect(namesOf(await k.get(`${NS}/pods?labelSelector=app%3Dconnectors`))).toEqual(podsBefore);
    expect(itemsOf(await k.get(`${NS}/pods?labelSelector=app%3Dconnectors`)).every((p) => !p.metadata.deletionTimestamp)).toBe(true);
  });

  it('merges env by name with a strategic merge patch and bumps generation', async () => {
    const before = await k.get(`${APPS}/deployments/connectors`);
    const body = { spec: { template: { spec: { containers: [{ name: 'connectors', env: [{ name: 'CIRCUIT_BREAKER_ENABLED', value: 'true' }] }] } } } };
    const { status, json } = await k.call('PATCH', `${APPS}/deployments/connectors`, { body, contentType: SMP });
    expect(status).toBe(200);
    const container = (json.spec as { template: { spec: { containers: { image: string; env: { name: string; value: string }[] }[] } } }).template.spec.containers[0]!;
    expect(container.env.map((e) => `${e.name}=${e.value}`)).toEqual(['LOG_LEVEL=INFO', 'CIRCUIT_BREAKER_ENABLED=true', 'PMS_TIMEOUT_SECONDS=10', 'PMS_VENDORS=apaleo,mews,opera,cloudbeds,protel']);
    expect(container.image).toBe('ghcr.io/voicehive/connectors:3.2.1');
    expect((json.metadata as { generation: number }).generation).toBe((before.metadata as { generation: number }).generation + 1);
  });

  it('patches a ConfigMap with a merge patch and lists events by field selector', async () => {
    const { json } = await k.call('PATCH', `${NS}/configmaps/alert-rules`.replace('voicehive', 'monitoring'), { body: { data: { high_error_rate: '0.05' } }, contentType: MERGE });
    expect(json).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', data: { high_error_rate: '0.05', low_call_success: '0.95' } });
    const warnings = await k.get(`${NS}/events?fieldSelector=type%3DWarning`);
    expect(warnings).toMatchObject({ kind: 'EventList' });
    expect((await k.call('GET', `${NS}/events?fieldSelector=spec.nope%3D1`)).status).toBe(400);
  });

  it('replaces a ConfigMap with PUT, checking kind, name and preconditions; pages a list with limit/continue', async () => {
    const cm = await k.get(`${NS}/configmaps/livekit-config`);
    const put = await k.call('PUT', `${NS}/configmaps/livekit-config`, { body: { ...cm, data: { server_url: 'wss://x' } } });
    expect(put.status).toBe(200);
    expect(put.json.data).toEqual({ server_url: 'wss://x' });
    expect((await k.call('PUT', `${NS}/configmaps/livekit-config`, { body: { ...cm, kind: 'Secret' } })).status).toBe(400);
    expect((await k.call('PUT', `${NS}/configmaps/livekit-config`, { body: { ...cm, metadata: { name: 'other' } } })).json).toMatchObject({ code: 400, message: 'the name of the object (other) does not match the name on the URL (livekit-config)' });
    const pod = itemsOf(await k.get(`${NS}/pods?labelSelector=app%3Dredis`))[0]!;
    const precondition = await k.call('DELETE', `${NS}/pods/${pod.metadata.name}`, { body: { preconditions: { uid: 'not-the-uid' } } });
    expect(precondition.json).toMatchObject({ code: 409, reason: 'Conflict', message: expect.stringContaining('Precondition failed: UID in precondition: not-the-uid') });
    const first = await k.get(`${NS}/configmaps?limit=2`);
    const token = (first.metadata as { continue?: string }).continue;
    expect(namesOf(first)).toHaveLength(2);
    expect(token).toBeDefined();
    const rest = await k.get(`${NS}/configmaps?limit=10&continue=${token}`);
    expect([...namesOf(first), ...namesOf(rest)]).toEqual(namesOf(await k.get(`${NS}/configmaps`)));
  });

  it('serves the scale subresource (GET, PUT, PATCH) as an autoscaling/v1 Scale', async () => {
    const scale = await k.get(`${APPS}/deployments/livekit-agent/scale`);
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'livekit-agent', namespace: 'voicehive' }, spec: { replicas: 3 }, status: { replicas: 3, selector: 'app=livekit-agent' } });
    const put = await k.call('PUT', `${APPS}/deployments/livekit-agent/scale`, { body: { ...scale, spec: { replicas: 4 } } });
    expect(put.json).toMatchObject({ spec: { replicas: 4 } });
    const stale = await k.call('PUT', `${APPS}/deployments/livekit-agent/scale`, { body: { ...scale, spec: { replicas: 5 } } });
    expect(stale.status).toBe(409);
    const patched = await k.call('PATCH', `${APPS}/deployments/livekit-agent/scale`, { body: { spec: { replicas: 5 } }, contentType: MERGE });
    expect(patched.json).toMatchObject({ spec: { replicas: 5 } });
    expect((await k.get(`${APPS}/deployments/livekit-agent`)).spec).toMatchObject({ replicas: 5 });
  });
});
