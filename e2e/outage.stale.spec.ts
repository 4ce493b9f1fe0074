import { expect, test } from '@playwright/test';
import { NocPage } from './pages/noc-page';
import { OverviewPage } from './pages/overview-page';
import { readSeededAccounts } from './support/accounts';
import { keepScreenshot, pausePrometheus, resumePrometheus, setScenario, startReplacementPrometheus, stopPrometheus } from './support/estate';

// global-setup: POLL_INTERVAL_MS 2 s × NOC_STALE_INTERVALS 3, PROMETHEUS_TIMEOUT_MS 2 s: stale within ~8 s.
const STALE_BOUND_MS = 3 * 2_000 + 2_000;

test('the NOC wall says DATA STALE when Prometheus stops answering, and recovers by itself when it answers again', async ({ browser }, testInfo) => {
  await setScenario('healthy');
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1920, height: 1080 } });
  const noc = new NocPage(await context.newPage());
  await noc.signInAsDisplay(readSeededAccounts().display.secret);
  await expect(noc.tile('call-failures')).toHaveAttribute('data-severity', 'ok');
  await expect(noc.staleBanner()).toHaveCount(0);
  // Set once: a reload would drop it, so recovering "by itself" means without one.
  await noc.page.evaluate(() => ((window as unknown as { nocNotReloaded: boolean }).nocNotReloaded = true));

  pausePrometheus();
  const pausedAt = Date.now();
  try {
    await expect(noc.staleBanner()).toBeVisible({ timeout: STALE_BOUND_MS + 10_000 });
    const staleAfterMs = Date.now() - pausedAt;
    testInfo.annotations.push({ type: 'stale after', description: `${staleAfterMs} ms (bound ${STALE_BOUND_MS} ms + a poll)` });
    // The bound, with one polling interval of slack (the last answer may have come just before the pause).
    expect(staleAfterMs).toBeLessThanOrEqual(STALE_BOUND_MS + 2_000);
    await expect(noc.staleBanner()).toContainText(/DATA STALE — last update \d\d:\d\d/);
    await keepScreenshot(noc.page, testInfo, 'noc-prometheus-paused');
  } finally {
    resumePrometheus();
  }
  await expect(noc.staleBanner()).toHaveCount(0, { timeout: 30_000 });
  await expect(noc.tile('call-failures')).toHaveAttribute('data-severity', 'ok');
  expect(await noc.page.evaluate(() => (window as unknown as { nocNotReloaded?: boolean }).nocNotReloaded)).toBe(true);
  await context.close();
});

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

// After the test above: Prometheus is stopped. A new one comes up on the same address, as after a restart.
test('the NOC wall, stale while Prometheus is down, recovers by itself when Prometheus is back', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1920, height: 1080 } });
  const noc = new NocPage(await context.newPage());
  await noc.signInAsDisplay(readSeededAccounts().display.secret);
  await expect(noc.staleBanner()).toBeVisible({ timeout: STALE_BOUND_MS + 10_000 });
  await noc.page.evaluate(() => ((window as unknown as { nocNotReloaded: boolean }).nocNotReloaded = true));
  const startedAt = Date.now();
  // Returns once the new Prometheus answers queries (its first scrapes are in).
  const prometheus = await startReplacementPrometheus();
  try {
    // A fresh database needs a few scrapes before the 15 s windows hold two samples.
    await expect(noc.staleBanner()).toHaveCount(0, { timeout: 60_000 });
    testInfo.annotations.push({ type: 'recovered after', description: `${Date.now() - startedAt} ms from starting the new Prometheus` });
    await expect(noc.tile('call-failures')).toHaveAttribute('data-severity', 'ok', { timeout: 30_000 });
    expect(await noc.page.evaluate(() => (window as unknown as { nocNotReloaded?: boolean }).nocNotReloaded)).toBe(true);
    await keepScreenshot(noc.page, testInfo, 'noc-prometheus-back');
  } finally {
    await prometheus.stop();
    await context.close();
  }
});
