import { expect, request as playwrightRequest, test } from '@playwright/test';
import { storageStatePath } from './support/accounts';
import { setScenario } from './support/estate';

// Issue 16: the first data comes with the page's HTML (server prefetch).

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;

/** The opening tag of the section's live verdict in a page's HTML as the server sent it. */
function findSectionStatusTag(html: string): string | null {
  return /<div[^>]*data-testid="section-status"[^>]*>/.exec(html)?.[0] ?? null;
}

async function waitForApiSeverity(sectionId: string, severity: string) {
  const viewer = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('viewer') });
  await expect
    .poll(async () => ((await (await viewer.get('/api/sections')).json()) as { sections: { id: string; severity: string }[] }).sections.find((s) => s.id === sectionId)?.severity, { timeout: 60_000 })
    .toBe(severity);
  await viewer.dispose();
}

test.describe('first data with the page (pms-outage)', () => {
  test.beforeAll(async () => {
    await setScenario('pms-outage');
    await waitForApiSeverity('pms-connection', 'P1');
  });
  test.afterAll(async () => {
    await setScenario('healthy');
  });

  test("a section page's first HTML holds its live verdict, not a placeholder", async ({ page }) => {
    // The HTML as the server sends it, before any script runs (the placeholder is data-severity="unknown" aria-busy).
    await expect
      .poll(async () => {
        const response = await page.request.get('/runbooks/pms-connection');
        expect(response.status()).toBe(200);
        return findSectionStatusTag(await response.text());
      })
      .toMatch(/data-severity="P1"/);
    const tag = findSectionStatusTag(await (await page.request.get('/runbooks/pms-connection')).text());
    expect(tag).not.toContain('aria-busy');
  });

  test("the overview's first HTML holds the tiles from data", async ({ page }) => {
    const html = await (await page.request.get('/')).text();
    expect(html).toMatch(/data-testid="section-tile"[^>]*data-section-id="pms-connection"|data-section-id="pms-connection"[^>]*data-testid="section-tile"/);
  });

  test('a signed-out request gets no data in its HTML (the prefetch runs after the page check)', async ({ browser }) => {
    const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL: consoleUrl() });
    for (const path of ['/', '/runbooks/pms-connection']) {
      const response = await anonymous.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBeGreaterThanOrEqual(300);
      expect(response.status(), path).toBeLessThan(400);
      const body = await response.text();
      expect(body, path).not.toContain('section-status');
      expect(body, path).not.toContain('"severity":"P1"');
    }
    await anonymous.close();
  });
});
