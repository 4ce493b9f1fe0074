import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getConsoleMetrics } from '../console-metrics';
import { kubernetesCalls } from './calls';
import { createKubernetesClient, type KubernetesClient } from './client';
import { KubernetesError } from './errors';
import type { KubernetesSettings } from './settings';

// A stand-in API server on loopback for what the simulator's double cannot be made to do on demand
// (hangs, a 401 without a body, HTML 5xx pages, a missing metrics API) and to see exactly what the
// adapter sends. The adapter against the double is exercised in test/integration/kubernetes-adapter.test.ts.

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
type Handler = (req: Seen, res: http.ServerResponse) => void;
const servers: http.Server[] = [];
const tmpDirs: string[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
  for (const dir of tmpDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function startFake(handler: Handler) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      handler(entry, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (res: http.ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
const list = (items: unknown[]) => ({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });

function explicit(url: string, over: Partial<Extract<KubernetesSettings, { mode: 'explicit' }>> = {}): KubernetesSettings {
  return { mode: 'explicit', apiUrl: url, token: 'test-token', insecureSkipTlsVerify: false, namespaces: ['voicehive', 'kube-system'], timeoutMs: 1000, ...over };
}

async function failure(promise: Promise<unknown>): Promise<KubernetesError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KubernetesError) return error;
    throw error;
  }
  throw new Error('expected a KubernetesError');
}

describe('Kubernetes adapter: what it refuses before sending anything', () => {
  it('refuses a namespace outside KUBE_NAMESPACES and malformed names, without a request', async () => {
    const fake = await startFake((_req, res) => json(res, 200, list([])));
    const k8s = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 0 });
    const refused = await failure(k8s.readDeployment('default', 'orchestrator'));
    expect(refused.code).toBe('namespace-not-allowed');
    expect(refused.message).toMatch(/deployment default\/orchestrator: namespace "default" is not one the console may use \(KUBE_NAMESPACES: voicehive, kube-system\)/);
    expect((await failure(k8s.evictPod('monitoring', 'x', { dryRun: true }))).code).toBe('namespace-not-allowed');
    expect((await failure(k8s.readConfigMap('voicehive', '../secrets'))).code).toBe('invalid-argument');
    expect((await failure(k8s.listPods('voicehive', 'app=x;rm'))).code).toBe('invalid-argument');
    expect((await failure(k8s.createJobFromCronJob('voicehive', 'data-retention-cleanup', 'x'.repeat(64)))).code).toBe('invalid-argument');
    expect((await failure(k8s.patchConfigMapMerge('voicehive', 'c', { 'bad key': 'v' }, { resourceVersion: '1' }))).code).toBe('invalid-argument');
    expect((await failure(k8s.patchConfigMapMerge('voicehive', 'c', { k: 'v' }, { resourceVersion: '' }))).code).toBe('invalid-argument');
    expect(fake.seen).toEqual([]);
  });

  it('says Kubernetes is not configured when it is off', async () => {
    const k8s = createKubernetesClient({ mode: 'off', namespaces: ['voicehive'], timeoutMs: 1000 }, { cacheTtlMs: 0 });
    const error = await failure(k8s.listDeployments('voicehive', 'app=orchestrator'));
    expect(error.code).toBe('not-configured');
    expect(error.message).toMatch(/Kubernetes is not configured/);
  });

  it('says which setting is wrong when the connection cannot be built', async () => {
    const k8s = createKubernetesClient({ mode: 'kubeconfig', kubeconfigPath: '/nonexistent/kubeconfig', namespaces: ['voicehive'], timeoutMs: 1000 }, { cacheTtlMs: 0 });
    const error = await failure(k8s.readDeployment('voicehive', 'orchestrator'));
    expect(error.code).toBe('not-configured');
    expect(error.message).toMatch(/cannot read KUBECONFIG \/nonexistent\/kubeconfig/);
  });

  it('implements every function of the kubernetesCalls table and nothing else', () => {
    const k8s = createKubernetesClient({ mode: 'off', namespaces: ['voicehive'], timeoutMs: 1000 }, { cacheTtlMs: 0 });
    const functions = Object.keys(k8s).filter((k) => typeof (k8s as unknown as Record<string, unknown>)[k] === 'function');
    expect(functions.sort()).toEqual(Object.keys(kubernetesCalls).sort());
  });
});

describe('Kubernetes adapter: what it sends', () => {
  it('sends patches with their patch type, the precondition, dryRun=All and fieldManager=voicehive-ops', async () => {
    const fake = await startFake((req, res) => json(res, 200, { metadata: { name: 'x', resourceVersion: '8' } }));
    const k8s = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 0 });
    await k8s.patchDeploymentStrategic('voicehive', 'orchestrator', { spec: { paused: false } }, { dryRun: true });
    await k8s.patchScale('voicehive', 'orchestrator', 4, { resourceVersion: '41' });
    await k8s.patchConfigMapMerge('voicehive', 'rate-limit-config', { limit: '100', old: null }, { resourceVersion: '7', dryRun: true });
    await k8s.evictPod('voicehive', 'orchestrator-abc', { dryRun: true, uid: 'u-1' });
    expect(fake.seen.map((r) => [r.method, r.url, r.headers['content-type'], r.headers.authorization])).toEqual([
      ['PATCH', '/apis/apps/v1/namespaces/voicehive/deployments/orchestrator?dryRun=All&fieldManager=voicehive-ops&fieldValidation=Strict', 'application/strategic-merge-patch+json', 'Bearer test-token'],
      ['PATCH', '/apis/apps/v1/namespaces/voicehive/deployments/orchestrator/scale?fieldManager=voicehive-ops&fieldValidation=Strict', 'application/merge-patch+json', 'Bearer test-token'],
      ['PATCH', '/api/v1/namespaces/voicehive/configmaps/rate-limit-config?dryRun=All&fieldManager=voicehive-ops&fieldValidation=Strict', 'application/merge-patch+json', 'Bearer test-token'],
      ['POST', '/api/v1/namespaces/voicehive/pods/orchestrator-abc/eviction?dryRun=All&fieldManager=voicehive-ops&fieldValidation=Strict', 'application/json', 'Bearer test-token'],
    ]);
    expect(JSON.parse(fake.seen[1]!.body)).toEqual({ metadata: { resourceVersion: '41' }, spec: { replicas: 4 } });
    expect(JSON.parse(fake.seen[2]!.body)).toEqual({ metadata: { resourceVersion: '7' }, data: { limit: '100', old: null } });
    expect(JSON.parse(fake.seen[3]!.body)).toEqual({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'orchestrator-abc', namespace: 'voicehive' }, deleteOptions: { preconditions: { uid: 'u-1' } } });
  });

  it('creates a Job from the CronJob it has just read', async () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'data-retention-cleanup', namespace: 'voicehive', uid: '1234' },
      spec: { schedule: '0 3 * * *', jobTemplate: { metadata: { labels: { app: 'retention' } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'cleanup', image: 'retention:1' }] } } } } },
    };
    const fake = await startFake((req, res) => (req.method === 'GET' ? json(res, 200, cronJob) : json(res, 201, JSON.parse(req.body))));
    const k8s = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 0 });
    const job = await k8s.createJobFromCronJob('voicehive', 'data-retention-cleanup', 'data-retention-cleanup-manual-1', { dryRun: true });
    expect(fake.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /apis/batch/v1/namespaces/voicehive/cronjobs/data-retention-cleanup', 'POST /apis/batch/v1/namespaces/voicehive/jobs?dryRun=All&fieldManager=voicehive-ops&fieldValidation=Strict']);
    const sent = JSON.parse(fake.seen[1]!.body);
    expect(sent.metadata).toEqual({
      name: 'data-retention-cleanup-manual-1',
      namespace: 'voicehive',
      labels: { app: 'retention' },
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'data-retention-cleanup', uid: '1234', controller: true }],
    });
    expect(sent.spec.template.spec.containers[0].image).toBe('retention:1');
    expect(job.metadata?.name).toBe('data-retention-cleanup-manual-1');
  });

  it('reads a bounded log and masks it before returning it', async () => {
    const fake = await startFake((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('INFO guest ana@example.com\nERROR card 4111 1111 1111 1111 declined\n'));
    const k8s = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 0 });
    const lines = await k8s.readPodLog('voicehive', 'orchestrator-abc', { container: 'orchestrator', tailLines: 999_999, sinceSeconds: 600 });
    expect(lines).toEqual(['INFO guest [email]', 'ERROR card [card] declined']);
    const url = new URL(fake.seen[0]!.url, fake.url);
    expect(url.pathname).toBe('/api/v1/namespaces/voicehive/pods/orchestrator-abc/log');
    expect(Object.fromEntries(url.searchParams)).toEqual({ container: 'orchestrator', tailLines: '5000', sinceSeconds: '600', limitBytes: String(2 * 1024 * 1024) });
  });

  it('reads the bearer token from KUBE_TOKEN_FILE, trimmed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-token-'));
    tmpDirs.push(dir);
    fs.writeFileSync(path.join(dir, 'token'), 'file-token\n');
    const fake = await startFake((_req, res) => json(res, 200, list([])));
    const k8s = createKubernetesClient(explicit(fake.url, { token: undefined, tokenFile: path.join(dir, 'token') }), { cacheTtlMs: 0 });
    await k8s.listHpas('voicehive');
    expect(fake.seen[0]!.headers.authorization).toBe('Bearer file-token');
    expect(fake.seen[0]!.url).toBe('/apis/autoscaling/v2/namespaces/voicehive/horizontalpodautoscalers');
  });

  it('lists Warning events only, newest first, optionally for some objects', async () => {
    const event = (name: string, type: string, at: string) => ({ metadata: { name: `${name}.1` }, type, reason: 'R', involvedObject: { kind: 'Pod', name }, lastTimestamp: at });
    const fake = await startFake((_req, res) =>
      json(res, 200, list([event('a', 'Warning', '2024-06-10T10:00:00Z'), event('b', 'Warning', '2024-06-10T11:00:00Z'), event('c', 'Normal', '2024-06-10T12:00:00Z')])),
    );
    const k8s = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 0 });
    expect((await k8s.listWarningEvents('voicehive')).map((e) => e.involvedObject.name)).toEqual(['b', 'a']);
    expect((await k8s.listWarningEvents('voicehive', ['a'])).map((e) => e.involvedObject.name)).toEqual(['a']);
    expect(new URL(fake.seen[0]!.url, fake.url).searchParams.get('fieldSelector')).toBe('type=Warning');
  });
});

describe('Kubernetes adapter: shared reads', () => {
  it('answers identical list reads once per TTL, asks again when fresh, and forgets after a change', async () => {
    const fake = await startFake((req, res) => setTimeout(() => json(res, 200, req.method === 'GET' ? list([{ metadata: { name: 'p' } }]) : {}), 20));
    const k8s = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 60_000 });
    await Promise.all(Array.from({ length: 10 }, () => k8s.listPods('voicehive', 'app=orchestrator')));
    await k8s.listPods('voicehive', 'app=orchestrator');
    expect(fake.seen).toHaveLength(1);
    await k8s.listPods('voicehive', 'app=orchestrator', { fresh: true });
    expect(fake.seen).toHaveLength(2);
    await k8s.evictPod('voicehive', 'p', { dryRun: true });
    await k8s.listPods('voicehive', 'app=orchestrator');
    expect(fake.seen).toHaveLength(3); // a dry run changes nothing, so the cache stays
    await k8s.evictPod('voicehive', 'p');
    await k8s.listPods('voicehive', 'app=orchestrator');
    expect(fake.seen.map((r) => r.method)).toEqual(['GET', 'GET', 'POST', 'POST', 'GET']);
  });

  it('lets a shared read in flight finish for those waiting on it when a change starts meanwhile', async () => {
    const fake = await startFake((req, res) => setTimeout(() => json(res, 200, req.method === 'GET' ? list([{ metadata: { name: 'd' } }]) : {}), 50));
    const k8s = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 60_000 });
    const reading = k8s.listDeployments('voicehive');
    await k8s.patchScale('voicehive', 'd', 2);
    expect((await reading).map((d) => d.metadata?.name)).toEqual(['d']);
    await k8s.listDeployments('voicehive');
    expect(fake.seen.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET']);
  });
});

describe('Kubernetes adapter: errors name the object and keep the server’s words', () => {
  const cases: { status: number; body?: unknown; code: string; message: RegExp }[] = [
    { status: 400, body: status(400, 'BadRequest', 'unable to parse requirement'), code: 'bad-request', message: /could not read the request \(HTTP 400\) \(BadRequest: unable to parse requirement\)/ },
    { status: 401, code: 'unauthorized', message: /deployment voicehive\/orchestrator: the API server rejected the console's credentials \(HTTP 401\)/ },
    {
      status: 403,
      body: status(403, 'Forbidden', 'deployments.apps "orchestrator" is forbidden: User "system:serviceaccount:voicehive-ops:voicehive-ops" cannot get resource "deployments"'),
      code: 'forbidden',
      message: /may not get deployments in namespace voicehive \(HTTP 403\); see deploy\/kubernetes\/rbac.yaml \(Forbidden: deployments.apps "orchestrator" is forbidden/,
    },
    { status: 404, body: status(404, 'NotFound', 'deployments.apps "orchestrator" not found'), code: 'not-found', message: /deployment voicehive\/orchestrator not found \(HTTP 404\) \(NotFound: deployments.apps "orchestrator" not found\)/ },
    { status: 409, body: status(409, 'Conflict', 'the object has been modified'), code: 'conflict', message: /changed since it was read.*\(Conflict: the object has been modified\)/ },
    { status: 415, body: status(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format'), code: 'unsupported-media-type', message: /refused the request's content type \(HTTP 415\)/ },
    { status: 422, body: status(422, 'Invalid', 'spec.replicas: Invalid value: -1'), code: 'invalid', message: /the change is invalid \(HTTP 422\) \(Invalid: spec.replicas: Invalid value: -1\)/ },
    { status: 429, body: status(429, 'TooManyRequests', 'slow down'), code: 'throttled', message: /throttling/ },
    { status: 503, body: '<html>Service Unavailable</html>', code: 'server-error', message: /the API server failed \(HTTP 503\) \(<html>Service Unavailable<\/html>\)/ },
    { status: 418, body: status(418, 'Teapot', 'no'), code: 'http-error', message: /unexpected answer HTTP 418/ },
  ];

  it.each(cases)('HTTP $status → $code', async ({ status: code, body, message, code: expected }) => {
    const fake = await startFake((_req, res) => {
      if (body === undefined) res.writeHead(code).end();
      else if (typeof body === 'string') res.writeHead(code, { 'content-type': 'text/html' }).end(body);
      else json(res, code, body);
    });
    const k8s = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 0 });
    const error = await failure(k8s.readDeployment('voicehive', 'orchestrator'));
    expect(error).toBeInstanceOf(KubernetesError);
    expect(error.code).toBe(expected);
    expect(error.status).toBe(code);
    expect(error.upstream).toBe('kubernetes');
    expect(error.target).toBe('deployment voicehive/orchestrator');
    expect(error.message).toMatch(message);
    if (typeof body === 'object') expect(error.details.reason).toBe((body as { reason: string }).reason);
  });

  it('gives up after the timeout when the server does not answer, or stops half-way through the body', async () => {
    const hang = await startFake(() => {});
    const k8s = createKubernetesClient(explicit(hang.url, { timeoutMs: 300 }), { cacheTtlMs: 0 });
    const started = Date.now();
    const error = await failure(k8s.readConfigMap('voicehive', 'rate-limit-config'));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('kubernetes: configmap voicehive/rate-limit-config: no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(2000);

    const stall = await startFake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"kind":"ConfigMap","data":{');
    });
    const stalled = createKubernetesClient(explicit(stall.url, { timeoutMs: 300 }), { cacheTtlMs: 0 });
    expect((await failure(stalled.readConfigMap('voicehive', 'rate-limit-config'))).code).toBe('timeout');
  });

  it('says the API server cannot be reached when nothing listens', async () => {
    const closed = await startFake(() => {});
    const url = closed.url;
    await new Promise((r) => servers.pop()!.close(r));
    const k8s = createKubernetesClient(explicit(url, { timeoutMs: 2000 }), { cacheTtlMs: 0 });
    const error = await failure(k8s.listDeployments('voicehive'));
    expect(error.code).toBe('unreachable');
    expect(error.status).toBeNull();
    expect(error.message).toMatch(/deployments in voicehive: the API server cannot be reached \(connection refused\)/);
  });

  it('counts requests and failures in the console metrics', async () => {
    const metrics = getConsoleMetrics();
    const count = async (outcome: string) => (await metrics.upstreamRequests.get()).values.find((v) => v.labels.upstream === 'kubernetes' && v.labels.outcome === outcome)?.value ?? 0;
    const before = { ok: await count('ok'), error: await count('error') };
    const fake = await startFake((req, res) => (req.url.includes('missing') ? json(res, 404, status(404, 'NotFound', 'x')) : json(res, 200, { metadata: { name: 'x' } })));
    const k8s = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 0 });
    await k8s.readDeployment('voicehive', 'orchestrator');
    await failure(k8s.readDeployment('voicehive', 'missing'));
    expect((await count('ok')) - before.ok).toBe(1);
    expect((await count('error')) - before.error).toBe(1);
  });
});

describe('Kubernetes adapter: pod metrics', () => {
  it('reads metrics.k8s.io and converts quantities', async () => {
    const fake = await startFake((_req, res) =>
      json(res, 200, { kind: 'PodMetricsList', items: [{ metadata: { name: 'orchestrator-1' }, timestamp: '2024-06-10T12:00:00Z', window: '30s', containers: [{ name: 'orchestrator', usage: { cpu: '250000000n', memory: '512Mi' } }] }] }),
    );
    const k8s: KubernetesClient = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 0 });
    expect(await k8s.listPodMetrics('voicehive', 'app=orchestrator')).toEqual({
      available: true,
      pods: [{ name: 'orchestrator-1', timestamp: '2024-06-10T12:00:00Z', window: '30s', containers: [{ name: 'orchestrator', cpuMillicores: 250, memoryBytes: 536_870_912 }] }],
    });
    expect(fake.seen[0]!.url).toBe('/apis/metrics.k8s.io/v1beta1/namespaces/voicehive/pods?labelSelector=app%3Dorchestrator');
  });

  it.each([
    [404, 'absent', /metrics\.k8s\.io is not served by this cluster \(no metrics-server\?\) \(HTTP 404\)/],
    [503, 'down', /metrics\.k8s\.io is registered but not answering \(HTTP 503: service unavailable\)/],
  ] as const)('is "not available", not an error, when the API answers %i: %s', async (code, state, reason) => {
    // As kube-apiserver sends them: Go's plain-text 404 for an unregistered group, the aggregator's plain-text 503.
    const fake = await startFake((_req, res) => res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(code === 404 ? '404 page not found\n' : 'service unavailable\n'));
    const k8s = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 0 });
    expect(await k8s.listPodMetrics('voicehive')).toEqual({ available: false, state, reason: expect.stringMatching(reason) });
  });

  it('still fails on other errors (RBAC, timeouts)', async () => {
    const fake = await startFake((_req, res) => json(res, 403, status(403, 'Forbidden', 'no')));
    const k8s = createKubernetesClient(explicit(fake.url), { cacheTtlMs: 0 });
    const error = await failure(k8s.listPodMetrics('voicehive'));
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/may not list pods in namespace voicehive/);
  });
});
