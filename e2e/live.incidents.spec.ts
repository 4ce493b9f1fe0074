import fs from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ActionDialog } from './pages/action-dialog';
import { NocPage } from './pages/noc-page';
import { SectionPage } from './pages/section-page';
import { readSeededAccounts, storageStatePath } from './support/accounts';
import { keepScreenshot, setScenario } from './support/estate';
import { readReceivedMessages } from './support/webhook-receiver';

// Issue 17, "Done when": the whole incident flow on the demo estate, driven from the browser. call-failures
// fires → P1 → the operator declares from the section page → becomes commander → sends the first internal
// update (the receiver started by global-setup gets it) → restarts the media agents → the section recovers →
// resolves → the post-mortem draft shows the P1 transition, the restart with its verdict, the impact and the
// checklist → the Markdown export is downloaded and checked → an approver closes it. The NOC wall shows the
// incident while it is open.

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;
const username = (role: 'operator' | 'approver') => readSeededAccounts().users.find((u) => u.role === role)!.username;

async function openAs(browser: Browser, role: 'operator' | 'approver', path: string): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStatePath(role), timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.goto(`${consoleUrl()}${path}`);
  return page;
}

async function sectionSeverity(page: Page, id: string): Promise<string> {
  return ((await (await page.request.get(`${consoleUrl()}/api/sections/${id}`)).json()) as { status: { severity: string } }).status.severity;
}

test.describe('incidents', () => {
  test.describe.configure({ mode: 'serial' });
  test.afterAll(async () => {
    await setScenario('healthy');
  });

  test('declare from the section, run, resolve, write the post-mortem, export and close; the wall shows it while open', async ({ browser }, testInfo) => {
    test.setTimeout(300_000);
    await setScenario('call-failures');
    const operator = await openAs(browser, 'operator', '/');
    await expect.poll(() => sectionSeverity(operator, 'call-failures'), { timeout: 60_000 }).toBe('P1');

    // Declare from the section page: the section, its severity and since-when are filled in by the server.
    const section = new SectionPage(operator);
    await section.goto('call-failures');
    await operator.getByTestId('declare-incident').click();
    await expect(operator).toHaveURL(/\/incidents\/INC-\d{4}-\d+$/);
    const incidentId = operator.url().split('/').pop()!;
    await expect(operator.getByTestId('incident-severity')).toHaveText('P1');
    await expect(operator.getByTestId('incident-status')).toHaveText('triage');
    await expect(operator.getByTestId('incident-banner')).toContainText(incidentId);

    // Declaring again for the same firing section offers the open incident instead of a second one.
    const again = await operator.request.post(`${consoleUrl()}/api/incidents`, { headers: { origin: consoleUrl() }, data: { section: 'call-failures' } });
    expect(again.status()).toBe(200);
    expect(((await again.json()) as { incident: { id: string }; created: boolean })).toMatchObject({ created: false, incident: { id: incidentId } });

    // Commander, then investigating.
    await operator.getByRole('button', { name: 'Become commander' }).click();
    await expect(operator.getByTestId('role-commander')).toHaveText(username('operator'));
    await operator.getByRole('button', { name: 'Mark investigating' }).click();
    await expect(operator.getByTestId('incident-status')).toHaveText('investigating');

    // The first internal update, from the template, received by the webhook receiver.
    const updateText = operator.getByLabel('Update text');
    await expect(updateText).toHaveValue(new RegExp(`^\\[P1\\] High call failure rate\\nStatus: Investigating\\n`));
    await operator.getByRole('button', { name: 'Send update' }).click();
    await expect(operator.getByTestId('delivery')).toHaveAttribute('data-state', 'delivered');
    await expect.poll(async () => (await readReceivedMessages()).filter((m) => m.path === '/internal').map((m) => (m.body as { text: string }).text).join('\n---\n')).toContain(`Incident: ${incidentId}`);

    // The wall shows the open incident (a display reads only what the wall shows).
    const wall = await browser.newContext({ storageState: { cookies: [], origins: [] }, timezoneId: 'UTC', viewport: { width: 1920, height: 1080 } });
    const noc = new NocPage(await wall.newPage());
    await noc.signInAsDisplay(readSeededAccounts().display.secret);
    await expect(noc.page.getByTestId('noc-incidents')).toContainText(incidentId);
    await expect(noc.page.getByTestId('noc-incidents')).toContainText(`IC ${username('operator')}`);
    await keepScreenshot(noc.page, testInfo, 'incident-noc-wall-open');

    // The remedy, from the section page: restart the media agents and wait for the recovery verdict.
    await section.goto('call-failures');
    const action = new ActionDialog(operator);
    await action.open('restart-media-agents');
    await action.confirm({ reason: `${incidentId}: calls failing`, label: /restart/i });
    await expect(action.runStatus()).toHaveAttribute('data-state', /recovered/, { timeout: 120_000 });
    const runId = (await action.runStatus().getAttribute('data-run-id'))!;

    // Back on the incident: the verdict, the section back to ok, then resolve.
    await operator.goto(`${consoleUrl()}/incidents/${incidentId}`);
    // The incident's window may hold earlier runs on this section (from other specs): this run's verdict.
    await expect(operator.locator(`[data-testid="incident-run"][data-run-id="${runId}"]`).getByTestId('run-verdict')).toHaveText('recovered', { timeout: 30_000 });
    await expect(operator.getByTestId('linked-call-failures')).toHaveAttribute('data-severity', 'ok', { timeout: 30_000 });
    await operator.getByRole('button', { name: 'Mark resolved' }).click();
    await expect(operator.getByTestId('incident-status')).toHaveText('resolved');
    await expect(operator.getByTestId('timeline')).toContainText(/call-failures \S+ → P1/);
    await keepScreenshot(operator, testInfo, 'incident-page');

    // The post-mortem draft: the P1 transition, the restart with its verdict, the impact, the checklist.
    await operator.goto(`${consoleUrl()}/incidents/${incidentId}/postmortem`);
    const postmortem = operator.getByTestId('postmortem');
    await expect(postmortem.getByTestId('postmortem-timeline')).toContainText(/call-failures \S+ → P1/);
    await expect(postmortem.getByTestId('postmortem-runs')).toContainText(/Restart media agents.*recovery verdict: recovered/i);
    await expect(postmortem.locator('[data-figure="calls-failed"] dd')).toHaveText(/^\d+$/);
    await expect(postmortem.locator('[data-figure="call-success-rate"] dd')).toHaveText(/^\d+(\.\d)? %$/);
    const checklist = postmortem.getByTestId('checklist');
    await expect(checklist.getByRole('checkbox')).toHaveCount(6);
    await postmortem.getByRole('textbox', { name: 'Root cause' }).fill('The media agents stopped taking calls after the upgrade; a restart cleared it.');
    await checklist.getByLabel('Document incident in incident log').check();
    await checklist.getByLabel('Create incident report').check();
    await postmortem.getByRole('button', { name: 'Save post-mortem' }).click();
    await expect(postmortem.getByRole('status')).toHaveText('Saved.');
    await operator.reload();
    await expect(operator.getByRole('textbox', { name: 'Root cause' })).toHaveValue(/media agents stopped/);
    await keepScreenshot(operator, testInfo, 'incident-postmortem');

    // The Markdown export, downloaded and read.
    const [download] = await Promise.all([operator.waitForEvent('download'), operator.getByTestId('export-markdown').click()]);
    const markdown = fs.readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe(`${incidentId}-postmortem.md`);
    expect(markdown).toContain(`# Post-mortem ${incidentId}: High call failure rate`);
    expect(markdown).toMatch(/call-failures \S+ → P1/);
    expect(markdown).toMatch(/\*\*Restart media agents\*\* by \S+: succeeded, recovery verdict: \*\*recovered\*\*/);
    expect(markdown).toMatch(/\| Calls failed \| \d+ \|/);
    expect(markdown).toContain('- [x] Document incident in incident log');
    expect(markdown).toContain('- [ ] Schedule post-mortem meeting');
    expect(markdown).toMatch(/chain head `[0-9a-f]{64}`/);

    // An operator may not close; an approver closes it. The wall no longer shows it.
    await expect(operator.getByRole('button', { name: 'Close incident' })).toHaveCount(0);
    const approver = await openAs(browser, 'approver', `/incidents/${incidentId}/postmortem`);
    await approver.getByRole('button', { name: 'Close incident' }).click();
    await expect(approver.getByTestId('postmortem').getByRole('status')).toHaveText('Saved.');
    await approver.goto(`${consoleUrl()}/incidents/${incidentId}`);
    await expect(approver.getByTestId('incident-status')).toHaveText('closed');
    await expect(noc.page.getByTestId('noc-incidents').getByText(incidentId)).toHaveCount(0, { timeout: 30_000 });

    await wall.close();
    await operator.context().close();
    await approver.context().close();
  });
});
