import { expect, test, type Page } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { SectionPage } from './pages/section-page';

// Issue 16: the charting library (recharts and what it brings, ~100 kB gzip) is loaded only where full charts are
// drawn, after the page's first data; the overview, whose tiles prefetch the section route, never loads it.

// recharts draws into a div of this class: a script holding the name carries the charting library.
const CHART_LIBRARY_MARK = 'recharts-wrapper';

type ScriptSeen = { url: string; order: number; body: Promise<string> };

/** Every script the page requests, in order, with its body once it arrives. */
function watchScripts(page: Page): { scripts: ScriptSeen[]; cspRefusals: string[]; count: () => number } {
  const scripts: ScriptSeen[] = [];
  const cspRefusals: string[] = [];
  let order = 0;
  page.on('request', (request) => {
    if (request.resourceType() !== 'script') return;
    scripts.push({ url: request.url(), order: order++, body: request.response().then((r) => (r ? r.text().catch(() => '') : '')) });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspRefusals.push(message.text());
  });
  return { scripts, cspRefusals, count: () => order };
}

async function chartScripts(scripts: ScriptSeen[]): Promise<ScriptSeen[]> {
  const bodies = await Promise.all(scripts.map((s) => s.body));
  return scripts.filter((_, i) => bodies[i]!.includes(CHART_LIBRARY_MARK));
}

test('the overview loads no charting library, even after its section links were seen, hovered and prefetched', async ({ page }) => {
  const watched = watchScripts(page);
  const prefetches: Promise<unknown>[] = [];
  page.on('request', (request) => {
    if (request.headers()['rsc'] === '1' && new URL(request.url()).pathname.startsWith('/runbooks/')) prefetches.push(request.response());
  });
  const overview = new OverviewPage(page);
  await overview.goto();
  // Every tile seen (scrolled into view) and hovered, as a person reading the overview does: a link prefetches its
  // route when it comes into view and again, with more priority, when pointed at.
  const links = overview.tiles().getByRole('link');
  const total = await links.count();
  expect(total).toBeGreaterThanOrEqual(18);
  for (let i = 0; i < total; i++) if (await links.nth(i).isVisible()) await links.nth(i).hover();
  await expect.poll(() => prefetches.length, { timeout: 30_000 }).toBeGreaterThan(0);
  // Every prefetch answered, and the scripts they asked for arrived (the polls are JSON, not scripts).
  await Promise.all(prefetches);
  await Promise.all(watched.scripts.map((s) => s.body));
  await page.waitForLoadState('networkidle');
  const beforeClick = watched.count();
  expect(await chartScripts(watched.scripts)).toEqual([]);

  // The same watch finds the library where it belongs: opening a section with charts loads it, only now.
  await overview.tile('pms-connection').getByRole('link').first().click();
  await expect(page.getByTestId('panel-chart').locator('svg.recharts-surface').first()).toBeVisible({ timeout: 60_000 });
  const withCharts = await chartScripts(watched.scripts);
  expect(withCharts.length).toBeGreaterThan(0);
  for (const script of withCharts) expect(script.order, script.url).toBeGreaterThanOrEqual(beforeClick);
  expect(watched.cspRefusals).toEqual([]);
});

test('a direct load of a section page draws its charts, the library arriving after the page and its first data', async ({ page }) => {
  const watched = watchScripts(page);
  const response = await page.request.get('/runbooks/pms-connection');
  const html = await response.text();
  const section = new SectionPage(page);
  await section.goto('pms-connection');
  // The live verdict is in the page (server prefetch), every chart draws.
  await expect(page.getByTestId('section-status')).not.toHaveAttribute('aria-busy');
  const charts = section.charts();
  const count = await charts.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const chart = charts.nth(i);
    await chart.scrollIntoViewIfNeeded();
    // A chart draws its lines, or says plainly that it has none: never a placeholder left pending.
    await expect(chart.locator('svg.recharts-surface').or(chart.getByText(/No data/))).toBeVisible({ timeout: 60_000 });
  }
  await expect(charts.locator('svg.recharts-surface').first()).toBeVisible();
  // The library came in a chunk of its own that the page's HTML does not name (not one of the route's scripts,
  // nor preloaded): fetched by the browser once the chart cards mounted, after hydration. No script was refused by
  // the CSP (the lazily loaded chunk is inserted by Next's runtime, which 'strict-dynamic' trusts).
  const withCharts = await chartScripts(watched.scripts);
  expect(withCharts.length).toBeGreaterThan(0);
  for (const script of withCharts) expect(html).not.toContain(new URL(script.url).pathname);
  expect(watched.cspRefusals).toEqual([]);
});
