import { expect, test, type Page } from '@playwright/test';
import { CARDS, EMAILS, PHONES } from '../sim/kube/log-lines';
import { SectionPage } from './pages/section-page';
import { storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';

// The section page's live Kubernetes panels, read through the console from the simulator's API double.
const kube = async <T>(path: string): Promise<T> =>
  (await (await fetch(`${process.env.E2E_SIM_URL}${path}`, { headers: { authorization: 'Bearer voicehive-sim-kube-admin-token' } })).json()) as T;

/** metrics.k8s.io in the simulator's API double: served, absent (404) or down (503). */
async function setMetricsApi(state: 'served' | 'absent' | 'down'): Promise<void> {
  const response = await fetch(`${process.env.E2E_SIM_URL}/kube-faults/metrics-api`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state }) });
  if (!response.ok) throw new Error(`metrics API ${state}: HTTP ${response.status}`);
}

const workloadsPanel = (page: Page) => page.locator('[data-testid="workloads-panel"][data-panel-id="media-workloads"]');
const logPanel = (page: Page) => page.locator('[data-testid="log-panel"][data-panel-id="orchestrator-errors"]');

test.describe('workloads and logs on the call-failures page', () => {
  test.describe.configure({ mode: 'serial' });

  test.afterAll(async () => {
    await setScenario('healthy');
    await setMetricsApi('served');
  });

  test('shows the media-agent deployment with its pods, rollout and usage', async ({ page }, testInfo) => {
    await setScenario('healthy');
    await new SectionPage(page).goto('call-failures');
    const panel = workloadsPanel(page);
    await expect(panel).toHaveAttribute('data-state', 'live');
    const deployment = panel.locator('[data-testid="deployment-row"][data-name="media-agent"]');
    await expect(deployment).toBeVisible();
    await expect(deployment).toContainText('complete');
    const { spec } = await kube<{ spec: { replicas: number } }>('/apis/apps/v1/namespaces/voicehive/deployments/media-agent');
    const pods = panel.locator('[data-testid="pod-row"][data-deployment="media-agent"]');
    await expect(pods).toHaveCount(spec.replicas);
    for (const pod of await pods.all()) {
      await expect(pod).toHaveAttribute('data-name', /^media-agent-/);
      await expect(pod).toHaveAttribute('data-oom', 'false');
    }
    await expect(panel.locator('[data-testid="deployment-row"][data-name="orchestrator"]')).toBeVisible();
    await expect(panel.getByRole('columnheader', { name: 'Memory' })).toBeVisible();
    await keepScreenshot(page, testInfo, 'workloads-call-failures');
  });

  test('says usage is unknown while the metrics API is down, and not available when the cluster has none, never zero', async ({ page }, testInfo) => {
    await setScenario('healthy');
    await new SectionPage(page).goto('call-failures');
    const panel = workloadsPanel(page);
    await expect(panel.getByRole('columnheader', { name: 'Memory' })).toBeVisible();
    try {
      await setMetricsApi('down');
      const note = panel.getByTestId('metrics-unavailable');
      await expect(note).toHaveAttribute('data-metrics-state', 'down', { timeout: 15_000 });
      await expect(note).toContainText('CPU and memory: unknown — the metrics API is down');
      await expect(note).toContainText('HTTP 503');
      await expect(panel.getByRole('columnheader', { name: 'Memory' })).toHaveCount(0);
      await expect(panel.locator('[data-testid="deployment-row"][data-name="media-agent"]')).toBeVisible();
      await keepScreenshot(page, testInfo, 'workloads-metrics-down');
      await setMetricsApi('absent');
      await expect(note).toHaveAttribute('data-metrics-state', 'absent', { timeout: 15_000 });
      await expect(note).toContainText('CPU and memory: not available in this cluster');
    } finally {
      await setMetricsApi('served');
    }
    await expect(panel.getByRole('columnheader', { name: 'Memory' })).toBeVisible({ timeout: 15_000 });
  });

  test('flags the OOMKilled media agent with a word, not only a colour', async ({ page }, testInfo) => {
    await setScenario('oom-loop');
    await new SectionPage(page).goto('call-failures');
    const oom = workloadsPanel(page).locator('[data-testid="pod-row"][data-oom="true"]');
    await expect(oom).toHaveCount(1, { timeout: 60_000 });
    await expect(oom).toHaveAttribute('data-deployment', 'media-agent');
    await expect(oom).toContainText('OOMKilled');
    await keepScreenshot(page, testInfo, 'workloads-oom-loop');
  });

  test('an operator sees the orchestrator error tail, filtered and masked', async ({ browser }, testInfo) => {
    await setScenario('pii-leak');
    const context = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await context.newPage();
    await new SectionPage(page).goto('call-failures');
    const panel = logPanel(page);
    await expect(panel).toHaveAttribute('data-access', 'allowed');
    await expect(panel.getByTestId('log-line').first()).toBeVisible();
    await expect(panel.getByTestId('log-filter')).toHaveText('/ERROR/i');
    await expect(panel.getByTestId('log-masked-note')).toBeVisible();
    await expect(panel.locator('[data-testid="log-pod"][data-name^="orchestrator-"]').first()).toBeVisible();
    const text = await panel.innerText();
    for (const secret of [...EMAILS, ...PHONES, ...CARDS]) expect(text, secret).not.toContain(secret);
    expect(text).toContain('[email]');
    await keepScreenshot(page, testInfo, 'log-tail-operator');
    await context.close();
  });

  test('a viewer is told log tails need the operator role, and the page does not ask for them', async ({ page }) => {
    const logRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/logs/')) logRequests.push(request.url());
    });
    await new SectionPage(page).goto('call-failures');
    const panel = logPanel(page);
    await expect(panel).toHaveAttribute('data-access', 'denied');
    await expect(panel).toContainText('Log tails need the operator role');
    await expect(workloadsPanel(page)).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('log-line')).toHaveCount(0);
    expect(logRequests).toEqual([]);
  });
});
