import { expect, type Page } from '@playwright/test';

export class LoginPage {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string) {
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** Through the identity provider's own pages (the test provider asks for a username only). */
  async signInWithSso(label: string, username: string) {
    await this.page.getByRole('link', { name: `Sign in with ${label}` }).click();
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  async expectSignedInAs(name: string, role: string) {
    const who = this.page.getByTestId('signed-in-as');
    await expect(who).toContainText(name);
    await expect(who.getByLabel('Role')).toHaveText(role);
  }
}
