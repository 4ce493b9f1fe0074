import { ApiException, AppsV1Api, AutoscalingV2Api, BatchV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, TOKEN, waitFor, type KubeTestClient } from './test-support';

/** The double through the console's own client library (@kubernetes/client-node 2.x), as lib/server/kubernetes builds it. */

let k: KubeTestClient;
let kc: KubeConfig;
const namespace = 'voicehive';

beforeAll(async () => {
  k = await startKubeSim();
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server: k.sim.url, skipTLSVerify: true }],
    users: [{ name: 'sim', token: TOKEN }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'sim' }],
    currentContext: 'sim',
  });
});
afterAll(async () => {
  await k.sim.close();
});

describe('Kubernetes API double through @kubernetes/client-node', () => {
  it('reads a deployment and lists pods by label selector', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const deployment = await apps.readNamespacedDeployment({ name: 'orchestrator', namespace });
    expect(deployment.spec?.replicas).toBe(3);
    expect(deployment.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: 'app in (orchestrator,redis)' });
    expect(pods.items.map((p) => p.metadata?.labels?.app).sort()).toEqual(['orchestrator', 'orchestrator', 'orchestrator', 'redis']);
  });

  it('sets an env var with a strategic merge patch and rolls it out', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const body = { spec: { template: { spec: { containers: [{ name: 'tts-router', env: [{ name: 'CACHE_ENABLED', value: 'true' }] }] } } } };
    const patched = await apps.patchNamespacedDeployment({ name: 'tts-router', namespace, body }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    const env = patched.spec?.template.spec?.containers[0]?.env ?? [];
    expect(env.find((e) => e.name === 'CACHE_ENABLED')?.value).toBe('true');
    expect(env.find((e) => e.name === 'DEFAULT_PROVIDER')?.value).toBe('riva');
    await waitFor(async () => {
      const d = await apps.readNamespacedDeployment({ name: 'tts-router', namespace });
      // observedGeneration first, as `kubectl rollout status` does: until then the status is the old rollout's.
      const observed = d.status?.observedGeneration === d.metadata?.generation;
      return observed && d.status?.updatedReplicas === 2 && d.status.replicas === 2 && d.status.conditions?.find((c) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable';
    }, 5000, 'tts-router rollout');
    const sets = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=tts-router' });
    expect(sets.items.map((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual(['1', '2', '3']);
  });

  it('scales through the scale subresource and dry-runs a ConfigMap patch', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const scale = await apps.patchNamespacedDeploymentScale({ name: 'livekit-agent', namespace, body: { spec: { replicas: 4 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(scale.spec?.replicas).toBe(4);
    expect((await apps.readNamespacedDeploymentScale({ name: 'livekit-agent', namespace })).status?.selector).toBe('app=livekit-agent');
    const core = kc.makeApiClient(CoreV1Api);
    const before = await core.readNamespacedConfigMap({ name: 'rate-limit-config', namespace });
    const dry = await core.patchNamespacedConfigMap({ name: 'rate-limit-config', namespace, body: { data: { requests_per_minute: '120' } }, dryRun: 'All' }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(dry.data?.requests_per_minute).toBe('120');
    const after = await core.readNamespacedConfigMap({ name: 'rate-limit-config', namespace });
    expect(after.data?.requests_per_minute).toBe('60');
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
  });

  it('surfaces Status failures as ApiException with the code and the Status body', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const error = await apps.readNamespacedDeployment({ name: 'nope', namespace }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<unknown>).code).toBe(404);
    expect(JSON.parse(String((error as ApiException<unknown>).body))).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'deployments.apps "nope" not found' });
    // Without setHeaderOptions client-node sends json-patch; a merge-style body is then not a patch.
    const wrong = await apps.patchNamespacedDeployment({ name: 'orchestrator', namespace, body: { spec: { replicas: 4 } } }).catch((e: unknown) => e);
    expect((wrong as ApiException<unknown>).code).toBe(400);
  });

  it('creates a Job, lists HPAs, reads logs and pod metrics', async () => {
    const batch = kc.makeApiClient(BatchV1Api);
    const cron = await batch.readNamespacedCronJob({ name: 'data-retention-cleanup', namespace });
    const job = await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'data-retention-cleanup-client', annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'data-retention-cleanup', uid: cron.metadata!.uid!, controller: true }] },
        spec: cron.spec!.jobTemplate.spec!,
      },
    });
    expect(job.metadata?.labels?.['batch.kubernetes.io/job-name']).toBe('data-retention-cleanup-client');
    const hpas = await kc.makeApiClient(AutoscalingV2Api).listNamespacedHorizontalPodAutoscaler({ namespace });
    expect(hpas.items[0]?.spec?.maxReplicas).toBe(10);
    const core = kc.makeApiClient(CoreV1Api);
    const [pod] = (await core.listNamespacedPod({ namespace, labelSelector: 'app=orchestrator' })).items;
    const log = await core.readNamespacedPodLog({ name: pod!.metadata!.name!, namespace, tailLines: 5 });
    expect(log.trimEnd().split('\n')).toHaveLength(5);
    const metrics = (await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace, plural: 'pods' })) as {
      kind: string;
      items: { containers: { usage: { cpu: string; memory: string } }[] }[];
    };
    expect(metrics.kind).toBe('PodMetricsList');
    expect(metrics.items[0]?.containers[0]?.usage.memory).toMatch(/^\d+Ki$/);
  });
});
