import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { NocPage } from './pages/noc-page';
import { OverviewPage } from './pages/overview-page';
import { readSeededAccounts, storageStatePath } from './support/accounts';
import { setScenario } from './support/estate';

// Issue 16: the overview and the wall take the overview from GET /api/sections/stream, and poll GET /api/sections
// only while the stream does not deliver. global-setup: POLL_INTERVAL_MS 2 s.
const POLL_MS = 2_000;
const consoleUrl = () => process.env.E2E_CONSOLE_URL!;

/** Every GET /api/sections the page sends (polls), by time; the stream and the section answers are not counted. */
function countPolls(page: Page): { since(at: number): number } {
  const polls: number[] = [];
  page.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname === '/api/sections') polls.push(Date.now());
  });
  return { since: (at) => polls.filter((t) => t >= at).length };
}

/** Waits until the console itself (a separate client, not the page) reports `sectionId` away from ok, or at ok. */
async function waitForConsole(sectionId: string, firing: boolean) {
  const viewer = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('viewer') });
  const severity = async () => ((await (await viewer.get('/api/sections')).json()) as { sections: { id: string; severity: string }[] }).sections.find((s) => s.id === sectionId)?.severity;
  await expect.poll(async () => ((await severity()) ?? 'ok') !== 'ok', { timeout: 60_000 }).toBe(firing);
  await viewer.dispose();
}

const feed = (page: Page) => page.locator('[data-feed]');

test.describe('the overview stream', () => {
  test.afterEach(async () => {
    await setScenario('healthy');
  });

  test('feeds the overview with no polls while live; a scenario switch reaches it within two polling intervals', async ({ page }) => {
    await setScenario('healthy');
    await waitForConsole('call-failures', false);
    const polls = countPolls(page);
    const overview = new OverviewPage(page);
    await overview.goto();
    await expect(feed(page)).toHaveAttribute('data-feed', 'stream');
    const liveAt = Date.now();
    await expect(overview.tile('call-failures')).toHaveAttribute('data-severity', 'ok');

    await setScenario('call-failures');
    await waitForConsole('call-failures', true);
    await expect(overview.tile('call-failures')).not.toHaveAttribute('data-severity', 'ok', { timeout: 2 * POLL_MS });
    await expect(feed(page)).toHaveAttribute('data-feed', 'stream');
    expect(polls.since(liveAt), 'no GET /api/sections while the stream delivers').toBe(0);
    await expect(overview.staleBanner()).toHaveCount(0);
  });

  for (const blocked of [
    { name: 'refused (a network error)', handle: (route: Parameters<Parameters<Page['route']>[1]>[0]) => route.abort('connectionrefused') },
    { name: 'answered 200 without a frame (a proxy that ends it)', handle: (route: Parameters<Parameters<Page['route']>[1]>[0]) => route.fulfill({ status: 200, contentType: 'text/event-stream', body: ': held back\n\n' }) },
    { name: 'answered 429', handle: (route: Parameters<Parameters<Page['route']>[1]>[0]) => route.fulfill({ status: 429, json: { error: { code: 'too-many-requests', message: 'too many streams' } } }) },
  ]) {
    test(`falls back to polling when the stream is ${blocked.name}, and still updates`, async ({ page }) => {
      await setScenario('healthy');
      await waitForConsole('call-failures', false);
      await page.route('**/api/sections/stream', blocked.handle);
      const polls = countPolls(page);
      const overview = new OverviewPage(page);
      await overview.goto();
      await expect(feed(page)).toHaveAttribute('data-feed', 'poll');
      const from = Date.now();
      await expect.poll(() => polls.since(from), { timeout: 4 * POLL_MS }).toBeGreaterThanOrEqual(2);

      await setScenario('call-failures');
      await waitForConsole('call-failures', true);
      await expect(overview.tile('call-failures')).not.toHaveAttribute('data-severity', 'ok', { timeout: 2 * POLL_MS });
      await expect(feed(page)).toHaveAttribute('data-feed', 'poll');
      await expect(overview.staleBanner()).toHaveCount(0);
    });
  }

  test('takes the stream back once it answers again', async ({ page }) => {
    let refuse = true;
    let refused = 0;
    await page.route('**/api/sections/stream', (route) => (refuse ? (refused++, route.abort('connectionrefused')) : route.continue()));
    await new OverviewPage(page).goto();
    await expect.poll(() => refused).toBeGreaterThan(0);
    await expect(feed(page)).toHaveAttribute('data-feed', 'poll');
    refuse = false;
    // The first retry comes 5 s (± a quarter) after the failure.
    await expect(feed(page)).toHaveAttribute('data-feed', 'stream', { timeout: 15_000 });
  });
});

test.describe('the NOC wall and the stream', () => {
  // A TV: no session but the display's.
  test.use({ storageState: { cookies: [], origins: [] } });
  test.afterEach(async () => {
    await setScenario('healthy');
  });

  test('the wall is fed by the stream, polls nothing while it delivers, and shows a switch within two polling intervals', async ({ page }) => {
    await setScenario('healthy');
    await waitForConsole('call-failures', false);
    const polls = countPolls(page);
    const noc = new NocPage(page);
    await noc.signInAsDisplay(readSeededAccounts().display.secret);
    await expect(feed(page)).toHaveAttribute('data-feed', 'stream');
    const liveAt = Date.now();
    await expect(noc.tile('call-failures')).toHaveAttribute('data-severity', 'ok');

    await setScenario('call-failures');
    await waitForConsole('call-failures', true);
    await expect(noc.tile('call-failures')).not.toHaveAttribute('data-severity', 'ok', { timeout: 2 * POLL_MS });
    await expect(feed(page)).toHaveAttribute('data-feed', 'stream');
    expect(polls.since(liveAt), 'no GET /api/sections while the stream delivers').toBe(0);
    await expect(noc.staleBanner()).toHaveCount(0);
  });
});
