import { expect, request as playwrightRequest, test } from '@playwright/test';
import { ActionDialog } from './pages/action-dialog';
import { SectionPage } from './pages/section-page';
import { readSeededAccounts, storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';
import { waitForSeverity } from './support/sections';

// Issue 15 point 4 (the requester sees and cancels her own request; every section shows its recent runs)
// and point 3 (a run on a section that was not firing is "no change needed to judge", never "recovered",
// and the dialog, the section's runs and the page agree).

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;
type Run = { id: string; status: string; step_id: string; requested_by: string; decided_by: string | null };
type AuditRecord = { action: string; actor: string; outcome: string; detail: { runId?: string } };

test.describe('my requests and the section runs', () => {
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    await setScenario('healthy');
    await waitForSeverity('call-failures', 'ok');
  });

  test('an operator sees her pending request on the section and under My requests, and cancels it; nobody else can', async ({ browser }, testInfo) => {
    const operatorName = readSeededAccounts().users.find((u) => u.role === 'operator')!.username;
    const operator = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await operator.newPage();
    const section = new SectionPage(page);
    await section.goto('call-failures');
    const action = new ActionDialog(page);
    await action.open('scale-orchestrator');
    await action.confirm({ reason: 'evening peak coming', label: /request approval/i });
    await expect(action.runStatus()).toHaveAttribute('data-state', 'pending-approval');
    const runId = (await action.runStatus().getAttribute('data-run-id'))!;
    await page.keyboard.press('Escape');

    // The section lists it: who, what, when, its state.
    const onSection = page.locator(`[data-testid="recent-runs"] [data-testid="run-row"][data-run-id="${runId}"]`);
    await expect(onSection).toContainText('waiting');
    await expect(onSection).toContainText(`asked by ${operatorName}`);
    await expect(onSection).toContainText(/Scale/);

    // My requests: waiting, with a Cancel whose confirmation names the request.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My requests' }).click();
    await expect(page).toHaveURL(`${consoleUrl()}/requests`);
    const row = page.locator(`[data-testid="my-waiting"] [data-testid="run-row"][data-run-id="${runId}"]`);
    await expect(row).toContainText('waiting');

    // Another person cannot cancel it (an approver rejects instead), a viewer may not cancel at all; both answers change nothing.
    const approver = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('approver'), extraHTTPHeaders: { origin: consoleUrl() } });
    const byApprover = await approver.post(`/api/actions/runs/${runId}/cancellation`, { data: {} });
    expect(byApprover.status()).toBe(403);
    expect(((await byApprover.json()) as { error: { message: string } }).error.message).toContain(`Only ${operatorName}`);
    const viewer = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('viewer'), extraHTTPHeaders: { origin: consoleUrl() } });
    expect((await viewer.post(`/api/actions/runs/${runId}/cancellation`, { data: {} })).status()).toBe(403);
    // A comment too long is named, and changes nothing either.
    const tooLong = await page.request.post(`${consoleUrl()}/api/actions/runs/${runId}/cancellation`, { headers: { origin: consoleUrl() }, data: { comment: 'x'.repeat(501) } });
    expect(tooLong.status()).toBe(400);
    expect(await tooLong.text()).toContain('comment');
    await expect(row).toContainText('waiting');

    await row.getByRole('button', { name: /Cancel request/ }).click();
    const form = row.getByTestId('cancel-form');
    await expect(form).toContainText('Cancel “Scale');
    await form.getByLabel(/Why/).fill('peak did not come');
    await keepScreenshot(page, testInfo, 'my-requests-cancel');
    await form.getByRole('button', { name: /Yes, cancel “Scale/ }).click();
    const done = page.locator(`[data-testid="my-history"] [data-testid="run-row"][data-run-id="${runId}"]`);
    await expect(done).toHaveAttribute('data-status', 'cancelled');
    await expect(done).toContainText(`cancelled by ${operatorName}`);
    await expect(done).toContainText('peak did not come');
    await expect(page.locator(`[data-testid="my-waiting"] [data-run-id="${runId}"]`)).toHaveCount(0);

    // Once cancelled it cannot be approved, nor cancelled again.
    const decision = await approver.post(`/api/actions/runs/${runId}/decision`, { data: { decision: 'approve' } });
    expect(decision.status()).toBe(409);
    expect((await page.request.post(`${consoleUrl()}/api/actions/runs/${runId}/cancellation`, { headers: { origin: consoleUrl() }, data: {} })).status()).toBe(409);
    const runs = (await (await approver.get('/api/actions/runs')).json()) as { runs: Run[] };
    expect(runs.runs.find((r) => r.id === runId)).toMatchObject({ status: 'cancelled', decided_by: operatorName });

    // Audited: the cancellation, and the refusals.
    const { records } = (await (await approver.get('/api/audit?action=action.cancel&limit=50')).json()) as { records: AuditRecord[] };
    const mine = records.filter((r) => r.detail.runId === runId).map((r) => `${r.actor}:${r.outcome}`);
    expect(mine).toEqual(expect.arrayContaining([`${operatorName}:success`, `${readSeededAccounts().users.find((u) => u.role === 'approver')!.username}:denied`, `${operatorName}:failure`]));
    await approver.dispose();
    await viewer.dispose();
    await operator.close();
  });

  test('point 3: a restart on a section that was not firing says "no change needed to judge", in the dialog and in the section runs', async ({ browser }) => {
    const operator = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await operator.newPage();
    await new SectionPage(page).goto('call-failures');
    await expect(page.getByTestId('section-status')).toHaveAttribute('data-severity', 'ok');
    const action = new ActionDialog(page);
    await action.open('restart-media-agents');
    // A section that is not firing asks for no reason.
    await action.confirm({ label: /restart/i });
    const status = action.runStatus();
    await expect(status).toHaveAttribute('data-state', 'no-change-needed', { timeout: 90_000 });
    await expect(status).toContainText('No change needed to judge');
    await expect(status).not.toContainText('recovered');
    const runId = (await status.getAttribute('data-run-id'))!;
    await page.keyboard.press('Escape');
    const row = page.locator(`[data-testid="recent-runs"] [data-testid="run-row"][data-run-id="${runId}"]`);
    await expect(row.getByTestId('run-verdict')).toHaveText(/no change needed to judge/);
    // The page agrees: the section is ok, and nothing claims a recovery.
    await expect(page.getByTestId('section-status')).toHaveAttribute('data-severity', 'ok');
    // (Earlier runs on this shared estate may rightly say "section recovered": only this run's row is judged.)
    await expect(row).not.toContainText('recovered');
    await operator.close();
  });
});
