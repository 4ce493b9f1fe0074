// Issue 13.5: "Restart affected pods" evicts (the Eviction API, which respects PodDisruptionBudgets and
// answers 429 when a budget forbids it), one pod at a time, each after the previous one's replacement is
// ready; a budget's refusal is shown to the operator. Against the simulator's Kubernetes double.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE, startFlowHarness, until, type FlowHarness } from './flow-harness';

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness({ kubeStepMs: 60 }, { ACTION_POD_WAIT: '4s' });
});
afterAll(async () => {
  await h?.sim.close();
});

type Pod = { metadata: { name: string; uid: string; deletionTimestamp?: string }; status: { conditions?: { type: string; status: string }[] } };
const POLICY = '/apis/policy/v1/namespaces/voicehive';
const pods = async () => (await h.kube<{ items: Pod[] }>(`${CORE}/pods?labelSelector=app%3Dorchestrator`)).items;
const readyCount = (list: Pod[]) => list.filter((p) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;

async function requestAndApprove() {
  const action = h.resolve('memory-cpu', 'restart-affected-pods');
  const executor = h.getExecutor('delete-pods');
  const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
  const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'leak', sectionSeverity: 'P2', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
  const approved = await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor);
  return { action, executor, preview, approved };
}

describe('issue 13.5: deleting pods through the Eviction API, one at a time', () => {
  it('evicts every approved pod, never more than one unavailable at a time: the budget (minAvailable 2) holds throughout', async () => {
    const before = await pods();
    const { action, executor, approved } = await requestAndApprove();
    let lowest = before.length;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        lowest = Math.min(lowest, readyCount(await pods()));
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    const done = await h.flow.executeRun(h.as('adam', 'approver'), approved, action, executor);
    sampling = false;
    await sampler;
    expect(done.status, done.result ?? '').toBe('succeeded');
    expect(lowest).toBeGreaterThanOrEqual(before.length - 1);
    const after = await pods();
    expect(after.filter((p) => before.some((b) => b.metadata.uid === p.metadata.uid) && !p.metadata.deletionTimestamp)).toEqual([]);
    expect(readyCount(after)).toBe(before.length);
    expect(JSON.parse(done.result ?? '{}').message).toMatch(/^evicted 3 pods one at a time/);
  });

  it('a budget that allows no disruption: the preview shows its refusal, and the run fails with it, evicting nothing', async () => {
    await h.kube(`${POLICY}/poddisruptionbudgets/orchestrator`, { method: 'PATCH', body: { spec: { minAvailable: 3 } } });
    try {
      // The disruption controller recomputes the budget's status on its own time: wait until it has seen the change.
      type Budget = { metadata: { generation?: number }; status: { observedGeneration?: number; disruptionsAllowed?: number } };
      await until(async () => {
        const pdb = await h.kube<Budget>(`${POLICY}/poddisruptionbudgets/orchestrator`);
        return pdb.status.observedGeneration === pdb.metadata.generation && pdb.status.disruptionsAllowed === 0;
      }, 'the budget to allow no disruption');
      const before = await pods();
      const { action, executor, preview, approved } = await requestAndApprove();
      expect(preview.warnings.join(' ')).toMatch(/PodDisruptionBudget orchestrator allows no disruption now: Cannot evict pod as it would violate the pod's disruption budget\. The disruption budget orchestrator needs 3 healthy pods and has 3 currently/);
      const done = await h.flow.executeRun(h.as('adam', 'approver'), approved, action, executor);
      expect(done.status).toBe('failed');
      expect(JSON.parse(done.result ?? '{}').message).toMatch(/HTTP 429.*The disruption budget orchestrator needs 3 healthy pods and has 3 currently/);
      expect((await pods()).map((p) => p.metadata.uid)).toEqual(before.map((p) => p.metadata.uid));
    } finally {
      await h.kube(`${POLICY}/poddisruptionbudgets/orchestrator`, { method: 'PATCH', body: { spec: { minAvailable: 2 } } });
    }
  });
});
