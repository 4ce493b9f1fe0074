import { expect, test, type Page } from '@playwright/test';
import { ActionDialog } from './pages/action-dialog';
import { SectionPage } from './pages/section-page';
import { storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';
import { waitForSeverity } from './support/sections';

// Issue 15 point 3: the recovery verdict and the page agree, always. The run dialog, the run page and the section's
// recent runs say the section's level from the query the severity card polls; a recovery is the section's rules ok
// for the hold (10 s here, global-setup), judged by the page's own evaluation; a section that was not firing when
// the action ran gets "no change needed to judge". Screenshots with the browser's clock fixed at the test's start.
const consoleUrl = () => process.env.E2E_CONSOLE_URL!;

/** The severity card's level, the level the run's words use, and the run's state, read at the same moment. */
const readBoth = (page: Page) =>
  page.evaluate(() => {
    const tracker = document.querySelector('dialog[open] [data-testid="run-status"]') ?? document.querySelector('[data-testid="run-status"]');
    return { card: document.querySelector('[data-testid="section-status"]')?.getAttribute('data-severity') ?? null, run: tracker?.getAttribute('data-severity-now') ?? null, state: tracker?.getAttribute('data-state') ?? null };
  });

test.describe('recovery verdict and page agree', () => {
  test.describe.configure({ mode: 'serial' });
  test.afterAll(async () => {
    await setScenario('healthy');
  });

  test('a breaker reset: the dialog says recovered only with the card ok, and says it fires again when the card does', async ({ browser }, testInfo) => {
    // Scenario switches, a watch with its hold and a second opening: more than the default 90 s on a shared machine.
    test.setTimeout(300_000);
    await setScenario('circuit-breaker-open');
    await waitForSeverity('circuit-breakers', 'P2');
    const context = await browser.newContext({ storageState: storageStatePath('operator'), viewport: { width: 1440, height: 900 } });
    await context.clock.setFixedTime(new Date());
    const page = await context.newPage();
    await new SectionPage(page).goto('circuit-breakers');
    const card = page.getByTestId('section-status');
    await expect(card).toHaveAttribute('data-severity', 'P2');
    const action = new ActionDialog(page);
    await action.button('reset-circuit-breaker').click();
    await expect(action.dialog().getByLabel('name', { exact: true })).toHaveValue('pms_connector');
    await expect(action.dialog().getByTestId('action-diff')).toContainText('closed');
    await action.confirm({ label: /send/i });

    // Every reading while it is followed: the run's level is the card's; "recovered" never beside a firing card.
    const seen: Awaited<ReturnType<typeof readBoth>>[] = [];
    await expect
      .poll(
        async () => {
          const both = await readBoth(page);
          seen.push(both);
          return both.state;
        },
        { timeout: 90_000, intervals: [500] },
      )
      .toBe('recovered');
    for (const both of seen.filter((b) => b.run !== null)) expect(both.run, JSON.stringify(both)).toBe(both.card);
    expect(seen.some((b) => b.state === 'watching' || b.state === 'rolling-out'), 'watched before it was judged').toBe(true);
    await expect(card).toHaveAttribute('data-severity', 'ok');
    await expect(action.runStatus()).toContainText('Section recovered ✓');
    const runId = (await action.runStatus().getAttribute('data-run-id'))!;
    await keepScreenshot(page, testInfo, 'i15-recovery-dialog-recovered-card-ok');
    await page.keyboard.press('Escape');
    await expect(action.dialog()).toBeHidden();

    const newest = page.locator(`[data-testid="recent-runs"] [data-testid="run-row"][data-run-id="${runId}"]`);
    await expect(newest.getByTestId('run-verdict')).toHaveText(/section recovered$/);
    const runPage = await context.newPage();
    await runPage.goto(`${consoleUrl()}/runs?id=${runId}`);
    await expect(runPage.getByTestId('run-status')).toHaveAttribute('data-state', 'recovered');
    await expect(runPage.getByTestId('run-status')).toContainText('Section recovered ✓');

    // The breaker opens again: the card fires, and the run's words follow it everywhere (the run stopped polling).
    await setScenario('healthy');
    await setScenario('circuit-breaker-open');
    await waitForSeverity('circuit-breakers', 'P2');
    // The section page was behind the run page's tab: in front again, it polls again (React Query pauses hidden tabs).
    await page.bringToFront();
    await expect(card).toHaveAttribute('data-severity', 'P2', { timeout: 60_000 });
    const underStep = page.locator(`[data-testid="run-status"][data-run-id="${runId}"]`);
    await expect(underStep).toHaveAttribute('data-severity-now', 'P2');
    await expect(underStep).toContainText('but the section fires again now (P2)');
    await expect(underStep).not.toContainText('Section recovered ✓');
    await expect(newest.getByTestId('run-verdict')).toHaveText(/section recovered, fires again now \(P2\)/);
    await keepScreenshot(page, testInfo, 'i15-recovery-fires-again-card-p2');
    await runPage.bringToFront();
    await expect(runPage.getByTestId('run-status')).toContainText('but the section fires again now (P2)', { timeout: 30_000 });
    await keepScreenshot(runPage, testInfo, 'i15-recovery-run-page-fires-again');
    await context.close();
  });

  test('a restart on a section that was not firing: "no change needed to judge" in the dialog, the run page and the recent runs', async ({ browser }, testInfo) => {
    await setScenario('healthy');
    await waitForSeverity('call-failures', 'ok');
    const context = await browser.newContext({ storageState: storageStatePath('operator'), viewport: { width: 1440, height: 900 } });
    await context.clock.setFixedTime(new Date());
    const page = await context.newPage();
    await new SectionPage(page).goto('call-failures');
    await expect(page.getByTestId('section-status')).toHaveAttribute('data-severity', 'ok');
    const action = new ActionDialog(page);
    await action.open('restart-media-agents');
    await action.confirm({ label: /restart/i });
    await expect(action.runStatus()).toHaveAttribute('data-state', 'no-change-needed', { timeout: 60_000 });
    await expect(action.runStatus()).toContainText('No change needed to judge: the section was not firing when this ran');
    await expect(action.runStatus()).not.toContainText('recovered');
    await keepScreenshot(page, testInfo, 'i15-recovery-no-change-needed');
    const runId = (await action.runStatus().getAttribute('data-run-id'))!;
    await page.keyboard.press('Escape');
    await expect(action.dialog()).toBeHidden();
    await expect(page.locator(`[data-testid="recent-runs"] [data-testid="run-row"][data-run-id="${runId}"]`).getByTestId('run-verdict')).toHaveText(/no change needed to judge/);
    await page.goto(`${consoleUrl()}/runs?id=${runId}`);
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-state', 'no-change-needed');
    await context.close();
  });
});
