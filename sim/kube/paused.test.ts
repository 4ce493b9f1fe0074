import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, NS, itemsOf, startKubeSim, type KubeTestClient } from './test-support';

let k: KubeTestClient;
beforeAll(async () => {
  k = await startKubeSim({ kubeStepMs: 3_600_000 });
});
afterAll(async () => {
  await k.sim.close();
});

type Deployment = { metadata: { generation: number; annotations: Record<string, string> }; spec: { replicas: number; paused?: boolean }; status: { observedGeneration: number; conditions: { type: string; status: string; reason: string; message: string }[] } };
const read = async () => (await k.get(`${APPS}/deployments/riva-server`)) as unknown as Deployment;
const steps = (n: number) => {
  for (let i = 0; i < n; i++) k.sim.kube!.step();
};

describe('Kubernetes API double: a paused Deployment (spec.paused), as the deployment controller treats it', () => {
  it('does not roll a template change out; its Progressing condition says DeploymentPaused; scaling still applies', async () => {
    const before = await read();
    const pods = itemsOf(await k.get(`${NS}/pods?labelSelector=app%3Driva-server`)).map((p) => p.metadata.name);
    await k.call('PATCH', `${APPS}/deployments/riva-server`, { body: { spec: { paused: true } }, contentType: 'application/merge-patch+json' });
    await k.call('PATCH', `${APPS}/deployments/riva-server`, { body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } } } }, contentType: 'application/strategic-merge-patch+json' });
    steps(6);
    const paused = await read();
    expect(paused.metadata.annotations['deployment.kubernetes.io/revision']).toBe(before.metadata.annotations['deployment.kubernetes.io/revision']);
    expect(itemsOf(await k.get(`${NS}/pods?labelSelector=app%3Driva-server`)).map((p) => p.metadata.name)).toEqual(pods);
    expect(paused.status.observedGeneration).toBe(paused.metadata.generation);
    expect(paused.status.conditions.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });

    await k.call('PATCH', `${APPS}/deployments/riva-server/scale`, { body: { spec: { replicas: before.spec.replicas + 1 } }, contentType: 'application/merge-patch+json' });
    steps(4);
    expect(itemsOf(await k.get(`${NS}/pods?labelSelector=app%3Driva-server`)).filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(before.spec.replicas + 1);

    await k.call('PATCH', `${APPS}/deployments/riva-server`, { body: { spec: { paused: false } }, contentType: 'application/merge-patch+json' });
    steps(12);
    expect((await read()).metadata.annotations['deployment.kubernetes.io/revision']).toBe(String(Number(before.metadata.annotations['deployment.kubernetes.io/revision']) + 1));
  });
});
