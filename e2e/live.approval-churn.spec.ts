import { expect, test } from '@playwright/test';
import { ActionDialog } from './pages/action-dialog';
import { SectionPage } from './pages/section-page';
import { storageStatePath } from './support/accounts';
import { setScenario } from './support/estate';

// Issue 13 (done when): an approval survives the churn of a live cluster (pods replaced, each writing the
// Deployment's status; an HPA writing /scale) and is refused, with its reason, when someone else changes
// what was approved. The cluster is the simulator's Kubernetes double, which writes status on every pod
// change as the API server does; its HPA (the orchestrator's) writes /scale when a count leaves its range.

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;
const kube = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
  const response = await fetch(`${process.env.E2E_SIM_URL}${path}`, {
    method: init.method ?? 'GET',
    // Someone else's hands on the cluster (kubectl as a cluster admin), not the console: the double enforces
    // the console's RBAC, which grants no pod delete and no scale outside an approved run.
    headers: { authorization: 'Bearer voicehive-sim-kube-admin-token', ...(init.body === undefined ? {} : { 'content-type': 'application/merge-patch+json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
};
const APPS = '/apis/apps/v1/namespaces/voicehive';
type Deployment = { metadata: { resourceVersion: string; generation: number }; spec: { replicas: number }; status: { readyReplicas?: number } };
type Pod = { metadata: { name: string; deletionTimestamp?: string }; status: { conditions?: { type: string; status: string }[] } };
const livekit = () => kube<Deployment>(`${APPS}/deployments/livekit-agent`);
const livePods = async () => (await kube<{ items: Pod[] }>('/api/v1/namespaces/voicehive/pods?labelSelector=app%3Dlivekit-agent')).items.filter((p) => !p.metadata.deletionTimestamp);

/** Someone else's estate for a minute: livekit-agent pods replaced one by one; the orchestrator scaled under its HPA's minimum, which the HPA writes back. */
async function churn(ms: number): Promise<{ statusWrites: number; hpaWrites: number }> {
  const seen = new Set<string>();
  let hpaWrites = 0;
  const end = Date.now() + ms;
  let nextHpa = Date.now();
  while (Date.now() < end) {
    if (Date.now() >= nextHpa) {
      const before = (await kube<Deployment>(`${APPS}/deployments/orchestrator`)).metadata.generation;
      await kube(`${APPS}/deployments/orchestrator/scale`, { method: 'PATCH', body: { spec: { replicas: 2 } } });
      await expect.poll(async () => (await kube<Deployment>(`${APPS}/deployments/orchestrator`)).spec.replicas, { timeout: 40_000 }).toBe(3);
      if ((await kube<Deployment>(`${APPS}/deployments/orchestrator`)).metadata.generation >= before + 2) hpaWrites += 1;
      nextHpa = Date.now() + 25_000;
    }
    const before = await livePods();
    await kube(`/api/v1/namespaces/voicehive/pods/${before[0]!.metadata.name}`, { method: 'DELETE' });
    // Its replacement: a pod that was not there before, ready (the Deployment's status is written on the way).
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      seen.add((await livekit()).metadata.resourceVersion);
      const fresh = (await livePods()).filter((p) => !before.some((b) => b.metadata.name === p.metadata.name));
      if (fresh.some((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { statusWrites: seen.size - 1, hpaWrites };
}

test.describe('an approval in a churning cluster', () => {
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(300_000);

  test('a scale approved after a minute of churn executes; requested again and changed by hand, the approval is refused with the reason', async ({ browser }) => {
    await setScenario('healthy');
    const before = await livekit();
    const operator = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await operator.newPage();
    await new SectionPage(page).goto('performance');
    const action = new ActionDialog(page);
    await action.open('scale-livekit-agent');
    await expect(action.dialog().getByTestId('action-diff')).toContainText(`${before.spec.replicas} → 5`);
    await action.confirm({ reason: 'evening peak', label: /request approval/i });
    await expect(action.runStatus()).toHaveAttribute('data-state', 'pending-approval');
    const runId = await action.runStatus().getAttribute('data-run-id');

    const { statusWrites, hpaWrites } = await churn(60_000);
    expect(statusWrites, 'the Deployment status was written again and again (its resourceVersion moved)').toBeGreaterThanOrEqual(6);
    expect(hpaWrites, 'the HPA wrote /scale').toBeGreaterThanOrEqual(1);
    expect((await livekit()).metadata.generation, 'no spec change: what was approved still holds').toBe(before.metadata.generation);

    const approver = await browser.newContext({ storageState: storageStatePath('approver') });
    const approvals = await approver.newPage();
    await approvals.goto(`${consoleUrl()}/approvals`);
    await approvals.locator(`[data-testid="approval-row"][data-run-id="${runId}"]`).getByTestId('approve-button').click();
    await approvals.locator(`[data-testid="approval-row"][data-run-id="${runId}"]`).getByTestId('approve-confirm-button').click();
    await expect.poll(async () => (await livekit()).spec.replicas, { timeout: 30_000 }).toBe(5);
    await expect(action.runStatus()).not.toHaveAttribute('data-state', /pending-approval|running|failed/, { timeout: 30_000 });

    // Again, to 6; someone scales it by hand to 4 before the approval.
    await page.reload();
    await action.open('scale-livekit-agent');
    await action.dialog().getByLabel(/replicas/i).fill('6');
    await expect(action.dialog().getByTestId('action-diff')).toContainText('5 → 6');
    await action.confirm({ reason: 'still climbing', label: /request approval/i });
    await expect(action.runStatus()).toHaveAttribute('data-state', 'pending-approval');
    const secondId = await action.runStatus().getAttribute('data-run-id');
    await kube(`${APPS}/deployments/livekit-agent/scale`, { method: 'PATCH', body: { spec: { replicas: 4 } } });
    await approvals.reload();
    const second = approvals.locator(`[data-testid="approval-row"][data-run-id="${secondId}"]`);
    // The card says it before the approver presses anything (issue 15 point 5): a fresh dry run against the request's.
    await expect(second.getByTestId('since-request')).toHaveAttribute('data-state', 'changed');
    await expect(second.getByTestId('since-request')).toContainText('spec.replicas was 5 when requested, is 4 now');
    await second.getByTestId('approve-button').click();
    await second.getByTestId('approve-confirm-button').click();
    const notice = approvals.getByTestId('decision-notice');
    await expect(notice).toContainText('deployment voicehive/livekit-agent changed since this request was made');
    await expect(notice).toContainText('spec.replicas 5 → 4');
    await expect(action.runStatus()).toHaveAttribute('data-state', 'expired', { timeout: 20_000 });
    expect((await livekit()).spec.replicas).toBe(4);

    await kube(`${APPS}/deployments/livekit-agent/scale`, { method: 'PATCH', body: { spec: { replicas: before.spec.replicas } } });
    await operator.close();
    await approver.close();
  });
});
