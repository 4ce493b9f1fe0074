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

test.describe('where to go after signing in (issue 12, point 7)', () => {
  test('a signed-in person sent to /login with a non-ASCII `next` is redirected on this console, not shown a 500', async ({ request }) => {
    for (const [next, location] of [
      ['/%E2%80%8B/evil.example', '/'],
      ['/runbooks/r%C3%A9', '/runbooks/r%C3%A9'],
      ['/%0d%0aSet-Cookie:%20x=1', '/'],
      ['//evil.example', '/'],
    ]) {
      const response = await request.get(`${consoleUrl()}/login?next=${next}`, { maxRedirects: 0 });
      expect(response.status(), next).toBe(307);
      expect(response.headers().location, next).toBe(location);
      expect(response.headers()['set-cookie'] ?? '', next).not.toContain('x=1');
    }
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

test.describe('display tokens bound to one screen (issue 12, point 6)', () => {
  test('a link signs in one screen; the page shows when and from where it was used; rotation re-links the screen', async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storageStatePath('admin') });
    const adminPage = await admin.newPage();
    await adminPage.goto(`${consoleUrl()}/admin/tokens`);
    await adminPage.getByLabel('Screen name').fill('Bound wall');
    await adminPage.getByLabel('Expires').selectOption('30');
    await adminPage.getByRole('button', { name: 'Create display token' }).click();
    const link = (await adminPage.getByTestId('created-token-link').textContent())!;
    const row = () => adminPage.getByTestId('token-row').filter({ hasText: 'Bound wall' });
    await expect(row()).toContainText('one screen');
    await expect(row()).toContainText('not yet opened');

    const first = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const wall = await first.newPage();
    await wall.goto(link);
    await expect(wall).toHaveURL(`${consoleUrl()}/`);
    // The display cookie ends with the session (30 days here at most, the token's 30 days), not after 400 days.
    const cookie = (await first.cookies()).find((c) => c.name === 'vh_session')!;
    expect(cookie.expires * 1000 - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
    expect(cookie.expires * 1000 - Date.now()).toBeGreaterThan(29 * 86_400_000);

    // The same link on a second screen is refused, saying why.
    const second = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const other = await second.newPage();
    await other.goto(link);
    await expect(other.getByText('This display link already signed a screen in')).toBeVisible();
    await expect(other).toHaveURL(`${consoleUrl()}/display`);

    await adminPage.reload();
    await expect(row()).toContainText(/on a screen since/);
    await expect(row().getByTestId('token-last-used')).toContainText('from 127.0.0.1');

    // Rotation: the first screen is told, the new link signs a screen in again.
    adminPage.on('dialog', (dialog) => dialog.accept());
    await row().getByRole('button', { name: 'Rotate' }).click();
    const rotated = (await row().getByTestId('created-token-link').textContent())!;
    expect(rotated).not.toBe(link);
    await expect(wall).toHaveURL(`${consoleUrl()}/display/revoked?reason=replaced`, { timeout: 10_000 });
    await expect(wall.getByRole('heading', { level: 1 })).toHaveText('This display was signed out');
    await other.goto(rotated);
    await expect(other).toHaveURL(`${consoleUrl()}/`);
    await admin.close();
    await first.close();
    await second.close();
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
    const rows = page.getByTestId('audit-record');
    await expect(rows.first()).toBeVisible();
    for (const text of await rows.allTextContents()) expect(text).toMatch(/auth\./);
    await keepScreenshot(page, testInfo, 'audit-log');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const csv = fs.readFileSync(await (await download).path(), 'utf8');
    expect(csv.split('\n')[0]).toBe('seq,time,actor,role,action,target,outcome,client_address,detail,hash');
  });
});
