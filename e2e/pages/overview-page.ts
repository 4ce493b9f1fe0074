import { expect, type Locator, type Page } from '@playwright/test';

export class OverviewPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto(`${process.env.E2E_CONSOLE_URL}/`);
    await expect(this.tiles().first()).toBeVisible();
  }

  tiles(): Locator {
    return this.page.getByTestId('section-tile');
  }

  tile(sectionId: string): Locator {
    return this.page.locator(`[data-testid="section-tile"][data-section-id="${sectionId}"]`);
  }

  statusBar(): Locator {
    return this.page.getByTestId('status-bar');
  }

  staleBanner(): Locator {
    return this.page.getByTestId('stale-banner');
  }

  async severities(): Promise<Record<string, string>> {
    return this.tiles().evaluateAll((tiles) =>
      Object.fromEntries(tiles.map((t) => [t.getAttribute('data-section-id') ?? '', t.getAttribute('data-severity') ?? ''])),
    );
  }
}
