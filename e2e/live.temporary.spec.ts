import { expect, test } from '@playwright/test';
import { ActionDialog } from './pages/action-dialog';
import { SectionPage } from './pages/section-page';
import { storageStatePath } from './support/accounts';
import { setScenario } from './support/estate';

// Issue 14 point 12: a temporary change offers a duration, shows on its section and the overview while in
// effect, and an operator can set it back early. (The sweep at the end of its time is proven in
// test/integration/temporary-changes.test.ts with a clock; waiting 15 minutes here would prove nothing more.)

test('debug logging for 15 minutes: shown in effect on the section and the overview, then set back early by the operator', async ({ browser }) => {
  // Four page loads and a rollout to follow: more than the default 90 s on a busy machine.
  test.setTimeout(240_000);
  await setScenario('healthy');
  const operator = await browser.newContext({ storageState: storageStatePath('operator') });
  const page = await operator.newPage();
  const section = new SectionPage(page);
  await section.goto('security');
  const action = new ActionDialog(page);
  await action.open('enable-enhanced-logging');
  // The step's default, and a choice bounded by its maximum (two hours: debug logs can hold personal data).
  const duration = action.dialog().getByTestId('action-duration');
  await expect(duration).toHaveValue('30');
  await expect(duration.locator('option')).toHaveText(['15 minutes', '30 minutes', '1 hour', '2 hours']);
  await duration.selectOption('15');
  await action.confirm({ label: /set variable/i });
  // The section was not firing: the run ends as done with "no change needed to judge" (issue 15 point 3).
  await expect(action.runStatus()).toHaveAttribute('data-state', /^(succeeded|no-change-needed)$/, { timeout: 30_000 });
  await page.keyboard.press('Escape');

  const card = page.getByTestId('temporary-changes');
  const change = card.locator('[data-testid="temporary-change"][data-state="active"]').first();
  await expect(change).toContainText('LOG_LEVEL=DEBUG');
  await expect(change).toContainText('(was INFO)');
  await expect(change).toContainText(/ends in 1[45] min/);

  await page.goto('/');
  await expect(page.getByTestId('temporary-strip')).toContainText('Enable Enhanced Logging');

  await section.goto('security');
  await change.getByTestId('temporary-set-back').click();
  await change.getByTestId('temporary-set-back-confirm').click();
  await expect(card.locator('[data-testid="temporary-change"][data-state="active"]')).toHaveCount(0, { timeout: 30_000 });
  await expect(card.locator('[data-testid="temporary-change"][data-state="reverted"]').first()).toContainText(/set back by /);
  await page.goto('/');
  await expect(page.getByTestId('temporary-strip')).toHaveCount(0);
  await operator.close();
});
