import { expect, test } from '@playwright/test';
import { storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';

// The estate check page, as the admin installing the console sees it, against the simulated estate
// (which exports the contract with its default labels: everything can be judged).
test.describe('estate check', () => {
  test.use({ storageState: storageStatePath('admin') });

  test('lists every metric of the contract and shows every section can be judged on the demo estate', async ({ page }, testInfo) => {
    await setScenario('healthy');
    await page.goto('/admin/estate');
    await expect(page.getByRole('heading', { name: 'Estate check' })).toBeVisible();
    await expect(page.getByText(/19 of 19 sections can be judged/)).toBeVisible();
    await expect(page.locator('[data-testid="estate-section"][data-judgeable="false"]')).toHaveCount(0);
    await expect(page.locator('[data-testid="estate-metric"]')).toHaveCount(44);
    await expect(page.locator('[data-testid="estate-metric"]').filter({ hasText: 'pg_up' })).toHaveAttribute('data-state', 'found');
    await keepScreenshot(page, testInfo, 'estate-check');
  });
});
