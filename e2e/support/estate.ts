import type { Page, TestInfo } from '@playwright/test';

// Drives the estate simulator and Prometheus that global-setup started (they live in the runner process).
export async function setScenario(id: string): Promise<void> {
  const response = await fetch(`${process.env.E2E_SIM_URL}/scenario`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id }),
  });
  if (!response.ok) throw new Error(`switching the simulator to ${id}: HTTP ${response.status} ${await response.text()}`);
}

/** Freezes Prometheus (SIGSTOP to its process group): it stops answering, as a hung or partitioned server does. */
export function pausePrometheus(): void {
  process.kill(-Number(process.env.E2E_PROMETHEUS_PID), 'SIGSTOP');
}

/** Lets a frozen Prometheus go on: it answers again with the data it has (it scrapes on from there). */
export function resumePrometheus(): void {
  process.kill(-Number(process.env.E2E_PROMETHEUS_PID), 'SIGCONT');
}

/** Stops Prometheus for good (the outage tests run last). */
export function stopPrometheus(): void {
  process.kill(-Number(process.env.E2E_PROMETHEUS_PID), 'SIGTERM');
}

/** Keeps a full-page screenshot as an artefact in test-results/screenshots/, and attaches it to the report. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = `test-results/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
