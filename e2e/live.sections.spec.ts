import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { SectionPage } from './pages/section-page';
import { keepScreenshot, setScenario } from './support/estate';

test.describe('under a firing scenario (pms-outage)', () => {
  test.beforeAll(async () => {
    await setScenario('pms-outage');
  });

  test('the overview puts the PMS section first, P1, with its cause, and the rest ok', async ({ page }, testInfo) => {
    const overview = new OverviewPage(page);
    await overview.goto();
    const pms = overview.tile('pms-connection');
    await expect(pms).toHaveAttribute('data-severity', 'P1');
    await expect(overview.tiles().first()).toHaveAttribute('data-section-id', 'pms-connection');
    await expect(pms).toContainText('P1');
    await expect(pms).toContainText(/apaleo/i);
    const severities = await overview.severities();
    const others = Object.entries(severities).filter(([id]) => id !== 'pms-connection');
    expect(others.length).toBeGreaterThanOrEqual(18);
    expect(others.filter(([, s]) => s !== 'ok')).toEqual([]);
    await expect(overview.statusBar()).toContainText(/P1\D*1/);
    await keepScreenshot(page, testInfo, 'overview-pms-outage');
  });

  test('the section page says why, charts its panels and lists the steps', async ({ page }, testInfo) => {
    const section = new SectionPage(page);
    await section.goto('pms-connection');
    await expect(section.severityBadge()).toContainText('P1');
    await expect(page.getByText(/apaleo/i).first()).toBeVisible();
    await expect(section.charts().first()).toBeVisible();
    const chart = section.charts().first();
    await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
    await expect(chart).toContainText(/apaleo/i); // the legend and the screen-reader summary name the series
    await expect(page.getByRole('heading', { name: /resolution/i })).toBeVisible();
    await expect(page.getByRole('heading', { name: /escalation/i })).toBeVisible();
    await expect(page.getByText('redis-cli DEL "ratelimit:apaleo"').first()).toBeVisible();
    // The console probes each vendor's health endpoint: the failing vendor is down with its cause, the rest up.
    const apaleo = page.locator('[data-testid="pms-vendor"][data-vendor="apaleo"]');
    await expect(apaleo).toHaveAttribute('data-state', 'down');
    await expect(apaleo).toHaveAttribute('data-verdict', 'down');
    await expect(apaleo).toContainText('HTTP 503');
    // And what the estate says about it: our calls failing over the 5 % line, the connector's breaker, its rate-limit key.
    await expect(apaleo.getByTestId('pms-vendor-traffic')).toHaveAttribute('data-alarm', 'true');
    await expect(apaleo.getByTestId('pms-vendor-breaker')).toContainText('pms_connector: closed');
    await expect(apaleo.getByTestId('pms-vendor-rate-limit')).toContainText(/ratelimit:apaleo = "\d+", resets in/);
    await expect(apaleo.getByRole('link', { name: /apaleo status page/ })).toHaveAttribute('href', 'https://status.apaleo.com');
    await expect(page.locator('[data-testid="pms-vendor"][data-state="up"]')).toHaveCount(4);
    // This browser is a viewer: the wired actions are shown, none can be pressed (and the API would refuse).
    const actions = page.getByTestId('action-button');
    await expect(actions.first()).toBeVisible();
    for (const action of await actions.all()) await expect(action).toBeDisabled();
    await keepScreenshot(page, testInfo, 'section-pms-connection');
  });

  test('an unknown section is a clear 404, not a crash', async ({ page }) => {
    const response = await page.goto(`${process.env.E2E_CONSOLE_URL}/runbooks/no-such-section`);
    expect(response?.status()).toBe(404);
    await expect(page.getByText(/not found|no runbook section/i).first()).toBeVisible();
  });
});
