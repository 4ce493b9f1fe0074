import { expect, type Locator, type Page } from '@playwright/test';

export class SectionPage {
  constructor(readonly page: Page) {}

  async goto(sectionId: string) {
    await this.page.goto(`${process.env.E2E_CONSOLE_URL}/runbooks/${sectionId}`);
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
  }

  severityBadge(): Locator {
    return this.page.getByTestId('severity-badge').first();
  }

  charts(): Locator {
    return this.page.getByTestId('panel-chart');
  }
}
