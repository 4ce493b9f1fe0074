import { expect, test } from '@playwright/test';
import { ActionDialog } from './pages/action-dialog';
import { NocPage } from './pages/noc-page';
import { SectionPage } from './pages/section-page';
import { readSeededAccounts, storageStatePath } from './support/accounts';
import { keepScreenshot } from './support/estate';

// Issue 19: a maintenance window scheduled from the console is a silence the stack's real Alertmanager holds
// (made by the person, read back), shows on the wall as maintenance and in a remediation's dialog, and ending it
// expires the silence. Then a rotation is recorded on the register, beside the simulator's live certificates.
type AmSilence = { id: string; createdBy: string; comment: string; status: { state: string }; matchers: { name: string; value: string }[] };
const silence = async (id: string): Promise<AmSilence | undefined> =>
  ((await (await fetch(`${process.env.E2E_ALERTMANAGER_URL}/api/v2/silences`)).json()) as AmSilence[]).find((s) => s.id === id);

test('a maintenance window: the Alertmanager silence by the operator, maintenance on the wall and in the remediation dialog, ended with the silence expired', async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const operatorName = readSeededAccounts().users.find((u) => u.role === 'operator')!.username;
  const context = await browser.newContext({ storageState: storageStatePath('operator') });
  const page = await context.newPage();
  await page.goto('/maintenance');
  const form = page.getByRole('form', { name: 'Schedule a maintenance window' });
  await form.getByLabel('Suspicious activity / security', { exact: true }).check();
  await form.getByLabel('Lasts').selectOption('30');
  await form.getByLabel(/^Reason/).fill('WAF rules upgrade (e2e)');
  await form.getByRole('button', { name: 'Schedule window' }).click();
  const made = form.getByRole('status');
  await expect(made).toContainText('is in maintenance (Alertmanager silence');
  const windowId = /MW-[0-9a-f]{12}/.exec((await made.textContent()) ?? '')![0];
  const silenceId = /silence ([0-9a-f-]{36})/.exec((await made.textContent()) ?? '')![1]!;

  // Alertmanager holds it, made by the person, on the section's label.
  const held = await silence(silenceId);
  expect(held).toMatchObject({ createdBy: operatorName, status: { state: 'active' } });
  expect(held!.matchers).toContainEqual(expect.objectContaining({ name: 'section', value: 'security' }));
  expect(held!.comment).toContain('WAF rules upgrade (e2e)');
  const row = page.locator(`[data-testid="maintenance-window"][data-window="${windowId}"]`);
  await expect(row).toHaveAttribute('data-state', 'active');
  await keepScreenshot(page, testInfo, 'maintenance-scheduled');

  // The wall: the section's tile is in maintenance, with the window's reason.
  const wall = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1920, height: 1080 } });
  const noc = new NocPage(await wall.newPage());
  await noc.signInAsDisplay(readSeededAccounts().display.secret);
  await expect(noc.tile('security')).toHaveAttribute('data-maintenance', windowId, { timeout: 60_000 });
  await expect(noc.tile('security').getByTestId('noc-maintenance')).toContainText('In maintenance until');
  await expect(noc.tile('security').getByTestId('noc-maintenance')).toContainText('WAF rules upgrade (e2e)');
  await expect(noc.tile('redis')).not.toHaveAttribute('data-maintenance', /.+/);
  await keepScreenshot(noc.page, testInfo, 'maintenance-on-the-wall');

  // A remediation on the section warns that the window is open (nothing is requested here).
  await new SectionPage(page).goto('security');
  const action = new ActionDialog(page);
  await action.open('enable-enhanced-logging');
  await expect(action.dialog().getByTestId('maintenance-warning')).toContainText('A maintenance window is open');
  await expect(action.dialog().getByTestId('maintenance-warning')).toContainText('WAF rules upgrade (e2e)');
  await page.keyboard.press('Escape');

  // Ended early: the silence is expired in Alertmanager, and the wall goes back to the section's own state.
  await page.goto('/maintenance');
  await page.getByRole('button', { name: `End ${windowId}` }).click();
  await expect(page.locator(`[data-testid="maintenance-window"][data-window="${windowId}"]`)).toHaveAttribute('data-state', 'ended');
  expect((await silence(silenceId))!.status.state).toBe('expired');
  await expect(noc.tile('security')).not.toHaveAttribute('data-maintenance', /.+/, { timeout: 60_000 });
  await wall.close();
  await context.close();
});

test('a rotation is recorded on the register; the simulator\'s certificates are tracked live', async ({ browser }, testInfo) => {
  const operatorName = readSeededAccounts().users.find((u) => u.role === 'operator')!.username;
  const context = await browser.newContext({ storageState: storageStatePath('operator') });
  const page = await context.newPage();
  await page.goto('/rotations');
  const jwt = page.locator('[data-testid="rotation"][data-rotation="jwt-secret"]');
  await expect(jwt).toContainText('every 90 days');
  await jwt.getByRole('button', { name: 'Record a rotation of JWT secret' }).click();
  const form = jwt.getByRole('form', { name: 'Record a rotation of JWT secret' });
  await form.getByLabel(/What was rotated/).fill('CHG-2211: new JWT secret in the vault (e2e)');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(jwt).toHaveAttribute('data-state', 'ok');
  await expect(jwt).toContainText(`by ${operatorName}`);
  await expect(jwt).toContainText('next due');
  // Live from probe_ssl_earliest_cert_expiry: the simulator's livekit certificate is inside the renewal window.
  await expect(page.getByTestId('certificate')).toHaveCount(3, { timeout: 30_000 });
  await expect(page.locator('[data-testid="certificate"][data-state="due"]')).toContainText('https://livekit.voicehive.example');
  await keepScreenshot(page, testInfo, 'rotations');
  await context.close();
});
