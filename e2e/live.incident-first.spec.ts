import { expect, test, type Page } from '@playwright/test';
import { NocPage } from './pages/noc-page';
import { OverviewPage } from './pages/overview-page';
import { SectionPage } from './pages/section-page';
import { readSeededAccounts } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';
import { startSecondConsole } from './support/second-console';
import { resolveColour, waitForSeverity } from './support/sections';

// Issue 15 points 1, 2 and 9: what a tile and a page say first, in people's words, and a wall header that is never cut.

const colourOf = (page: Page, selector: string) => page.locator(selector).first().evaluate((element) => getComputedStyle(element).color);

test.describe('under database-down', () => {
  test.beforeAll(async () => {
    await setScenario('database-down');
    await waitForSeverity('database', 'P0');
  });
  test.afterAll(async () => {
    await setScenario('healthy');
  });

  test('point 1: the overview tile leads with the firing rule in words, in its level colour; the key value is only context', async ({ page }, testInfo) => {
    await page.clock.setFixedTime(new Date());
    await page.setViewportSize({ width: 1440, height: 900 });
    const overview = new OverviewPage(page);
    await overview.goto();
    const database = overview.tile('database');
    await expect(database).toHaveAttribute('data-severity', 'P0');
    const headline = database.getByTestId('tile-headline');
    await expect(headline).toHaveAttribute('data-kind', 'firing');
    await expect(headline).toHaveText('PostgreSQL is down');
    expect(await headline.evaluate((e) => getComputedStyle(e).color)).toBe(await resolveColour(page, '--sev-p0'));
    // The connections ratio (the key signal) is still there, smaller, and not in the level's colour.
    const keyValue = database.getByTestId('tile-key-value');
    await expect(keyValue).toHaveText(/^\d+(\.\d+)? %$/);
    const [headlineSize, keySize] = await Promise.all([headline.evaluate((e) => parseFloat(getComputedStyle(e).fontSize)), keyValue.evaluate((e) => parseFloat(getComputedStyle(e).fontSize))]);
    expect(headlineSize).toBeGreaterThan(keySize);
    // While nothing fires, the key value is the headline.
    await expect(overview.tile('redis').getByTestId('tile-headline')).toHaveAttribute('data-kind', 'value');
    await keepScreenshot(page, testInfo, 'overview-database-down-1440x900');
  });

  test('point 1: on the wall the firing tile says why in its level colour; ok tiles are visibly quieter', async ({ browser }, testInfo) => {
    // A TV: no session but the display's (signing a display in here must not end the viewer's shared session).
    const wall = await browser.newContext({ storageState: { cookies: [], origins: [] }, timezoneId: 'UTC' });
    const page = await wall.newPage();
    await page.clock.setFixedTime(new Date('2026-03-02T09:41:00Z'));
    await page.setViewportSize({ width: 1920, height: 1080 });
    const noc = new NocPage(page);
    await noc.signInAsDisplay(readSeededAccounts().display.secret);
    const database = noc.tile('database');
    await expect(database).toHaveAttribute('data-severity', 'P0');
    await expect(database.getByTestId('noc-headline')).toHaveText('PostgreSQL is down');
    // A database that is down is P0 (issue 14 point 1: 003's P1 Critical, within 5 minutes).
    const p1 = await resolveColour(page, '--sev-p0');
    expect(await colourOf(page, '[data-testid="noc-tile"][data-section-id="database"] [data-testid="noc-headline"]')).toBe(p1);
    expect(await database.evaluate((e) => getComputedStyle(e).borderTopColor)).toBe(p1);
    // An ok tile: quiet (muted text, dimmed value, no frame in a level's colour), so the eye goes to the P0.
    const redis = noc.tile('redis');
    await expect(redis).toHaveAttribute('data-quiet', 'true');
    expect(await redis.getByTestId('noc-headline').evaluate((e) => getComputedStyle(e).color)).toBe(await resolveColour(page, '--muted'));
    expect(Number(await redis.getByTestId('noc-headline').evaluate((e) => getComputedStyle(e).opacity))).toBeLessThan(1);
    expect(await redis.evaluate((e) => getComputedStyle(e).borderTopColor)).not.toBe(p1);
    await expect.poll(() => noc.findMisfits()).toEqual([]);
    await keepScreenshot(page, testInfo, 'noc-database-down-1080p');
    await wall.close();
  });

  test('point 2: the section page gives states and rules in words, never "1 = up" or "2 ≥ 2"', async ({ page }) => {
    const section = new SectionPage(page);
    await section.goto('database');
    const pgUp = page.locator('tr[data-signal-id="pg-up"]');
    await expect(pgUp).toHaveAttribute('data-severity', 'P0');
    await expect(pgUp.locator('td').first()).toHaveText('down');
    // Issue 14 point 1: the rule says which runbook's classification it comes from, and 003's 5 minutes set the deadline.
    await expect(pgUp.getByTestId('rule-sentence')).toHaveText(/P0 when down\s*\(003: P1 Critical, within 5 min\)\s*firing/);
    await expect(page.getByTestId('section-status')).toContainText('PostgreSQL is down');
    await expect(page.getByTestId('seed-classification')).toHaveText('003: P1 Critical, within 5 min');
    await expect(page.getByTestId('section-status')).toContainText('respond within 5 min');
    // Issue 14 point 13: the runbooks' contacts with their runbook; the testing framework's DBA (003) apart, never as VoiceHive escalation.
    await expect(page.getByTestId('escalation-contacts')).toContainText('oncall@voicehive');
    await expect(page.getByTestId('escalation-contacts')).toContainText('eng-lead@voicehive.com');
    await expect(page.getByTestId('escalation-contacts')).not.toContainText('voiceai-testing');
    await expect(page.getByTestId('other-system-contacts')).toContainText('not VoiceHive escalation');
    await expect(page.getByTestId('other-system-contacts').locator('[data-contact-id="testing-dba"]')).toHaveAttribute('data-seed', '003');
    await expect(page.locator('main')).not.toContainText('1 = up');
    await expect(page.locator('main')).not.toContainText('down = down');

    await section.goto('circuit-breakers');
    const breaker = page.locator('tr[data-signal-id="breaker-state"]');
    await expect(breaker.locator('td').first()).toHaveText('closed');
    await expect(breaker.getByTestId('rule-sentence')).toHaveText([/P2 when open$/, /P1 when open for over 10 min$/]);
    await expect(page.locator('main')).not.toContainText('0 closed, 1 half-open, 2 open');
    // The breaker chart's axis speaks in states too.
    const chart = page.locator('[data-testid="panel-chart"][data-panel-id="breaker-states"]');
    // (Recharts draws every tick label in one layer: the x axis's are times of day.)
    const yTicks = () => chart.locator('text.recharts-cartesian-axis-tick-value').evaluateAll((ticks) => ticks.map((t) => t.textContent ?? '').filter((t) => !/^\d\d:\d\d$/.test(t)));
    await expect.poll(yTicks).toEqual(['closed', 'half-open', 'open']);
  });
});

test.describe('point 9: the wall header, with the longest allowed environment name', () => {
  // lib/env.ts: ENVIRONMENT_NAME is at most 40 characters; one without spaces cannot even wrap at a word.
  const names = ['Production EU Central Frankfurt Primary1', 'production-eu-central-frankfurt-primary1'];
  for (const name of names) {
    if (name.length !== 40) throw new Error(`"${name}" is not the longest allowed name (40)`);
    test(`nothing is cut at 1366×768, 1080p and 4K: "${name}"`, async ({ browser }, testInfo) => {
      test.setTimeout(180_000);
      const second = await startSecondConsole({ ENVIRONMENT_NAME: name, ENVIRONMENT_TONE: 'red' });
      try {
        const context = await browser.newContext({ baseURL: second.url, storageState: { cookies: [], origins: [] }, timezoneId: 'UTC' });
        const page = await context.newPage();
        await page.clock.setFixedTime(new Date('2026-03-02T09:41:00Z'));
        await page.goto(`${second.url}/display#token=${second.accounts.display.secret}&next=${encodeURIComponent('/noc?rotate=20&alert=flash')}`);
        const noc = new NocPage(page);
        await expect(noc.liveTiles()).toHaveCount(19, { timeout: 60_000 });
        for (const screen of [
          { width: 1366, height: 768 },
          { width: 1920, height: 1080 },
          { width: 3840, height: 2160 },
        ]) {
          await page.setViewportSize(screen);
          const where = `${screen.width}×${screen.height}`;
          await expect.poll(() => noc.findMisfits(), { message: where }).toEqual([]);
          await expect(page.getByTestId('noc-environment'), where).toHaveText(name);
          await expect(noc.clock(), where).toBeInViewport({ ratio: 1 });
          for (const item of await noc.headerItems().all()) await expect(item, where).toBeInViewport({ ratio: 1 });
          await expect(noc.clock(), where).toHaveText('09:41:00');
          await expect(page.getByTestId('noc-notes'), where).toHaveText('flash on new P0/P1 · rotating every 20 s');
          if (screen.width === 1366) await keepScreenshot(page, testInfo, `noc-header-1366-${name.includes(' ') ? 'words' : 'one-word'}`);
        }
        await context.close();
      } finally {
        await second.stop();
      }
    });
  }
});
