import { expect, request as playwrightRequest, test } from '@playwright/test';
import { NocPage } from './pages/noc-page';
import { SectionPage } from './pages/section-page';
import { readSeededAccounts, storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';

// Alerts from the real Alertmanager the stack started: Prometheus evaluates the catalog's rules over the
// simulator and sends what fires there; an acknowledgement is a silence the Alertmanager itself holds.
type AmSilence = { id: string; createdBy: string; comment: string; status: { state: string }; matchers: { name: string; value: string }[] };
const silences = async (): Promise<AmSilence[]> => (await fetch(`${process.env.E2E_ALERTMANAGER_URL}/api/v2/silences`)).json() as Promise<AmSilence[]>;

test.describe('alerts', () => {
  test.describe.configure({ mode: 'serial' });
  test.afterAll(async () => {
    await setScenario('healthy');
  });

  test('an operator acknowledges the firing breaker alert: Alertmanager holds the silence, the page says who, and it can be ended early', async ({ browser }, testInfo) => {
    await setScenario('circuit-breaker-open');
    const operatorName = readSeededAccounts().users.find((u) => u.role === 'operator')!.username;
    const context = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await context.newPage();
    await new SectionPage(page).goto('circuit-breakers');
    const row = page.getByTestId('alert-row').first();
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row).toHaveAttribute('data-state', 'firing');
    // Alertmanager's states in the console's words (issue 15 point 2).
    await expect(row.getByTestId('alert-state')).toContainText('firing, not acknowledged');
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await row.getByLabel(/what is being done/i).fill('resetting pms_connector from the runbook');
    await row.getByLabel('For').selectOption('30');
    await row.getByTestId('alert-ack-form').getByRole('button', { name: 'Acknowledge' }).click();
    await expect(row.getByTestId('alert-ack')).toContainText(`Acknowledged by ${operatorName}`);
    await expect(row).toHaveAttribute('data-state', 'suppressed', { timeout: 30_000 });
    await expect(row.getByTestId('alert-state')).toContainText(`acknowledged by ${operatorName}`);
    await expect(row.getByTestId('alert-state')).not.toContainText('suppressed');
    const active = (await silences()).filter((s) => s.status.state === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ createdBy: operatorName, comment: 'resetting pms_connector from the runbook' });
    expect(active[0]!.matchers).toContainEqual(expect.objectContaining({ name: 'section', value: 'circuit-breakers' }));
    await keepScreenshot(page, testInfo, 'alert-acknowledged');

    // The wall shows who is on it: a display, signed in through its link, sees the acknowledgement on the tile.
    const wall = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1920, height: 1080 } });
    const noc = new NocPage(await wall.newPage());
    await noc.signInAsDisplay(readSeededAccounts().display.secret);
    const badge = noc.tile('circuit-breakers').getByTestId('noc-alert-badge');
    await expect(badge).toHaveAttribute('data-acknowledged', 'true');
    await expect(badge).toContainText(`ack ${operatorName}`);
    await keepScreenshot(noc.page, testInfo, 'noc-alert-acknowledged');
    await wall.close();

    await row.getByRole('button', { name: 'End acknowledgement' }).click();
    await expect(row.getByTestId('alert-ack')).toHaveCount(0);
    expect((await silences()).filter((s) => s.status.state === 'active')).toHaveLength(0);

    const approver = await playwrightRequest.newContext({ baseURL: process.env.E2E_CONSOLE_URL, storageState: storageStatePath('approver') });
    const { records } = (await (await approver.get('/api/audit?action=alert.&limit=50')).json()) as { records: { action: string; actor: string; outcome: string }[] };
    expect(records.map((r) => `${r.action}:${r.actor}:${r.outcome}`)).toEqual(expect.arrayContaining([`alert.ack:${operatorName}:success`, `alert.unack:${operatorName}:success`]));
    await approver.dispose();
    await context.close();
  });

  test('a viewer sees the alert but no way to acknowledge it', async ({ page }) => {
    await new SectionPage(page).goto('circuit-breakers');
    await expect(page.getByTestId('alert-row').first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
    await expect(page.getByTestId('alerts-card')).toContainText('Acknowledging needs the operator role.');
  });
});
