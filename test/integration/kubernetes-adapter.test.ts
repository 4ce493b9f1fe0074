// The Kubernetes adapter (lib/server/kubernetes) against the simulator's Kubernetes API double.
//
// No real API server can run here (no cluster, no kind/k3s), so the double served by startSimulator
// stands in for one: the same paths, verbs, Status bodies, patch types, dryRun, resourceVersion
// preconditions and a controller that rolls Deployments out. The test is written against the real
// API's behaviour; where the double differed, that was reported, not worked around here. Hangs, a 401
// without a body, a missing metrics API and HTML 5xx pages are covered by lib/server/kubernetes/client.test.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';
import { KubernetesError } from '@/lib/server/kubernetes/errors';
import { restartPatch, RESTARTED_AT_ANNOTATION, setEnvPatch } from '@/lib/kubernetes/patches';
import { INSTANTIATE_ANNOTATION } from '@/lib/kubernetes/jobs';
import { deploymentView, podView } from '@/lib/kubernetes/views';
import { CARDS, EMAILS, PHONES } from '@/sim/kube/log-lines';
import { startSimulator, type Simulator } from '@/sim/server';
import { waitUntil } from '@/scripts/stack/processes';

// The adapter's protocol is tested with the double's admin token: it reads and changes objects no
// runbook names (the scale subresource, a Job by name, a missing deployment). What the console's own
// service account may do is tested in kubernetes-catalog-rbac.test.ts.
const TOKEN = 'voicehive-sim-kube-admin-token';
const NS = 'voicehive';
const CONTRACT_DEPLOYMENTS = ['connectors', 'livekit-agent', 'media-agent', 'orchestrator', 'riva-server', 'tts-router'];

let sim: Simulator;
let k8s: KubernetesClient;
let clientFor: (env: Record<string, string>) => Promise<KubernetesClient>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  // Set before the adapter is imported: it reads its configuration from the environment.
  Object.assign(process.env, { KUBE_API_URL: sim.url, KUBE_TOKEN: TOKEN, KUBE_TIMEOUT_MS: '5000', UPSTREAM_CACHE_TTL_MS: '500' });
  const { parseEnv } = await import('@/lib/env');
  const { createKubernetesClient } = await import('@/lib/server/kubernetes/client');
  const { resolveKubernetesSettings } = await import('@/lib/server/kubernetes/settings');
  const { getKubernetes } = await import('@/lib/server/kubernetes/instance');
  k8s = getKubernetes();
  clientFor = async (env) => {
    const parsed = parseEnv({ ...process.env, ...env });
    return createKubernetesClient(resolveKubernetesSettings(parsed, () => false), { cacheTtlMs: 0 });
  };
});

afterAll(async () => {
  await sim?.close();
});

async function failure(promise: Promise<unknown>): Promise<KubernetesError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KubernetesError) return error;
    throw error;
  }
  throw new Error('expected a KubernetesError');
}

const replicasOf = async (name: string) => (await k8s.readScale(NS, name)).spec?.replicas;

async function waitForRollout(name: string, generation: number, what: string, timeoutMs = 60_000) {
  let last = '';
  await waitUntil(
    async () => {
      const view = deploymentView(await k8s.readDeployment(NS, name));
      last = `${view.rolloutStatus}: ${view.rolloutReason} (observed ${view.observedGeneration} of ${generation})`;
      return view.rolloutStatus === 'complete' && (view.observedGeneration ?? 0) >= generation;
    },
    `${what}; last seen ${last}`,
    timeoutMs,
    250,
  );
}

describe('reads', () => {
  it('lists the contract deployments, and narrows by label selector', async () => {
    const all = await k8s.listDeployments(NS, undefined, { fresh: true });
    expect(all.map((d) => d.metadata?.name).sort()).toEqual(expect.arrayContaining(CONTRACT_DEPLOYMENTS));
    const two = await k8s.listDeployments(NS, 'app in (media-agent,orchestrator)', { fresh: true });
    expect(two.map((d) => d.metadata?.name).sort()).toEqual(['media-agent', 'orchestrator']);
    const one = await k8s.listDeployments(NS, 'app=orchestrator', { fresh: true });
    expect(one.map((d) => deploymentView(d))).toEqual([expect.objectContaining({ name: 'orchestrator', namespace: NS, rolloutStatus: 'complete' })]);
    expect((await k8s.readDeployment('kube-system', 'coredns')).metadata?.name).toBe('coredns');
    expect((await k8s.readDeployment('monitoring', 'prometheus')).metadata?.name).toBe('prometheus');
  });

  it('lists pods by selector, each owned by its deployment', async () => {
    const pods = await k8s.listPods(NS, 'app=orchestrator', { fresh: true });
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      expect(pod.metadata?.labels?.app).toBe('orchestrator');
      const view = podView(pod);
      expect(view).toMatchObject({ deployment: 'orchestrator', phase: 'Running' });
      expect(view.ready).toMatch(/^\d+\/\d+$/);
    }
    const none = await k8s.listPods(NS, 'app=no-such-app', { fresh: true });
    expect(none).toEqual([]);
    const replicaSets = await k8s.listReplicaSets(NS, 'app=orchestrator', { fresh: true });
    expect(replicaSets.some((rs) => rs.metadata?.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === 'orchestrator'))).toBe(true);
  });

  it('reads configmaps, the cronjob, HPAs, warning events and pod metrics', async () => {
    for (const name of ['rate-limit-config', 'circuit-breaker-config', 'database-config', 'security-config', 'livekit-config']) {
      const cm = await k8s.readConfigMap(NS, name);
      expect(cm.metadata?.resourceVersion, name).toBeTruthy();
    }
    const cronJob = await k8s.readCronJob(NS, 'data-retention-cleanup');
    expect(cronJob.spec?.jobTemplate.spec?.template).toBeDefined();
    expect(Array.isArray(await k8s.listHpas(NS, { fresh: true }))).toBe(true);
    const events = await k8s.listWarningEvents(NS, undefined, { fresh: true });
    expect(events.every((e) => e.type === 'Warning')).toBe(true);
    const metrics = await k8s.listPodMetrics(NS, 'app=orchestrator', { fresh: true });
    // Either served, or "not available" — never a failure.
    if (metrics.available) expect(metrics.pods.every((p) => p.containers.length > 0)).toBe(true);
    else expect(metrics.reason).toMatch(/metrics.k8s.io is not available/);
  });

  it('masks personal data in pod logs', async () => {
    // pii-leak makes the orchestrator log guests' e-mails, phone numbers and card numbers.
    sim.setScenario('pii-leak');
    try {
      const [pod] = await k8s.listPods(NS, 'app=orchestrator', { fresh: true });
      const name = pod!.metadata!.name!;
      const raw = async () => (await fetch(`${sim.url}/api/v1/namespaces/${NS}/pods/${name}/log?tailLines=2000`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      await waitUntil(async () => {
        const text = await raw();
        return CARDS.some((card) => text.includes(card)) && EMAILS.some((email) => text.includes(email));
      }, 'the orchestrator to log card numbers and e-mails', 60_000, 500);
      const lines = await k8s.readPodLog(NS, name, { tailLines: 2000 });
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBeLessThanOrEqual(2000);
      const text = lines.join('\n');
      expect(text).toContain('[email]');
      expect(text).toContain('[phone]');
      expect(text).toContain('[card]');
      for (const secret of [...EMAILS, ...PHONES, ...CARDS]) expect(text, secret).not.toContain(secret);
      const short = await k8s.readPodLog(NS, name, { tailLines: 20 });
      expect(short.length).toBeLessThanOrEqual(20);
    } finally {
      sim.setScenario('healthy');
    }
  });
});

describe('errors name the object', () => {
  it('404: a deployment that does not exist', async () => {
    const error = await failure(k8s.readDeployment(NS, 'no-such-deployment'));
    expect(error).toMatchObject({ code: 'not-found', status: 404, target: 'deployment voicehive/no-such-deployment' });
    expect(error.message).toMatch(/^kubernetes: deployment voicehive\/no-such-deployment not found \(HTTP 404\) \(NotFound: /);
    expect(error.details.reason).toBe('NotFound');
  });

  it('409: a ConfigMap patch bound to a stale resourceVersion', async () => {
    const before = await k8s.readConfigMap(NS, 'rate-limit-config');
    const staleVersion = before.metadata!.resourceVersion!;
    const [key, value] = Object.entries(before.data ?? {})[0] ?? ['integration-key', undefined];
    // Someone else changes it after our read…
    const touched = await k8s.patchConfigMapMerge(NS, 'rate-limit-config', { 'integration-touch': String(Date.now()) }, { resourceVersion: staleVersion });
    expect(touched.metadata?.resourceVersion).not.toBe(staleVersion);
    // …so our write, bound to what we read, is refused and changes nothing.
    const error = await failure(k8s.patchConfigMapMerge(NS, 'rate-limit-config', { [key]: 'stale-write' }, { resourceVersion: staleVersion }));
    expect(error).toMatchObject({ code: 'conflict', status: 409, target: 'configmap voicehive/rate-limit-config' });
    expect(error.message).toMatch(/configmap voicehive\/rate-limit-config changed since it was read/);
    expect(error.details.reason).toBe('Conflict');
    expect((await k8s.readConfigMap(NS, 'rate-limit-config')).data?.[key]).toBe(value);
    await k8s.patchConfigMapMerge(NS, 'rate-limit-config', { 'integration-touch': null }, { resourceVersion: touched.metadata!.resourceVersion! });
  });

  it('415: a patch sent as plain JSON (what client-node does without the patch-type header)', async () => {
    const response = await fetch(`${sim.url}/apis/apps/v1/namespaces/${NS}/deployments/orchestrator`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ spec: { replicas: 2 } }),
    });
    expect(response.status).toBe(415);
    const { fromHttpStatus } = await import('@/lib/server/kubernetes/errors');
    const error = fromHttpStatus(415, await response.text(), { object: 'deployment voicehive/orchestrator', verb: 'patch', resource: 'deployments', namespace: NS });
    expect(error).toMatchObject({ code: 'unsupported-media-type', details: { reason: 'UnsupportedMediaType' } });
    expect(error.message).toMatch(/deployment voicehive\/orchestrator: the API server refused the request's content type \(HTTP 415\)/);
  });

  it('422: a negative replica count', async () => {
    const error = await failure(k8s.patchScale(NS, 'orchestrator', -1));
    expect(error).toMatchObject({ code: 'invalid', status: 422, target: 'scale of deployment voicehive/orchestrator' });
    expect(error.details.reason).toBe('Invalid');
    expect(error.message).toMatch(/scale of deployment voicehive\/orchestrator: the change is invalid \(HTTP 422\) \(Invalid: .*replicas/);
  });

  it('400: a change with a field the API does not know is refused (fieldValidation=Strict), not dropped with a warning', async () => {
    const before = await k8s.readDeployment(NS, 'orchestrator');
    const error = await failure(k8s.patchDeploymentStrategic(NS, 'orchestrator', { spec: { template: { spec: { containers: [{ name: 'orchestrator', envv: [] }] } } } }));
    expect(error).toMatchObject({ code: 'bad-request', status: 400, details: { reason: 'BadRequest', serverMessage: 'strict decoding error: unknown field "spec.template.spec.containers[0].envv"' } });
    expect((await k8s.readDeployment(NS, 'orchestrator')).metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
  });

  it('401: a token the API server does not accept', async () => {
    const stranger = await clientFor({ KUBE_TOKEN: 'not-the-token' });
    const error = await failure(stranger.listDeployments(NS));
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('refuses a namespace outside KUBE_NAMESPACES before sending anything', async () => {
    const error = await failure(k8s.listPods('default', 'app=orchestrator'));
    expect(error).toMatchObject({ code: 'namespace-not-allowed', status: null });
    const narrow = await clientFor({ KUBE_NAMESPACES: 'monitoring' });
    expect((await failure(narrow.readDeployment(NS, 'orchestrator'))).code).toBe('namespace-not-allowed');
  });

  it('an unreachable API server is a typed error within the timeout', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const gone = await clientFor({ KUBE_API_URL: `http://127.0.0.1:${port}`, KUBE_TIMEOUT_MS: '1500' });
    const started = Date.now();
    const error = await failure(gone.readDeployment(NS, 'orchestrator'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toMatchObject({ code: 'unreachable', status: null });
    expect(error.message).toMatch(/deployment voicehive\/orchestrator: the API server cannot be reached \(connection refused\)/);
  });
});

describe('dry runs persist nothing', () => {
  it('scale, env, restart, configmap, pod delete and job creation with dryRun=All', async () => {
    const deployment = await k8s.readDeployment(NS, 'orchestrator');
    const replicas = deployment.spec?.replicas;
    const scaled = await k8s.patchScale(NS, 'orchestrator', (replicas ?? 1) + 3, { dryRun: true });
    expect(scaled.spec?.replicas).toBe((replicas ?? 1) + 3);
    const patched = await k8s.patchDeploymentStrategic(NS, 'orchestrator', setEnvPatch('orchestrator', { DRY_RUN_ONLY: 'yes' }), { dryRun: true });
    expect(patched.spec?.template.spec?.containers.find((c) => c.name === 'orchestrator')?.env?.some((e) => e.name === 'DRY_RUN_ONLY')).toBe(true);
    await k8s.patchDeploymentStrategic(NS, 'orchestrator', restartPatch(), { dryRun: true });
    const after = await k8s.readDeployment(NS, 'orchestrator');
    expect(after.metadata?.generation).toBe(deployment.metadata?.generation);
    expect(after.metadata?.resourceVersion).toBe(deployment.metadata?.resourceVersion);
    expect(after.spec?.replicas).toBe(replicas);
    expect(JSON.stringify(after.spec?.template)).not.toContain('DRY_RUN_ONLY');

    const cm = await k8s.readConfigMap(NS, 'circuit-breaker-config');
    const dry = await k8s.patchConfigMapMerge(NS, 'circuit-breaker-config', { 'dry-run-key': 'x' }, { resourceVersion: cm.metadata!.resourceVersion!, dryRun: true });
    expect(dry.data?.['dry-run-key']).toBe('x');
    const cmAfter = await k8s.readConfigMap(NS, 'circuit-breaker-config');
    expect(cmAfter.data).toEqual(cm.data);
    expect(cmAfter.metadata?.resourceVersion).toBe(cm.metadata?.resourceVersion);

    const [pod] = await k8s.listPods(NS, 'app=orchestrator', { fresh: true });
    await k8s.evictPod(NS, pod!.metadata!.name!, { dryRun: true });
    const podsAfter = await k8s.listPods(NS, 'app=orchestrator', { fresh: true });
    expect(podsAfter.find((p) => p.metadata?.name === pod!.metadata!.name)?.metadata?.deletionTimestamp).toBeUndefined();

    const jobName = `retention-dry-${Date.now().toString(36)}`;
    const job = await k8s.createJobFromCronJob(NS, 'data-retention-cleanup', jobName, { dryRun: true });
    expect(job.metadata?.name).toBe(jobName);
    expect((await failure(k8s.readJob(NS, jobName))).code).toBe('not-found');
  });
});

describe('changes', () => {
  it('sets an env var with a strategic merge patch, keeping the rest, and reads it back', async () => {
    const before = await k8s.readDeployment(NS, 'orchestrator');
    const envBefore = before.spec?.template.spec?.containers.find((c) => c.name === 'orchestrator')?.env ?? [];
    const containersBefore = before.spec?.template.spec?.containers.length;
    const patched = await k8s.patchDeploymentStrategic(NS, 'orchestrator', setEnvPatch('orchestrator', { INTEGRATION_LOG_LEVEL: 'debug' }));
    expect(patched.metadata?.generation).toBe((before.metadata?.generation ?? 0) + 1);
    const read = await k8s.readDeployment(NS, 'orchestrator');
    const env = read.spec?.template.spec?.containers.find((c) => c.name === 'orchestrator')?.env ?? [];
    expect(read.spec?.template.spec?.containers).toHaveLength(containersBefore!);
    expect(env.find((e) => e.name === 'INTEGRATION_LOG_LEVEL')?.value).toBe('debug');
    for (const e of envBefore) expect(env).toContainEqual(expect.objectContaining({ name: e.name }));
    await waitForRollout('orchestrator', patched.metadata!.generation!, 'orchestrator to roll out the env change');
    const removed = await k8s.patchDeploymentStrategic(NS, 'orchestrator', setEnvPatch('orchestrator', { INTEGRATION_LOG_LEVEL: null }));
    expect(removed.spec?.template.spec?.containers.find((c) => c.name === 'orchestrator')?.env?.some((e) => e.name === 'INTEGRATION_LOG_LEVEL') ?? false).toBe(false);
    await waitForRollout('orchestrator', removed.metadata!.generation!, 'orchestrator to roll out the env removal');
  });

  it('scales through the scale subresource, bound to the resourceVersion it read', async () => {
    const scale = await k8s.readScale(NS, 'tts-router');
    const original = scale.spec!.replicas!;
    try {
      const result = await k8s.patchScale(NS, 'tts-router', original + 1, { resourceVersion: scale.metadata!.resourceVersion! });
      expect(result.spec?.replicas).toBe(original + 1);
      expect(await replicasOf('tts-router')).toBe(original + 1);
      await waitUntil(async () => deploymentView(await k8s.readDeployment(NS, 'tts-router')).available === original + 1, 'tts-router to have one more available replica', 60_000, 250);
      const stale = await failure(k8s.patchScale(NS, 'tts-router', original + 2, { resourceVersion: scale.metadata!.resourceVersion! }));
      expect(stale.code).toBe('conflict');
    } finally {
      await k8s.patchScale(NS, 'tts-router', original);
    }
    expect(await replicasOf('tts-router')).toBe(original);
  });

  it('restarts with the restartedAt annotation: a new rollout that completes', async () => {
    const before = await k8s.readDeployment(NS, 'media-agent');
    const podsBefore = (await k8s.listPods(NS, 'app=media-agent', { fresh: true })).map((p) => p.metadata?.name);
    const patched = await k8s.patchDeploymentStrategic(NS, 'media-agent', restartPatch());
    expect(patched.metadata?.generation).toBe((before.metadata?.generation ?? 0) + 1);
    expect(patched.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION]).toBeTruthy();
    await waitForRollout('media-agent', patched.metadata!.generation!, 'media-agent restart to complete');
    const podsAfter = (await k8s.listPods(NS, 'app=media-agent', { fresh: true })).filter((p) => !p.metadata?.deletionTimestamp).map((p) => p.metadata?.name);
    expect(podsAfter.length).toBe(before.spec?.replicas);
    expect(podsAfter.some((name) => podsBefore.includes(name))).toBe(false);
  });

  it('evicts a pod, which its ReplicaSet replaces', async () => {
    const pods = await k8s.listPods(NS, 'app=connectors', { fresh: true });
    const victim = pods[0]!.metadata!.name!;
    await k8s.evictPod(NS, victim, { uid: pods[0]!.metadata!.uid });
    await waitUntil(
      async () => {
        const now = await k8s.listPods(NS, 'app=connectors', { fresh: true });
        const live = now.filter((p) => !p.metadata?.deletionTimestamp);
        // Gone entirely (a real pod first terminates for its grace period), and replaced.
        return !now.some((p) => p.metadata?.name === victim) && live.length === pods.length;
      },
      `connectors pod ${victim} to be gone and replaced`,
      90_000,
      250,
    );
    expect((await failure(k8s.evictPod(NS, victim))).code).toBe('not-found');
  });

  it('creates a Job from the CronJob like kubectl create job --from=cronjob', async () => {
    const cronJob = await k8s.readCronJob(NS, 'data-retention-cleanup');
    const jobName = `retention-manual-${Date.now().toString(36)}`;
    const created = await k8s.createJobFromCronJob(NS, 'data-retention-cleanup', jobName);
    expect(created.metadata?.name).toBe(jobName);
    const job = await k8s.readJob(NS, jobName);
    expect(job.metadata?.annotations?.[INSTANTIATE_ANNOTATION]).toBe('manual');
    expect(job.metadata?.ownerReferences).toEqual([expect.objectContaining({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'data-retention-cleanup', uid: cronJob.metadata?.uid, controller: true })]);
    expect(job.spec?.template.spec?.containers.map((c) => c.image)).toEqual(cronJob.spec?.jobTemplate.spec?.template.spec?.containers.map((c) => c.image));
    const again = await failure(k8s.createJobFromCronJob(NS, 'data-retention-cleanup', jobName));
    expect(again).toMatchObject({ code: 'conflict', status: 409 });
  });
});
