import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { keepScreenshot, setScenario, stopPrometheus } from './support/estate';

test('when Prometheus stops, tiles go stale and then unknown, never green', async ({ page }, testInfo) => {
  await setScenario('healthy');
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.tile('call-failures')).toHaveAttribute('data-severity', 'ok');
  await expect(overview.staleBanner()).toHaveCount(0);

  stopPrometheus();
  await expect(overview.staleBanner()).toBeVisible();
  await expect(overview.staleBanner()).toContainText(/stale/i);
  await keepScreenshot(page, testInfo, 'overview-stale');

  // After STALE_UNKNOWN_AFTER_MS (10 s in global-setup) every tile is unknown: none may stay ok.
  await expect.poll(async () => Object.values(await overview.severities()).filter((s) => s !== 'unknown'), { timeout: 40_000 }).toEqual([]);
  await keepScreenshot(page, testInfo, 'overview-unknown');
});
