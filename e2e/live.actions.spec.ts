import { expect, request as playwrightRequest, test } from '@playwright/test';
import { ActionDialog } from './pages/action-dialog';
import { SectionPage } from './pages/section-page';
import { readSeededAccounts, storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;
const simUrl = () => process.env.E2E_SIM_URL!;
const kube = (path: string, init: RequestInit = {}) =>
  fetch(`${simUrl()}${path}`, { ...init, headers: { authorization: 'Bearer voicehive-sim-kube-admin-token', ...(init.headers as Record<string, string>) } });

async function sectionSeverity(role: 'operator' | 'viewer', id: string): Promise<string> {
  const context = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath(role) });
  const body = (await (await context.get(`/api/sections/${id}`)).json()) as { status: { severity: string } };
  await context.dispose();
  return body.status.severity;
}

test.describe('remediation', () => {
  test.describe.configure({ mode: 'serial' });

  test('an operator restarts the media agents from the call-failures page and the section returns to ok', async ({ browser }, testInfo) => {
    await setScenario('call-failures');
    await expect.poll(() => sectionSeverity('operator', 'call-failures'), { timeout: 60_000 }).toBe('P1');
    const context = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await context.newPage();
    await new SectionPage(page).goto('call-failures');
    const action = new ActionDialog(page);
    await action.open('restart-media-agents');
    await expect(action.dialog().getByTestId('action-diff')).toContainText('kubectl.kubernetes.io/restartedAt');
    await keepScreenshot(page, testInfo, 'action-preview-restart');
    await action.confirm({ reason: 'calls failing since the media agent upgrade', label: /restart/i });
    await expect(action.runStatus()).toHaveAttribute('data-state', /recovered/, { timeout: 90_000 });
    expect(await sectionSeverity('operator', 'call-failures')).toBe('ok');
    await keepScreenshot(page, testInfo, 'action-restart-recovered');
    await context.close();
  });

  test('a scale is requested by an operator, cannot be approved by them, is approved by an approver and runs exactly once', async ({ browser }, testInfo) => {
    await setScenario('healthy');
    const before = (await (await kube('/apis/apps/v1/namespaces/voicehive/deployments/orchestrator')).json()) as { spec: { replicas: number }; metadata: { generation: number } };
    const operator = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await operator.newPage();
    await new SectionPage(page).goto('call-failures');
    const action = new ActionDialog(page);
    await action.open('scale-orchestrator');
    await expect(action.dialog().getByTestId('action-diff')).toContainText(`${before.spec.replicas} → 5`);
    await action.confirm({ reason: 'evening peak', label: /request approval/i });
    await expect(action.runStatus()).toHaveAttribute('data-state', 'pending-approval');

    // The requester cannot approve, even through the API.
    const runs = (await (await page.request.get(`${consoleUrl()}/api/actions/runs`)).json()) as { runs: { id: string; status: string; step_id: string }[] };
    const run = runs.runs.find((r) => r.step_id === 'scale-orchestrator' && r.status === 'pending-approval')!;
    const own = await page.request.post(`${consoleUrl()}/api/actions/runs/${run.id}/decision`, { headers: { origin: consoleUrl() }, data: { decision: 'approve' } });
    expect(own.status()).toBe(403);

    const approver = await browser.newContext({ storageState: storageStatePath('approver') });
    const approvals = await approver.newPage();
    await approvals.goto(`${consoleUrl()}/approvals`);
    const row = approvals.locator(`[data-testid="approval-row"][data-run-id="${run.id}"]`);
    await expect(row).toContainText('5');
    // The approver sees what the requester was shown (issue 15 point 5): the orchestrator's HPA may scale it back.
    await expect(row.getByTestId('request-warning').first()).toContainText('HorizontalPodAutoscaler');
    await keepScreenshot(approvals, testInfo, 'approval-card-hpa-warning');
    // Two clicks at once from two approver tabs: one approval, one execution.
    const second = await approver.newPage();
    await second.goto(`${consoleUrl()}/approvals`);
    // Approving asks to confirm the change by name (issue 15 point 5): both tabs get that far, then confirm together.
    const secondRow = second.locator(`[data-testid="approval-row"][data-run-id="${run.id}"]`);
    await row.getByTestId('approve-button').click();
    await secondRow.getByTestId('approve-button').click();
    await expect(row.getByTestId('approve-confirm-button')).toContainText('spec.replicas');
    await Promise.all([row.getByTestId('approve-confirm-button').click(), secondRow.getByTestId('approve-confirm-button').click()]);
    await expect.poll(async () => ((await (await kube('/apis/apps/v1/namespaces/voicehive/deployments/orchestrator')).json()) as { spec: { replicas: number } }).spec.replicas, { timeout: 30_000 }).toBe(5);
    const after = (await (await kube('/apis/apps/v1/namespaces/voicehive/deployments/orchestrator')).json()) as { metadata: { generation: number } };
    expect(after.metadata.generation, 'scaled exactly once').toBe(before.metadata.generation + 1);
    await operator.close();
    await approver.close();
  });

  test('a ConfigMap changed by someone else between preview and confirm gives a clear conflict, and nothing is written', async ({ browser }, testInfo) => {
    await setScenario('healthy');
    const context = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await context.newPage();
    await new SectionPage(page).goto('rate-limiting');
    const action = new ActionDialog(page);
    await action.open('increase-rate-limits');
    await expect(action.dialog().getByTestId('action-diff')).toContainText('requests_per_minute');
    // The orchestrator reads this ConfigMap: the dialog offers its restart, a button of this section.
    await expect(action.dialog().getByTestId('action-follow-ups').getByRole('link')).toHaveAttribute('href', /#step-.*restart/);
    // Someone else edits the ConfigMap while the dialog is open.
    await kube('/api/v1/namespaces/voicehive/configmaps/rate-limit-config', { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ data: { burst: '11' } }) });
    await action.dialog().getByTestId('action-confirm').click();
    await expect(action.dialog().getByTestId('confirm-error')).toContainText('configmap voicehive/rate-limit-config changed since your preview');
    await expect(action.dialog().getByRole('button', { name: /preview again/i })).toBeVisible();
    await keepScreenshot(page, testInfo, 'action-conflict');
    const configMap = (await (await kube('/api/v1/namespaces/voicehive/configmaps/rate-limit-config')).json()) as { data: Record<string, string> };
    expect(configMap.data.requests_per_minute).not.toBe('120');
    await context.close();
  });

  test('a viewer sees no enabled action and the API refuses them', async ({ page }) => {
    await new SectionPage(page).goto('call-failures');
    const buttons = page.getByTestId('action-button');
    await expect(buttons.first()).toBeVisible();
    for (const button of await buttons.all()) await expect(button).toBeDisabled();
    const refused = await page.request.post(`${consoleUrl()}/api/actions/preview`, { headers: { origin: consoleUrl() }, data: { section: 'call-failures', step: 'restart-media-agents' } });
    expect(refused.status()).toBe(403);
  });

  test('every step of those runs is in the audit log', async () => {
    const approver = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('approver') });
    const { records } = (await (await approver.get('/api/audit?action=action.&limit=200')).json()) as { records: { action: string; actor: string; outcome: string }[] };
    const seen = new Set(records.map((r) => `${r.action}:${r.outcome}`));
    for (const expected of ['action.preview:success', 'action.execute.start:success', 'action.execute:success', 'action.request:success', 'action.approve:success']) expect(seen, expected).toContain(expected);
    // The operator's attempt to approve their own request was refused by the permission table, and recorded.
    const operator = readSeededAccounts().users.find((u) => u.role === 'operator')!;
    const denied = (await (await approver.get(`/api/audit?action=access.denied&actor=${operator.username}&limit=50`)).json()) as { records: { target: string }[] };
    expect(denied.records.some((r) => /\/decision$/.test(r.target))).toBe(true);
    await approver.dispose();
  });
});
