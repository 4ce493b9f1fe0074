import path from 'node:path';
import { loadCatalog } from '../../lib/catalog/load';
import { renderAlertRules } from '../../lib/catalog/prometheus-rules';
import type { Service } from '../../scripts/stack/processes';
import { startPrometheus } from '../../scripts/stack/prometheus';
import type { Page, TestInfo } from '@playwright/test';
import { e2eLogDir } from './run';

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

/**
 * A Prometheus back on the same address after the first was stopped (a restart, a failover): same scrape
 * targets, rules and Alertmanager, an empty database. The caller stops it.
 */
export async function startReplacementPrometheus(): Promise<Service> {
  const port = Number(new URL(process.env.E2E_PROMETHEUS_URL!).port);
  const rules = renderAlertRules(loadCatalog(path.resolve(__dirname, '../../runbooks')), { window: '15s', consoleUrl: process.env.E2E_CONSOLE_URL! });
  return startPrometheus({
    simUrl: process.env.E2E_SIM_URL!,
    port,
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    rules,
    logDir: e2eLogDir,
    alertmanagerUrl: process.env.E2E_ALERTMANAGER_URL,
  });
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
