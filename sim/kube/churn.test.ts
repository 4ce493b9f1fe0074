import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, NS, itemsOf, startKubeSim, type KubeTestClient } from './test-support';

// The controllers run only when a test steps them (the timer is an hour), so every status write is counted.
let k: KubeTestClient;
beforeAll(async () => {
  k = await startKubeSim({ kubeStepMs: 3_600_000, kubeOptions: { hpaSyncMs: 1 } });
});
afterAll(async () => {
  await k.sim.close();
});

type DeploymentJson = { metadata: { resourceVersion: string; generation: number }; spec: { replicas: number }; status: { readyReplicas: number; availableReplicas: number; observedGeneration: number } };
const deployment = async (name: string) => (await k.get(`${APPS}/deployments/${name}`)) as unknown as DeploymentJson;
const step = () => k.sim.kube!.step();

describe('Kubernetes API double: status churn, as a real cluster writes it', () => {
  it('a deleted pod: the Deployment status is written as it goes and as its replacement becomes ready (resourceVersion moves twice, generation stays)', async () => {
    const before = await deployment('media-agent');
    const [victim] = itemsOf(await k.get(`${NS}/pods?labelSelector=app%3Dmedia-agent`)).map((p) => p.metadata.name);
    expect((await k.call('DELETE', `${NS}/pods/${victim}`)).status).toBe(200);
    step();
    const replacing = await deployment('media-agent');
    expect(replacing.status.readyReplicas).toBe(before.spec.replicas - 1);
    expect(Number(replacing.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
    step();
    const replaced = await deployment('media-agent');
    expect(replaced.status.readyReplicas).toBe(before.spec.replicas);
    expect(Number(replaced.metadata.resourceVersion)).toBeGreaterThan(Number(replacing.metadata.resourceVersion));
    expect(replaced.metadata.generation).toBe(before.metadata.generation);
  });

  it('a new pod starts not ready and the kubelet reports it ready on its next step', async () => {
    await k.call('PATCH', `${APPS}/deployments/tts-router/scale`, { body: { spec: { replicas: 3 } }, contentType: 'application/merge-patch+json' });
    step();
    const pods = itemsOf(await k.get(`${NS}/pods?labelSelector=app%3Dtts-router`)) as unknown as { metadata: { deletionTimestamp?: string }; status: { conditions: { type: string; status: string }[] } }[];
    const ready = (p: (typeof pods)[number]) => p.status.conditions.find((c) => c.type === 'Ready')?.status === 'True';
    expect(pods.filter((p) => !ready(p))).toHaveLength(1);
    step();
    const later = itemsOf(await k.get(`${NS}/pods?labelSelector=app%3Dtts-router`)) as unknown as typeof pods;
    expect(later.every(ready)).toBe(true);
  });

  it('an HPA writing /scale bumps generation and resourceVersion, then the controller writes observedGeneration', async () => {
    await k.call('PATCH', `${APPS}/deployments/orchestrator/scale`, { body: { spec: { replicas: 1 } }, contentType: 'application/merge-patch+json' });
    const scaledByHand = await deployment('orchestrator');
    await new Promise((resolve) => setTimeout(resolve, 5));
    step();
    const byHpa = await deployment('orchestrator');
    expect(byHpa.spec.replicas).toBe(3);
    expect(byHpa.metadata.generation).toBe(scaledByHand.metadata.generation + 1);
    expect(Number(byHpa.metadata.resourceVersion)).toBeGreaterThan(Number(scaledByHand.metadata.resourceVersion));
    step();
    expect((await deployment('orchestrator')).status.observedGeneration).toBe(byHpa.metadata.generation);
  });
});
