import { expect, type Locator, type Page } from '@playwright/test';

/** A remediation button on a section page, its preview/confirm dialog, and the run it starts. */
export class ActionDialog {
  constructor(readonly page: Page) {}

  button(stepId: string): Locator {
    return this.page.locator(`[data-testid="action-button"][data-step-id="${stepId}"]`);
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  async open(stepId: string) {
    await this.button(stepId).click();
    await expect(this.dialog()).toBeVisible();
    await expect(this.dialog().getByTestId('action-diff')).toBeVisible();
  }

  async confirm(options: { reason?: string; label: RegExp }) {
    if (options.reason) await this.dialog().getByLabel(/reason/i).fill(options.reason);
    await this.dialog().getByRole('button', { name: options.label }).click();
  }

  runStatus(): Locator {
    return this.page.getByTestId('run-status');
  }
}
