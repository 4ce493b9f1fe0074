import { expect, test, type Locator } from '@playwright/test';
import { NocPage } from './pages/noc-page';
import { OverviewPage } from './pages/overview-page';
import { SectionPage } from './pages/section-page';
import { readSeededAccounts, storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';
import { waitForSeverity } from './support/sections';

// Issue 15 point 6 (finding things on the overview), point 7 (charts on a section page) and the
// screenshots of point 9's wall under database-down.

const SECTION_COUNT = 19;
// A fixed moment for what a person sees in the screenshots (the wall's clock); the overview's is held at
// the test's start, so the firing times on its tiles stay what the data says.
const FIXED = new Date('2026-03-02T09:41:00Z');
const NOW = new Date();

const ACK_COMMENT = 'restarting PostgreSQL from the runbook';

/** Ends the acknowledgements this file made, in the stack's Alertmanager (so no later test finds them). */
async function expireOurSilences(): Promise<void> {
  const alertmanager = process.env.E2E_ALERTMANAGER_URL!;
  const silences = (await (await fetch(`${alertmanager}/api/v2/silences`)).json()) as { id: string; comment: string; status: { state: string } }[];
  for (const silence of silences.filter((s) => s.comment === ACK_COMMENT && s.status.state === 'active')) {
    const response = await fetch(`${alertmanager}/api/v2/silence/${silence.id}`, { method: 'DELETE' });
    if (!response.ok) throw new Error(`expiring silence ${silence.id}: HTTP ${response.status}`);
  }
}

const visibleIds = (overview: OverviewPage) => overview.tiles().evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-section-id')));

test.describe('point 6: the overview finds, filters and groups, under database-down', () => {
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    await setScenario('database-down');
    await waitForSeverity('database', 'P0');
  });
  test.afterAll(async () => {
    await setScenario('healthy');
  });

  test('search by section or signal, filter by level, group by area; a link keeps them', async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    await page.clock.setFixedTime(NOW);
    await page.setViewportSize({ width: 1440, height: 900 });
    const overview = new OverviewPage(page);
    await overview.goto();
    await expect(overview.tiles()).toHaveCount(SECTION_COUNT);
    await expect(overview.tile('database')).toHaveAttribute('data-severity', 'P0');
    await keepScreenshot(page, testInfo, 'overview-database-down-1440x900');

    // By signal: "PostgreSQL up" is a signal of the database section, not a word of its title.
    const search = page.getByRole('searchbox', { name: 'Search sections and signals' });
    await search.fill('postgresql');
    await expect(page).toHaveURL(/\?q=postgresql$/);
    await expect(overview.tile('database')).toBeVisible();
    await expect(overview.tile('redis')).toHaveCount(0);
    const found = await visibleIds(overview);
    expect(found.length).toBeLessThan(SECTION_COUNT);
    await expect(page.getByTestId('filter-count')).toHaveText(`${found.length} of ${SECTION_COUNT} sections`);
    // By section title, two words in any order and case.
    await search.fill('LOCKS database');
    await expect(overview.tiles()).toHaveCount(1);
    await expect(overview.tile('database')).toBeVisible();
    // Nothing found says so, and says how many are hidden.
    await search.fill('no-such-thing');
    await expect(page.getByTestId('no-match')).toContainText(`(${SECTION_COUNT} hidden)`);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(search).toHaveValue('');
    await expect(overview.tiles()).toHaveCount(SECTION_COUNT);

    // By level: P0 alone, then P0 and ok together.
    const levels = page.getByRole('group', { name: 'Show levels' });
    await levels.locator('[data-testid="severity-filter"][data-severity="P0"]').click();
    await expect(levels.locator('[data-testid="severity-filter"][data-severity="P0"]')).toHaveAttribute('aria-pressed', 'true');
    await expect(page).toHaveURL(/severity=P0/);
    await expect(overview.tile('database')).toBeVisible();
    expect(new Set(Object.values(await overview.severities()))).toEqual(new Set(['P0']));
    await levels.locator('[data-testid="severity-filter"][data-severity="ok"]').click();
    await expect(overview.tile('redis')).toBeVisible();
    expect(new Set(Object.values(await overview.severities()))).toEqual(new Set(['P0', 'ok']));

    // Grouped by area (the catalog's), the group with the P0 first.
    await page.getByLabel('Group').selectOption('area');
    await expect(page).toHaveURL(/group=area/);
    const groups = page.getByTestId('tile-group');
    await expect(groups.first()).toHaveAttribute('data-title', 'Data stores');
    await expect(groups.first().locator('[data-testid="section-tile"][data-section-id="database"]')).toBeVisible();
    await expect(groups.filter({ has: page.locator('[data-section-id="redis"]') })).toHaveAttribute('data-title', 'Data stores');
    await expect(page.locator('[data-testid="tile-group"][data-title="Voice & calls"]')).toBeVisible();

    // A link keeps them: a fresh page from the URL shows the same.
    const url = page.url();
    expect(url).toMatch(/severity=P0%2Cok/);
    const again = await page.context().newPage();
    await again.goto(url);
    const overviewAgain = new OverviewPage(again);
    await expect(overviewAgain.tile('database')).toHaveAttribute('data-severity', 'P0');
    await expect(again.getByRole('group', { name: 'Show levels' }).locator('[data-testid="severity-filter"][data-severity="P0"]')).toHaveAttribute('aria-pressed', 'true');
    await expect(again.getByLabel('Group')).toHaveValue('area');
    await expect(again.getByTestId('tile-group').first()).toHaveAttribute('data-title', 'Data stores');
    expect(new Set(Object.values(await overviewAgain.severities()))).toEqual(new Set(['P0', 'ok']));
    await again.close();

    // A mangled link still opens the overview, with what it could read.
    await page.goto('/?severity=P9,P0&group=team&q=');
    // (Before the first answer the catalog's placeholders show, every one: wait for the live tiles.)
    await expect(overview.tile('database')).toHaveAttribute('data-severity', 'P0');
    expect(new Set(Object.values(await overview.severities()))).toEqual(new Set(['P0']));
    await expect(page.getByLabel('Group')).toHaveValue('none');
  });

  test('a tile whose alerts are acknowledged says who is on it; the marker goes with the acknowledgement', async ({ browser }) => {
    // Prometheus evaluates, Alertmanager receives, the console polls: minutes on a shared machine.
    test.setTimeout(420_000);
    const operatorName = readSeededAccounts().users.find((u) => u.role === 'operator')!.username;
    const context = await browser.newContext({ storageState: storageStatePath('operator') });
    const page = await context.newPage();
    try {
      const overview = new OverviewPage(page);
      await overview.goto();
      // Firing, not acknowledged: no marker.
      await expect(overview.tile('database')).toHaveAttribute('data-severity', 'P0');
      await expect(overview.tile('database').getByTestId('ack-marker')).toHaveCount(0);

      // Acknowledge every firing database alert on its page (Alertmanager holds the silences). Rows are
      // found by fingerprint: an acknowledged one moves below the open ones.
      await new SectionPage(page).goto('database');
      const open = page.locator('[data-testid="alert-row"][data-state="firing"]:not(:has([data-testid="alert-ack"]))');
      await expect(open.first()).toBeVisible({ timeout: 90_000 });
      while ((await open.count()) > 0) {
        const row = page.locator(`[data-testid="alert-row"][data-fingerprint="${await open.first().getAttribute('data-fingerprint')}"]`);
        await row.getByRole('button', { name: 'Acknowledge' }).click();
        await row.getByLabel(/what is being done/i).fill(ACK_COMMENT);
        await row.getByTestId('alert-ack-form').getByRole('button', { name: 'Acknowledge' }).click();
        await expect(row.getByTestId('alert-ack')).toContainText(`Acknowledged by ${operatorName}`);
      }

      await overview.goto();
      const marker = overview.tile('database').getByTestId('ack-marker');
      await expect(marker).toContainText(`ack ${operatorName}`);
      await expect(marker).toHaveAttribute('title', new RegExp(`acknowledged by ${operatorName}`));
      await expect(overview.tile('redis').getByTestId('ack-marker')).toHaveCount(0);

      // Ended (here in Alertmanager itself, as another console or amtool would): the marker goes.
      await expireOurSilences();
      await expect(overview.tile('database').getByTestId('ack-marker')).toHaveCount(0, { timeout: 60_000 });
    } finally {
      await expireOurSilences();
      await context.close();
    }
  });

  test('fits a 390 px phone with its filters', async ({ page }, testInfo) => {
    await page.clock.setFixedTime(NOW);
    await page.setViewportSize({ width: 390, height: 844 });
    const overview = new OverviewPage(page);
    await overview.goto();
    await expect(overview.tile('database')).toHaveAttribute('data-severity', 'P0');
    await expect(page.getByRole('searchbox', { name: 'Search sections and signals' })).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await keepScreenshot(page, testInfo, 'overview-database-down-390');
  });

  test('the wall at 1080p: nothing cut, the header included', async ({ browser }, testInfo) => {
    const wall = await browser.newContext({ storageState: { cookies: [], origins: [] }, timezoneId: 'UTC', viewport: { width: 1920, height: 1080 } });
    const page = await wall.newPage();
    await page.clock.setFixedTime(FIXED);
    const noc = new NocPage(page);
    await noc.signInAsDisplay(readSeededAccounts().display.secret);
    await expect(noc.tile('database')).toHaveAttribute('data-severity', 'P0');
    await expect(noc.clock()).toHaveText('09:41:00');
    await expect.poll(() => noc.findMisfits()).toEqual([]);
    for (const item of await noc.headerItems().all()) await expect(item).toBeInViewport({ ratio: 1 });
    await keepScreenshot(page, testInfo, 'noc-database-down-1080p');
    await wall.close();
  });
});

/** The (stroke, dash) of each series line drawn in a chart. */
const lineLooks = (chart: Locator) =>
  chart.locator('path.recharts-line-curve').evaluateAll((paths) => paths.map((p) => `${p.getAttribute('stroke')} ${p.getAttribute('stroke-dasharray') ?? ''}`));

test.describe('point 7: a section page\'s charts', () => {
  test('one range for the page, a chart\'s own kept; shared crosshair; a legend entry isolates; 20 series, 20 looks', async ({ page }, testInfo) => {
    // Four ranges read for seven charts, on a shared machine.
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    const section = new SectionPage(page);
    await section.goto('pms-connection');
    const charts = section.charts();
    const count = await charts.count();
    expect(count).toBeGreaterThan(2);
    for (const chart of await charts.all()) await expect(chart).toHaveAttribute('data-range', '1h');

    // The page's range moves every chart.
    const pageRange = page.getByRole('group', { name: 'Time range for all charts' });
    await pageRange.getByRole('button', { name: '6h' }).click();
    for (const chart of await charts.all()) await expect(chart).toHaveAttribute('data-range', '6h');

    // One chart chooses its own, and keeps it when the page's changes; it can follow the page again.
    const outcomes = page.locator('[data-testid="panel-chart"][data-panel-id="pms-outcomes"]');
    await outcomes.getByRole('group', { name: /^Time range for PMS requests/ }).getByRole('button', { name: '15m' }).click();
    await expect(outcomes).toHaveAttribute('data-range', '15m');
    await expect(outcomes).toHaveAttribute('data-range-source', 'own');
    await pageRange.getByRole('button', { name: '24h' }).click();
    await expect(outcomes).toHaveAttribute('data-range', '15m');
    for (const chart of await charts.all()) {
      if ((await chart.getAttribute('data-panel-id')) !== 'pms-outcomes') await expect(chart).toHaveAttribute('data-range', '24h');
    }
    await outcomes.getByTestId('follow-page-range').click();
    await expect(outcomes).toHaveAttribute('data-range', '24h');
    await expect(outcomes).toHaveAttribute('data-range-source', 'page');
    await pageRange.getByRole('button', { name: '15m' }).click();
    for (const chart of await charts.all()) await expect(chart).toHaveAttribute('data-range', '15m');

    // 20 series (5 vendors × 4 outcomes), each drawn with a look of its own.
    const legend = outcomes.getByTestId('legend-entry');
    await expect(legend).toHaveCount(20, { timeout: 30_000 });
    await expect.poll(async () => (await lineLooks(outcomes)).length).toBe(20);
    expect(new Set(await lineLooks(outcomes)).size).toBe(20);
    await keepScreenshot(page, testInfo, 'section-charts-pms-connection');

    // A legend entry isolates its series; again, every series is back; another entry isolates that one.
    const first = legend.first();
    const name = (await first.getAttribute('data-series'))!;
    await first.click();
    await expect(first).toHaveAttribute('aria-pressed', 'true');
    await expect(outcomes.locator('[data-testid="legend-entry"][data-hidden="true"]')).toHaveCount(19);
    await expect(outcomes.locator('path.recharts-line-curve')).toHaveCount(1);
    await first.click();
    await expect(outcomes.locator('[data-testid="legend-entry"][data-hidden="true"]')).toHaveCount(0);
    await expect(outcomes.locator('path.recharts-line-curve')).toHaveCount(20);
    await legend.nth(3).click();
    await expect(legend.nth(3)).toHaveAttribute('aria-pressed', 'true');
    await expect(first).toHaveAttribute('data-hidden', 'true');
    await expect(outcomes.locator('path.recharts-line-curve')).toHaveCount(1);
    expect(name).not.toBe('');
    await legend.nth(3).click();

    // The crosshair is shared: hovering one chart shows the moment in the others.
    const [a, b] = [charts.nth(0), charts.nth(1)];
    await a.scrollIntoViewIfNeeded();
    const box = (await a.locator('.recharts-surface').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await expect(a.locator('.recharts-tooltip-cursor')).toHaveCount(1);
    await expect(b.locator('.recharts-tooltip-cursor')).toHaveCount(1);
    await page.mouse.move(0, 0);
  });
});
