import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { LoginPage } from './pages/login-page';
import { OverviewPage } from './pages/overview-page';
import { keepScreenshot } from './support/estate';
import { readSeededAccounts, storageStatePath } from './support/accounts';

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a local account signs in, lands where it was going, sees who it is, and signs out', async ({ page }, testInfo) => {
    const operator = readSeededAccounts().users.find((u) => u.role === 'operator')!;
    await page.goto(`${consoleUrl()}/runbooks/redis`);
    await expect(page).toHaveURL(/\/login\?next=%2Frunbooks%2Fredis$/);
    await expect(page.getByTestId('environment-banner')).toHaveText('e2e');
    const login = new LoginPage(page);

    await login.signIn(operator.username, 'not the password');
    await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong username or password.');

    await login.signIn(operator.username, operator.password);
    await expect(page).toHaveURL(`${consoleUrl()}/runbooks/redis`);
    await login.expectSignedInAs('Olivia (operator)', 'operator');
    await keepScreenshot(page, testInfo, 'signed-in-header');

    await page.getByRole('button', { name: 'Sign out' }).click();
    // A poll answered 401 in the meantime may add ?next=…; either way the browser is at the sign-in page.
    await expect(page).toHaveURL(/\/login(\?next=\S*)?$/);
    await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
    await page.goto(`${consoleUrl()}/`);
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
  });

  test('single sign-on through a real OpenID Connect provider maps the groups claim to a role', async ({ page }) => {
    await page.goto(`${consoleUrl()}/login`);
    const login = new LoginPage(page);
    await login.signInWithSso('VoiceHive SSO', 'sso-oliver');
    await expect(page).toHaveURL(`${consoleUrl()}/`);
    await login.expectSignedInAs('Oliver SSO', 'operator');
    await expect(new OverviewPage(page).tiles().first()).toBeVisible();
  });

  test('single sign-on without a mapped role is refused with a page that says why', async ({ page }, testInfo) => {
    await page.goto(`${consoleUrl()}/login`);
    await new LoginPage(page).signInWithSso('VoiceHive SSO', 'sso-nora');
    await expect(page).toHaveURL(/\/login\/refused/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('main')).toContainText(/no console role/i);
    await keepScreenshot(page, testInfo, 'sso-refused');
    // Refused means no session: the console still sends this browser to sign in.
    await page.goto(`${consoleUrl()}/`);
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe('display tokens', () => {
  test('an admin creates a token, a screen signs in with it, reads status only, and is told when it is revoked', async ({ browser }, testInfo) => {
    const admin = await browser.newContext({ storageState: storageStatePath('admin') });
    const adminPage = await admin.newPage();
    await adminPage.goto(`${consoleUrl()}/admin/tokens`);
    await adminPage.getByLabel('Screen name').fill('Lobby wall');
    await adminPage.getByRole('button', { name: 'Create display token' }).click();
    const link = (await adminPage.getByTestId('created-token-link').textContent())!;
    expect(link).toMatch(/\/display#token=vhd_/);
    expect(await adminPage.getByTestId('created-token-noc-link').textContent()).toBe(`${link}&next=/noc`);

    const screen = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const wall = await screen.newPage();
    await wall.goto(link);
    await expect(wall).toHaveURL(`${consoleUrl()}/`);
    await expect(new OverviewPage(wall).tiles().first()).toBeVisible();
    await expect(wall.getByTestId('signed-in-as')).toContainText('display:Lobby wall');
    // Read-only: anything beyond section status is refused to the display session.
    expect((await wall.request.get(`${consoleUrl()}/api/audit`)).status()).toBe(403);
    expect((await wall.request.get(`${consoleUrl()}/api/sections`)).status()).toBe(200);
    await keepScreenshot(wall, testInfo, 'display-signed-in');

    adminPage.on('dialog', (dialog) => dialog.accept());
    await adminPage.getByTestId('token-row').filter({ hasText: 'Lobby wall' }).getByRole('button', { name: 'Revoke' }).click();
    await expect(adminPage.getByTestId('token-row').filter({ hasText: 'Lobby wall' })).toContainText('revoked');
    // Within one polling interval (2 s here) the screen says so, and shows no login form.
    await expect(wall).toHaveURL(`${consoleUrl()}/display/revoked`, { timeout: 10_000 });
    await expect(wall.getByRole('heading', { level: 1 })).toHaveText("This display's token was revoked");
    await expect(wall.getByLabel('Password')).toHaveCount(0);
    await keepScreenshot(wall, testInfo, 'display-revoked');
    await admin.close();
    await screen.close();
  });
});

test.describe('audit log', () => {
  test.use({ storageState: storageStatePath('approver') });

  test('an approver filters the log, sees the chain verified, and downloads the records as CSV', async ({ page }, testInfo) => {
    await page.goto(`${consoleUrl()}/audit`);
    await expect(page.getByTestId('chain-status')).toHaveAttribute('data-chain', 'verified');
    await page.getByLabel('Outcome').selectOption('success');
    await page.getByLabel('Action').fill('auth.');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/outcome=success/);
    const rows = page.locator('tr[data-seq]');
    await expect(rows.first()).toBeVisible();
    for (const text of await rows.allTextContents()) expect(text).toMatch(/auth\./);
    await keepScreenshot(page, testInfo, 'audit-log');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const csv = fs.readFileSync(await (await download).path(), 'utf8');
    expect(csv.split('\n')[0]).toBe('seq,time,actor,role,action,target,outcome,client_address,detail,hash');
  });
});
