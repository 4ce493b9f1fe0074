import { expect, test, type Page } from '@playwright/test';
import { SectionPage } from './pages/section-page';
import { storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';
import { waitForSeverity } from './support/sections';

// Issue 15 point 11: from the top of a section page to its first remediation in a few Tab presses (a skip link),
// and one key each for the common moves, listed under `?`, that never fire while a person types.
const consoleUrl = () => process.env.E2E_CONSOLE_URL!;
const focused = (page: Page) => page.evaluate(() => ({ testId: document.activeElement?.getAttribute('data-testid') ?? null, step: document.activeElement?.getAttribute('data-step-id') ?? null, tag: document.activeElement?.tagName ?? null }));
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

test.describe('keyboard', () => {
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    await setScenario('circuit-breaker-open');
    await waitForSeverity('circuit-breakers', 'P2');
  });
  test.afterAll(async () => {
    await setScenario('healthy');
  });

  test('two Tab presses and Enter reach the first remediation through the skip link', async ({ browser }, testInfo) => {
    const context = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await context.newPage();
    await new SectionPage(page).goto('circuit-breakers');
    await expect(page.getByTestId('skip-to-resolution')).toBeAttached();
    let tabs = 0;
    while (tabs < 10 && (await focused(page)).testId !== 'skip-to-resolution') {
      await page.keyboard.press('Tab');
      tabs += 1;
    }
    expect(tabs, 'Tab presses to "Skip to resolution steps"').toBe(2);
    await expect(page.getByTestId('skip-to-resolution')).toBeVisible();
    await keepScreenshot(page, testInfo, 'i15-keyboard-skip-link');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toEqual({ testId: 'action-button', step: 'reset-circuit-breaker', tag: 'BUTTON' });
    // Before this change it was 54 presses; now the first remediation is 2 Tabs and an Enter from the top.
    await context.close();
  });

  test('r focuses the first remediation, ? lists the shortcuts, a opens the acknowledgement, and typing there fires none', async ({ browser }, testInfo) => {
    const context = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await context.newPage();
    await new SectionPage(page).goto('circuit-breakers');
    await expect(page.getByTestId('skip-to-resolution')).toBeAttached();

    await page.keyboard.press('r');
    await expect.poll(() => focused(page)).toEqual({ testId: 'action-button', step: 'reset-circuit-breaker', tag: 'BUTTON' });

    await blur(page);
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcuts-help');
    await expect(help).toBeVisible();
    await expect(help.getByTestId('shortcut-row')).toHaveCount(4);
    await expect(help.locator('kbd')).toHaveText(['n', 'r', 'a', '?']);
    await keepScreenshot(page, testInfo, 'i15-keyboard-shortcuts-help');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    // The breaker's alert reaches Alertmanager and the page (as in live.alerts.spec.ts).
    await expect(page.getByTestId('alert-row').getByTestId('ack-button').first()).toBeVisible({ timeout: 60_000 });
    await blur(page);
    await page.keyboard.press('a');
    const form = page.getByTestId('alert-ack-form');
    await expect(form).toBeVisible();
    const comment = form.getByRole('textbox');
    await expect(comment).toBeFocused();
    // Letters typed here are the person's: no shortcut fires (no list, no jump, no navigation).
    await page.keyboard.type('ran a reset?');
    await expect(comment).toHaveValue('ran a reset?');
    await expect(help).toBeHidden();
    await expect(comment).toBeFocused();
    expect(page.url()).toContain('/runbooks/circuit-breakers');
    // Cancelled: no silence is left behind for the other tests.
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(form).toBeHidden();
    await context.close();
  });

  test('n goes to the next firing section, worst first; with none other firing it says so', async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStatePath('viewer') });
    const page = await context.newPage();
    // The firing sections as the overview orders them (worst first); circuit-breakers is among them.
    const { sections } = (await (await page.request.get(`${consoleUrl()}/api/sections`)).json()) as { sections: { id: string; severity: string }[] };
    const firing = sections.filter((s) => /^P[0-3]$/.test(s.severity)).map((s) => s.id);
    expect(firing).toContain('circuit-breakers');
    await new SectionPage(page).goto('redis');
    await expect(page.getByTestId('skip-to-resolution')).toBeAttached();
    await page.keyboard.press('n');
    await page.waitForURL(`${consoleUrl()}/runbooks/${firing[0]}`);
    await expect(page.getByTestId('skip-to-resolution')).toBeAttached();
    await page.keyboard.press('n');
    if (firing.length === 1) {
      // The only firing section: nowhere else to go, and said in the live region.
      await expect(page.getByTestId('shortcut-notice')).toHaveText('No other section fires now.');
      expect(page.url()).toBe(`${consoleUrl()}/runbooks/${firing[0]}`);
    } else {
      await page.waitForURL(`${consoleUrl()}/runbooks/${firing[1]}`);
    }
    await context.close();
  });
});
