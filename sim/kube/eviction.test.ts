import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NS, itemsOf, startKubeSim, type KubeTestClient } from './test-support';

// The controllers run only when a test steps them, so a PodDisruptionBudget's status is exactly what the
// disruption controller last wrote.
let k: KubeTestClient;
beforeAll(async () => {
  k = await startKubeSim({ kubeStepMs: 3_600_000 });
  k.sim.kube!.step();
});
afterAll(async () => {
  await k.sim.close();
});

const POLICY = '/apis/policy/v1/namespaces/voicehive';
const livePods = async (app: string) => itemsOf(await k.get(`${NS}/pods?labelSelector=app%3D${app}`)).filter((p) => !p.metadata.deletionTimestamp);
const evict = (name: string, extra: { dryRun?: boolean; uid?: string } = {}) =>
  k.call('POST', `${NS}/pods/${name}/eviction${extra.dryRun ? '?dryRun=All' : ''}`, {
    body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'voicehive' }, ...(extra.uid ? { deleteOptions: { preconditions: { uid: extra.uid } } } : {}) },
  });
type Pdb = { metadata: { generation: number }; spec: { minAvailable?: number }; status: { currentHealthy: number; desiredHealthy: number; disruptionsAllowed: number; expectedPods: number; observedGeneration: number; disruptedPods?: Record<string, string> } };
const pdb = async () => (await k.get(`${POLICY}/poddisruptionbudgets/orchestrator`)) as unknown as Pdb;

describe('Kubernetes API double: evictions and PodDisruptionBudgets, as the API server serves them', () => {
  it('serves the orchestrator\'s budget (minAvailable 2 of 3) with the status the disruption controller writes', async () => {
    expect(await pdb()).toMatchObject({ spec: { minAvailable: 2 }, status: { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3 } });
  });

  it('a dry-run eviction changes nothing; an eviction answers 201 Success, takes one disruption and deletes the pod', async () => {
    const [first] = await livePods('orchestrator');
    const dry = await evict(first!.metadata.name, { dryRun: true });
    expect(dry.status).toBe(201);
    expect((await pdb()).status.disruptionsAllowed).toBe(1);
    expect((await livePods('orchestrator')).map((p) => p.metadata.name)).toContain(first!.metadata.name);
    const done = await evict(first!.metadata.name, { uid: first!.metadata.uid });
    expect(done).toMatchObject({ status: 201, json: { kind: 'Status', status: 'Success', code: 201 } });
    expect((await pdb()).status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { [first!.metadata.name]: expect.any(String) } });
    expect((await livePods('orchestrator')).map((p) => p.metadata.name)).not.toContain(first!.metadata.name);
  });

  it('a second eviction while the first pod\'s replacement is not ready: 429 with the budget\'s reason; allowed again once it is', async () => {
    const [second] = await livePods('orchestrator');
    // The eviction took the disruption but, as on the API server, left currentHealthy to the controller.
    const refused = await evict(second!.metadata.name);
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget orchestrator needs 2 healthy pods and has 3 currently' }] },
    });
    k.sim.kube!.step(); // the replacement is created, not ready; the controller counts 2 healthy
    expect((await evict(second!.metadata.name)).json).toMatchObject({ details: { causes: [{ message: 'The disruption budget orchestrator needs 2 healthy pods and has 2 currently' }] } });
    k.sim.kube!.step(); // ready; the disruption controller counts it
    expect((await pdb()).status.disruptionsAllowed).toBe(1);
    expect((await evict(second!.metadata.name)).status).toBe(201);
  });

  it('a stale uid precondition is a 409, a pod without a budget is evicted, an unknown pod is a 404', async () => {
    const [pod] = await livePods('tts-router');
    expect((await evict(pod!.metadata.name, { uid: 'not-its-uid' })).json).toMatchObject({ code: 409, reason: 'Conflict' });
    expect((await evict(pod!.metadata.name)).status).toBe(201);
    expect((await evict('no-such-pod')).status).toBe(404);
  });

  it('a budget whose spec changed is "still being processed" (429) until the controller observes it', async () => {
    const patched = await k.call('PATCH', `${POLICY}/poddisruptionbudgets/orchestrator`, { body: { spec: { minAvailable: 1 } }, contentType: 'application/merge-patch+json' });
    expect(patched.status, patched.text).toBe(200);
    const [pod] = await livePods('orchestrator');
    const refused = await evict(pod!.metadata.name, { dryRun: true });
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.json)).toContain('is still being processed by the server');
    k.sim.kube!.step();
    expect((await evict(pod!.metadata.name, { dryRun: true })).status).toBe(201);
  });
});
