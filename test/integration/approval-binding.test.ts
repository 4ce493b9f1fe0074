// Issue 13.1: an approval is bound to what the person approved (the spec fields the change touches and
// metadata.generation), not to the Deployment's resourceVersion, which a real cluster moves on every
// status write. Against the simulator's Kubernetes double, which writes status on every pod change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, CORE, startFlowHarness, until, type FlowHarness } from './flow-harness';

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness({ kubeStepMs: 50 });
});
afterAll(async () => {
  await h?.sim.close();
});

type Deployment = { metadata: { resourceVersion: string; generation: number }; spec: { replicas: number }; status: { readyReplicas?: number } };
const orchestrator = () => h.kube<Deployment>(`${APPS}/deployments/orchestrator`);
const request = { reason: 'evening peak', sectionSeverity: 'P2', approvalTtlMs: 60_000 };

/** Someone else's pod replacements: each writes the Deployment's status (and its resourceVersion) at least twice. */
async function churn(times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const before = await orchestrator();
    const pods = (await h.kube<{ items: { metadata: { name: string; deletionTimestamp?: string } }[] }>(`${CORE}/pods?labelSelector=app%3Dorchestrator`)).items.filter((p) => !p.metadata.deletionTimestamp);
    await h.kube(`${CORE}/pods/${pods[0]!.metadata.name}`, { method: 'DELETE' });
    await until(async () => {
      const now = await orchestrator();
      return now.metadata.resourceVersion !== before.metadata.resourceVersion && now.status.readyReplicas === now.spec.replicas;
    }, 'the replacement pod to be ready');
  }
}

async function requestScale(replicas: number) {
  const action = h.resolve('call-failures', 'scale-orchestrator', { replicas });
  const executor = h.getExecutor('scale');
  const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
  const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { ...request, idempotencyKey: h.key(), version: preview.version }, executor);
  return { action, executor, run };
}

describe('issue 13.1: approval bound to what was approved', () => {
  it('a scale requested, then pods replaced (status written), is approved and executes', async () => {
    const before = await orchestrator();
    const { action, executor, run } = await requestScale(before.spec.replicas + 2);
    await churn(2);
    expect((await orchestrator()).metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
    const approved = await h.flow.approveRun(h.as('adam', 'approver'), run, action, 'ok', executor);
    // The estate goes on churning between the approval and the execution.
    await churn(1);
    const done = await h.flow.executeRun(h.as('adam', 'approver'), approved, action, executor);
    expect(done.status, done.result ?? '').toBe('succeeded');
    const after = await orchestrator();
    expect(after.spec.replicas).toBe(before.spec.replicas + 2);
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    await h.kube(`${APPS}/deployments/orchestrator/scale`, { method: 'PATCH', body: { spec: { replicas: before.spec.replicas } } });
  });

  it('someone else scaling after the request voids the approval, with the reason', async () => {
    const before = await orchestrator();
    const { action, executor, run } = await requestScale(before.spec.replicas + 2);
    await h.kube(`${APPS}/deployments/orchestrator/scale`, { method: 'PATCH', body: { spec: { replicas: before.spec.replicas + 1 } } });
    await expect(h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(new RegExp(`spec\\.replicas ${before.spec.replicas} → ${before.spec.replicas + 1}`)),
    });
    expect((await orchestrator()).spec.replicas).toBe(before.spec.replicas + 1);
    await h.kube(`${APPS}/deployments/orchestrator/scale`, { method: 'PATCH', body: { spec: { replicas: before.spec.replicas } } });
  });

  it('someone else scaling between the approval and the execution: the execution re-reads and refuses, writing nothing', async () => {
    const before = await orchestrator();
    const { action, executor, run } = await requestScale(before.spec.replicas + 2);
    const approved = await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor);
    await h.kube(`${APPS}/deployments/orchestrator/scale`, { method: 'PATCH', body: { spec: { replicas: before.spec.replicas + 1 } } });
    const done = await h.flow.executeRun(h.as('adam', 'approver'), approved, action, executor);
    expect(done.status).toBe('failed');
    expect(JSON.parse(done.result ?? '{}').message).toMatch(/spec\.replicas/);
    expect((await orchestrator()).spec.replicas).toBe(before.spec.replicas + 1);
    await h.kube(`${APPS}/deployments/orchestrator/scale`, { method: 'PATCH', body: { spec: { replicas: before.spec.replicas } } });
  });
});
