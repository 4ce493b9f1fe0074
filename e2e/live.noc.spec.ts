import { expect, request as playwrightRequest, test } from '@playwright/test';
import { NocPage } from './pages/noc-page';
import { readSeededAccounts, storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;
const displaySecret = () => readSeededAccounts().display.secret;
// The catalog's sections (runbooks/*.yaml).
const SECTION_COUNT = 19;
// global-setup: POLL_INTERVAL_MS 2000 × NOC_STALE_INTERVALS 3 (the default).
const STALE_AFTER_MS = 6_000;

/** Waits until the console itself reports `sectionId` at `severity` (the simulator needs a few scrapes after a switch). */
async function waitForSeverity(sectionId: string, severity: string) {
  const viewer = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('viewer') });
  await expect
    .poll(async () => ((await (await viewer.get('/api/sections')).json()) as { sections: { id: string; severity: string }[] }).sections.find((s) => s.id === sectionId)?.severity, { timeout: 60_000 })
    .toBe(severity);
  await viewer.dispose();
}

// Answers of the console, as much of them as the tests below change.
type OverviewAnswer = { generatedAt: number; sections: ({ id: string; title: string } & Record<string, unknown>)[] } & Record<string, unknown>;
type AlertsAnswer = { bySection: Record<string, { count: number; acknowledgedBy: string | null; acknowledgedAt: number | null }> } & Record<string, unknown>;

// The catalog's longest title, on a site of its own: what an estate of several sites would call a section.
const LONG_TITLE = 'Voice pipeline latency (ASR / LLM / TTS, agent not responding) · Frankfurt';

/** `count` sections cloned from a real answer, each with its own id and a title of realistic length, the first one long. */
function cloneSections(real: OverviewAnswer, count: number): OverviewAnswer {
  const sections = Array.from({ length: count }, (_, i) => {
    const base = real.sections[i % real.sections.length]!;
    const site = Math.floor(i / real.sections.length) + 1;
    return { ...base, id: `${base.id}-site-${site}`, title: i === 0 ? LONG_TITLE : `${base.title} · site ${site}` };
  });
  return { ...real, sections };
}

/** Alerts on every section: open ones, and acknowledged ones, by a short and by a long name, minutes and days ago. */
function alertEverySection(real: AlertsAnswer, overview: OverviewAnswer): AlertsAnswer {
  const names = ['olivia', 'alexandra.konstantinidou', null];
  const bySection = Object.fromEntries(
    overview.sections.map((s, i) => {
      const by = names[i % names.length]!;
      return [s.id, { count: i % 2 === 0 ? 12 : 1, acknowledgedBy: by, acknowledgedAt: by === null ? null : overview.generatedAt - (i % 4 === 0 ? 3 * 86_400_000 : 5 * 60_000) }];
    }),
  );
  return { ...real, bySection };
}

// A TV: no session but the display's, a fixed time zone for the clock.
test.use({ storageState: { cookies: [], origins: [] }, timezoneId: 'UTC' });

test.describe('the NOC wall under a firing scenario (pms-outage)', () => {
  test.beforeAll(async () => {
    await setScenario('pms-outage');
  });
  test.afterAll(async () => {
    await setScenario('healthy');
  });

  test('fits a 1080p and a 4K screen without scrolling or cut text, every section worst first', async ({ page }, testInfo) => {
    await page.clock.setFixedTime(new Date('2026-03-02T09:41:00Z'));
    await page.setViewportSize({ width: 1920, height: 1080 });
    const noc = new NocPage(page);
    await noc.signInAsDisplay(displaySecret());
    await expect(noc.liveTiles()).toHaveCount(SECTION_COUNT);
    // The simulator needs a few polls to cross the PMS threshold after the switch.
    await expect(noc.liveTiles().first()).toHaveAttribute('data-section-id', 'pms-connection', { timeout: 60_000 });
    const pms = noc.tile('pms-connection');
    await expect(pms).toHaveAttribute('data-severity', 'P1');
    await expect(pms.getByTestId('noc-severity')).toHaveText('▲P1severity P1 high');
    await expect(pms).toContainText(/firing \S.*respond in/);
    // A trend to show: the freshly started Prometheus needs a few scrapes before a sparkline has two points.
    await expect(pms.getByTestId('noc-sparkline').locator('svg path')).toBeVisible({ timeout: 60_000 });
    await expect(noc.clock()).toHaveText('09:41:00');
    await expect(noc.header()).toContainText('e2e');
    await expect(noc.header().locator('li[data-severity="P1"]')).toHaveAttribute('data-count', '1');
    // No site header or navigation on the wall.
    await expect(page.getByTestId('signed-in-as')).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();

    for (const screen of [
      { width: 1920, height: 1080, name: 'noc-1080p' },
      { width: 3840, height: 2160, name: 'noc-4k' },
    ]) {
      await page.setViewportSize(screen);
      await expect(noc.grid()).toHaveAttribute('data-columns', '5');
      await expect(noc.grid()).toHaveAttribute('data-rows', '4');
      await expect.poll(() => noc.findMisfits(), { message: screen.name }).toEqual([]);
      for (const tile of await noc.liveTiles().all()) await expect(tile).toBeInViewport({ ratio: 1 });
      // The header as the tiles (issue 15 point 9): each of its items whole on screen, the clock included.
      for (const item of await noc.headerItems().all()) await expect(item, screen.name).toBeInViewport({ ratio: 1 });
      await keepScreenshot(page, testInfo, screen.name);
    }
    // A 1366×768 screen (a laptop driving the wall): the header and the tiles fit too.
    await page.setViewportSize({ width: 1366, height: 768 });
    await expect.poll(() => noc.findMisfits(), { message: '1366×768' }).toEqual([]);
    for (const tile of await noc.liveTiles().all()) await expect(tile, '1366×768').toBeInViewport({ ratio: 1 });
    for (const item of await noc.headerItems().all()) await expect(item, '1366×768').toBeInViewport({ ratio: 1 });
  });

  test('fits 1 and 60 sections, with their alert badges, on a 1080p and a 4K screen', async ({ page }) => {
    // Firing, so the tiles carry their longest line (firing time and deadline).
    await waitForSeverity('pms-connection', 'P1');
    const viewer = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('viewer') });
    const real = (await (await viewer.get('/api/sections')).json()) as OverviewAnswer;
    const realAlerts = (await (await viewer.get('/api/alerts')).json()) as AlertsAnswer;
    await viewer.dispose();
    // The firing section first, so the single-tile wall shows it.
    real.sections.sort((a, b) => Number(b.id === 'pms-connection') - Number(a.id === 'pms-connection'));

    let sections = cloneSections(real, 1);
    let alerts: AlertsAnswer | null = alertEverySection(realAlerts, sections);
    // Answers made up here reach the wall through its polls: the stream (which would bring the real ones) is refused.
    await page.route('**/api/sections/stream', (route) => route.abort());
    await page.route('**/api/sections', (route) => route.fulfill({ json: sections }));
    await page.route('**/api/alerts', (route) => (alerts ? route.fulfill({ json: alerts }) : route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503</h1>' })));
    await page.clock.setFixedTime(new Date('2026-03-02T09:41:00Z'));
    await page.setViewportSize({ width: 1920, height: 1080 });
    const noc = new NocPage(page);
    await noc.signInAsDisplay(displaySecret());
    const badges = page.getByTestId('noc-alert-badge');

    const expectAllFit = async (count: number, what: string) => {
      for (const screen of [
        { width: 1920, height: 1080 },
        { width: 3840, height: 2160 },
      ]) {
        await page.setViewportSize(screen);
        const where = `${what} at ${screen.width}×${screen.height}`;
        await expect.poll(() => noc.findMisfits(), { message: where }).toEqual([]);
        await expect(noc.liveTiles(), where).toHaveCount(count);
        for (const tile of await noc.liveTiles().all()) await expect(tile, where).toBeInViewport({ ratio: 1 });
      }
    };

    for (const count of [1, 60]) {
      sections = cloneSections(real, count);
      alerts = alertEverySection(realAlerts, sections);
      // The next poll (2 s) brings the new answer.
      await expect(noc.liveTiles()).toHaveCount(count);
      await expect(badges).toHaveCount(count);
      await expect(noc.tile('pms-connection-site-1')).toContainText(LONG_TITLE);
      await expectAllFit(count, `${count} sections`);
    }
    await expect(page.locator('[data-testid="noc-alert-badge"][data-acknowledged="true"]').first()).toContainText(/ack \S+ \d+[smhd]/);

    // The alerts cannot be read: every tile says so, and that fits too.
    alerts = null;
    await expect(page.locator('[data-testid="noc-alert-badge"][data-unknown="true"]')).toHaveCount(60);
    await expect(noc.header()).toContainText('alerts unavailable');
    await expectAllFit(60, '60 sections, alerts unknown');
  });

  test('says DATA STALE within the bound when the console cannot be reached, and clears by itself', async ({ page }, testInfo) => {
    // The polling path (the stream's fallback) under outages; the stream's own failures: live.overview-stream.spec.ts.
    await page.route('**/api/sections/stream', (route) => route.abort());
    await page.clock.install();
    await page.setViewportSize({ width: 1920, height: 1080 });
    const noc = new NocPage(page);
    await noc.signInAsDisplay(displaySecret());
    await expect(noc.liveTiles()).toHaveCount(SECTION_COUNT);
    await expect(noc.staleBanner()).toHaveCount(0);
    // A reload would lose this: the wall must recover in place.
    await page.evaluate(() => ((window as unknown as { nocMarker: string }).nocMarker = 'same page'));

    const outages = [
      { name: 'network loss', block: () => page.route('**/api/sections', (route) => route.abort('connectionrefused')) },
      { name: 'server restart', block: () => page.route('**/api/sections', (route) => route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503 Service Unavailable</h1>' })) },
    ];
    for (const outage of outages) {
      await outage.block();
      // How old the data already is at the block is not fixed: up to a poll since the last answer, plus the age of
      // the console's newest evaluation in it (seconds more on a loaded machine). Read it as the wall shows it, then
      // go to a second short of the bound: no banner yet…
      const shownAge = Number((await page.getByTestId('noc-data-age').textContent())?.match(/data (\d+) s old/)?.[1] ?? NaN);
      expect(shownAge, `${outage.name}: the wall shows the age of its data`).not.toBeNaN();
      const beforeBound = STALE_AFTER_MS - (shownAge + 1) * 1_000 - 1_000;
      if (beforeBound >= 1_000) {
        await page.clock.fastForward(beforeBound);
        await expect(noc.staleBanner(), `${outage.name}: ${shownAge} s old at the block, ${beforeBound} ms later`).toHaveCount(0);
      } else {
        testInfo.annotations.push({ type: 'load', description: `${outage.name}: data already ${shownAge} s old at the block; the not-yet-stale check needs ≥ 1 s before the bound` });
      }
      // …and past it a bound later, whatever the age was.
      await page.clock.fastForward(STALE_AFTER_MS);
      await expect(noc.staleBanner(), outage.name).toBeVisible();
      await expect(noc.staleBanner()).toContainText(/^DATA STALE — last update \d\d:\d\d/);
      await expect(noc.grid()).toHaveAttribute('data-stale', 'true');
      await expect(noc.tile('pms-connection')).toHaveAttribute('data-stale', 'true');
      await expect(page.getByTestId('noc-data-age')).toHaveAttribute('data-stale', 'true');
      if (outage.name === 'network loss') await keepScreenshot(page, testInfo, 'noc-stale');

      await page.unroute('**/api/sections');
      // Past whatever backoff delay is pending (at most a minute): the next attempt gets through.
      await page.clock.fastForward(61_000);
      await expect(noc.staleBanner(), outage.name).toHaveCount(0, { timeout: 30_000 });
      await expect(noc.grid()).toHaveAttribute('data-stale', 'false');
    }
    expect(await page.evaluate(() => (window as unknown as { nocMarker?: string }).nocMarker)).toBe('same page');
  });

  test('rotates through the firing sections, status only, then back to the grid; never flashes on first load', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    // Firing before the wall is switched on, so its first answer already holds the P1.
    await waitForSeverity('pms-connection', 'P1');
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="noc-flash"]')) (window as unknown as { nocFlashSeen: boolean }).nocFlashSeen = true;
      }).observe(document, { childList: true, subtree: true });
    });
    const noc = new NocPage(page);
    await noc.signInAsDisplay(displaySecret(), '/noc?rotate=5&alert=flash');
    await expect(noc.tile('pms-connection')).toHaveAttribute('data-severity', 'P1');
    await expect(noc.header()).toContainText('rotating every 5 s');

    await expect(noc.detail()).toHaveAttribute('data-section-id', 'pms-connection', { timeout: 15_000 });
    const detail = noc.detail();
    await expect(detail.getByRole('heading', { level: 2 })).toHaveText('PMS connection failures');
    await expect(detail.getByTestId('noc-severity').first()).toContainText('P1');
    // The rule in words (issue 15 point 2), never "x > 5 %".
    await expect(detail.getByTestId('noc-detail-why')).toContainText(/, above 5 %/);
    await expect(detail.getByTestId('noc-signal')).toHaveCount(2);
    await expect(detail).toContainText(/firing \S.*respond in/);
    // A display may not read the runbook, and the view never shows it.
    await expect(page.getByText(/resolution|escalation|redis-cli/i)).toHaveCount(0);
    expect(await noc.findMisfits()).toEqual([]);
    expect(await noc.findDetailMisfits()).toEqual([]);
    await keepScreenshot(page, testInfo, 'noc-rotation-detail');

    await expect(noc.grid()).toBeVisible({ timeout: 30_000 });
    await expect(noc.liveTiles()).toHaveCount(SECTION_COUNT);
    // The PMS section was firing when the wall was switched on: nothing is new, nothing ever flashed.
    expect(await page.evaluate(() => (window as unknown as { nocFlashSeen?: boolean }).nocFlashSeen ?? false)).toBe(false);
  });

  test('an invalid rotation is ignored, and said so in the header', async ({ page }) => {
    const noc = new NocPage(page);
    await noc.signInAsDisplay(displaySecret(), '/noc?rotate=2');
    await expect(noc.header()).toContainText('rotate=2 ignored (5–300 s)');
    await expect(noc.liveTiles()).toHaveCount(SECTION_COUNT);
  });

  test('a display link goes only to the overview or the wall, never elsewhere', async ({ page }) => {
    for (const next of ['https://evil.example/noc', '//evil.example/', '/admin/tokens']) {
      await page.goto(`${consoleUrl()}/display#token=${displaySecret()}&next=${encodeURIComponent(next)}`);
      await expect(page, next).toHaveURL(`${consoleUrl()}/`);
    }
  });

  test('a display that starts before its network keeps trying to sign in, then reaches the wall', async ({ page }) => {
    // The first two exchanges find no network, the third a console restarting behind its proxy.
    let attempts = 0;
    await page.route('**/api/auth/display', (route) => {
      attempts += 1;
      if (attempts <= 2) return route.abort('internetdisconnected');
      if (attempts === 3) return route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' });
      return route.continue();
    });
    await page.goto(`${consoleUrl()}/display#token=${displaySecret()}&next=${encodeURIComponent('/noc?rotate=30')}`);
    await expect(page.getByTestId('display-retry')).toContainText(/Console unreachable, retrying in \d+ s/);
    // The token left the address bar at once, and stays in memory for the retries (1 s, 2 s, 4 s apart).
    expect(page.url()).toBe(`${consoleUrl()}/display`);
    await expect(page).toHaveURL(`${consoleUrl()}/noc?rotate=30`, { timeout: 20_000 });
    expect(attempts).toBe(4);
  });

  test('a wall whose token is revoked says so, without a login form', async ({ page }, testInfo) => {
    const admin = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('admin'), extraHTTPHeaders: { origin: consoleUrl() } });
    const created = await admin.post('/api/tokens', { data: { name: 'NOC wall revoke test' } });
    expect(created.status()).toBe(201);
    const { token, secret } = (await created.json()) as { token: { id: string }; secret: string };
    const noc = new NocPage(page);
    await noc.signInAsDisplay(secret);
    await expect(noc.liveTiles()).toHaveCount(SECTION_COUNT);

    expect((await admin.delete(`/api/tokens/${token.id}`)).status()).toBe(200);
    // Within a polling interval or two (2 s here).
    await expect(page).toHaveURL(`${consoleUrl()}/display/revoked`, { timeout: 10_000 });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("This display's token was revoked");
    await expect(page.getByLabel('Password')).toHaveCount(0);
    // Opened again (a reboot of the TV), the wall goes to the same page.
    await page.goto(`${consoleUrl()}/noc`);
    await expect(page).toHaveURL(`${consoleUrl()}/display/revoked`);
    await keepScreenshot(page, testInfo, 'noc-revoked');
    await admin.dispose();
  });

  test('a new P1 flashes the wall and names the section, when asked to', async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    await setScenario('healthy');
    await page.setViewportSize({ width: 1920, height: 1080 });
    const noc = new NocPage(page);
    await noc.signInAsDisplay(displaySecret(), '/noc?alert=flash');
    await expect(noc.tile('pms-connection')).toHaveAttribute('data-severity', 'ok', { timeout: 60_000 });
    await expect(noc.flash()).toHaveCount(0);

    await setScenario('pms-outage');
    await expect(noc.flash()).toBeVisible({ timeout: 60_000 });
    await expect(noc.flash()).toHaveAttribute('data-severity', 'P1');
    await expect(noc.flash()).toContainText('NEW ▲ P1 PMS connection failures');
    await keepScreenshot(page, testInfo, 'noc-new-p1');
  });
});

