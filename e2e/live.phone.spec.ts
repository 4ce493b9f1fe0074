import { expect, test, type Browser, type Page } from '@playwright/test';
import type { PrincipalRole } from '../lib/auth/permissions';
import { storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';
import { waitForSeverity } from './support/sections';

// Issue 15 point 10: a 390 px phone. Every page fits its width; on a firing section, the signals that fire
// and the section's buttons are within the first two screens, and a bar at the bottom jumps to them.

const PHONE = { width: 390, height: 844 };

async function openPhone(browser: Browser, role: PrincipalRole): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStatePath(role), viewport: PHONE, isMobile: true, hasTouch: true, baseURL: process.env.E2E_CONSOLE_URL });
  return context.newPage();
}

/** How wide the page lays out, and whatever sticks out past the screen's right edge. */
async function measureWidth(page: Page): Promise<{ width: number; outside: string[] }> {
  return page.evaluate(() => {
    const outside: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= window.innerWidth + 1) continue;
      // Inside a box that scrolls sideways on its own, a wide table is fine: the page does not move.
      let scroller = element.parentElement;
      while (scroller && getComputedStyle(scroller).overflowX !== 'auto' && getComputedStyle(scroller).overflowX !== 'scroll') scroller = scroller.parentElement;
      if (scroller && scroller.getBoundingClientRect().right <= window.innerWidth + 1) continue;
      outside.push(`${element.tagName.toLowerCase()}${element.dataset.testid ? `[${element.dataset.testid}]` : ''} "${(element.textContent ?? '').slice(0, 40)}" to ${Math.round(box.right)} px`);
    }
    return { width: document.documentElement.scrollWidth, outside: outside.slice(0, 8) };
  });
}

test.describe('on a 390 px phone under database-down', () => {
  test.beforeAll(async () => {
    await setScenario('database-down');
    await waitForSeverity('database', 'P0');
  });
  test.afterAll(async () => {
    await setScenario('healthy');
  });

  test('every page fits 390 px, with who is signed in and Sign out on screen', async ({ browser }) => {
    test.setTimeout(180_000);
    for (const { role, paths } of [
      { role: 'operator' as const, paths: ['/', '/runbooks/database', '/runbooks/pms-connection', '/runbooks/circuit-breakers', '/requests'] },
      { role: 'admin' as const, paths: ['/approvals', '/audit', '/admin/tokens', '/admin/users', '/admin/estate'] },
    ]) {
      const page = await openPhone(browser, role);
      for (const path of paths) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 }).first()).toBeAttached();
        // Live panels fill in after the first answers: measure once the page has its content.
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await expect.poll(() => measureWidth(page), { message: `${path} as ${role}` }).toEqual({ width: PHONE.width, outside: [] });
        await expect(page.getByLabel('Role'), path).toBeInViewport({ ratio: 1 });
        await expect(page.getByRole('button', { name: 'Sign out' }), path).toBeInViewport({ ratio: 1 });
      }
      await page.context().close();
    }
  });

  test('the firing signal and the first remediation button are within two screens; the bottom bar jumps to them', async ({ browser }, testInfo) => {
    const page = await openPhone(browser, 'operator');
    await page.goto('/runbooks/database');
    const firing = page.locator('tr[data-signal-id="pg-up"]');
    await expect(firing).toHaveAttribute('data-severity', 'P0');
    const button = page.getByTestId('action-button').first();
    await expect(button).toBeEnabled();
    const top = async (locator: typeof firing) => locator.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
    expect(await top(firing)).toBeLessThan(2 * PHONE.height);
    expect(await top(button)).toBeLessThan(2 * PHONE.height);
    // The firing signal reads whole on the phone: its state word and its rule, not a table to scroll sideways.
    await expect(firing).toContainText('down');
    await expect(firing).toContainText('P0 when down');
    await keepScreenshot(page, testInfo, 'section-database-390');

    const bar = page.getByTestId('section-jump-bar');
    await expect(bar).toBeInViewport();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await bar.getByRole('link', { name: /Resolution/ }).click();
    await expect(button).toBeInViewport();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await bar.getByRole('link', { name: 'Signals' }).click();
    await expect(firing).toBeInViewport();
    await page.context().close();
  });

  test('the overview at 390 px: the firing section first, its headline whole', async ({ browser }, testInfo) => {
    const page = await openPhone(browser, 'viewer');
    await page.clock.setFixedTime(new Date());
    await page.goto('/');
    const first = page.getByTestId('section-tile').first();
    await expect(first).toHaveAttribute('data-section-id', 'database');
    await expect(first.getByTestId('tile-headline')).toHaveText('PostgreSQL is down');
    await expect(first).toBeInViewport({ ratio: 1 });
    await keepScreenshot(page, testInfo, 'overview-database-down-390');
    await page.context().close();
  });
});
