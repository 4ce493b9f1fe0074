// The browser's side of the bench (issue 16): JavaScript per page from a real Chromium load, and the wall soak.
import type { Page } from '@playwright/test';
import type { SeededAccounts } from '../stack/accounts';
import type { Stack } from '../stack/stack';
import { launchBenchChromium, measureJsWeight, shownAt, signedInContext } from './js-weight';
import { measureWallSoak } from './wall-soak';

async function signIn(consoleUrl: string, user: { username: string; password: string }): Promise<string> {
  const login = await fetch(`${consoleUrl}/api/auth/login`, { method: 'POST', headers: { origin: consoleUrl, 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username, password: user.password }) });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!login.ok || !cookie) throw new Error(`signing ${user.username} in: HTTP ${login.status}`);
  return cookie;
}

const visible = (selector: string) => (page: Page) => shownAt(page, selector);

/** Points at every visible section link of the overview, as a person reading it does (each prefetches its route). */
async function hoverSectionLinks(page: Page): Promise<void> {
  const links = page.locator('[data-testid="section-tile"] a');
  for (let i = 0, n = await links.count(); i < n; i++) if (await links.nth(i).isVisible()) await links.nth(i).hover();
}

/** Waits until every chart of a section page has drawn (or says it has no data): its lazily loaded library is counted. */
async function waitForCharts(page: Page): Promise<void> {
  const charts = page.locator('[data-testid="panel-chart"]');
  for (let i = 0, n = await charts.count(); i < n; i++) {
    await charts.nth(i).locator('svg.recharts-surface').or(charts.nth(i).getByText(/No data/)).first().waitFor({ timeout: 60_000 });
  }
}

/**
 * Opening a section from the overview, as a person does (the tile's link hovered, then clicked: a client-side
 * navigation): milliseconds from the click to the section's verdict, and to every chart drawn. Median of a few.
 */
async function measureOverviewToSection(consoleUrl: string, cookie: string, sectionId: string, runs = 3): Promise<void> {
  const browser = await launchBenchChromium();
  const verdict: number[] = [];
  const charts: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await signedInContext(browser, consoleUrl, cookie);
      try {
        const page = await context.newPage();
        await page.goto('/');
        const link = page.locator(`[data-testid="section-tile"][data-section-id="${sectionId}"] a`).first();
        await link.hover();
        await page.waitForLoadState('networkidle');
        // On the page's clock (a client-side navigation keeps it): from just before the click.
        const started = await page.evaluate(() => performance.now());
        await link.click();
        verdict.push((await shownAt(page, '[data-testid="section-status"]:not([aria-busy])')) - started);
        await waitForCharts(page);
        charts.push((await page.evaluate(() => performance.now())) - started);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`Overview → section (${sectionId}), hovered then clicked, median of ${runs}: verdict shown ${median(verdict)!.toFixed(0)} ms, every chart drawn ${median(charts)!.toFixed(0)} ms after the click (runs: ${charts.map((c) => c.toFixed(0)).join(', ')} ms)`);
}

export async function benchClient(stack: Stack, accounts: SeededAccounts, metricsToken?: string): Promise<void> {
  const consoleUrl = stack.console!.url;
  // An approver may open all four pages, so every page is measured with the same shell around it.
  const approver = accounts.users.find((u) => u.role === 'approver')!;
  const cookie = await signIn(consoleUrl, approver);
  const overview = (await (await fetch(`${consoleUrl}/api/sections`, { headers: { cookie } })).json()) as { sections: { id: string }[] };
  const sectionId = process.env.BENCH_SECTION ?? overview.sections[0]!.id;
  await measureJsWeight(consoleUrl, [
    { label: 'overview', path: '/', cookie, goalKb: 150, ready: visible('[data-testid="section-tile"]'), interact: hoverSectionLinks, interactLabel: 'every section link hovered' },
    { label: 'section', path: `/runbooks/${sectionId}`, cookie, goalKb: 200, ready: visible('[data-testid="section-status"]:not([aria-busy])'), interact: waitForCharts, interactLabel: 'every chart drawn' },
    { label: '/noc', path: '/noc', cookie, goalKb: 120, ready: visible('[data-testid="noc-tile"]:not([data-placeholder])') },
    { label: '/approvals', path: '/approvals', cookie, goalKb: 120, ready: visible('h1') },
  ]);
  await measureOverviewToSection(consoleUrl, cookie, sectionId);
  await measureWallSoak(stack, cookie, metricsToken);
}
