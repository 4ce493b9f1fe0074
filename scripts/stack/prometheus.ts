// A real Prometheus (Debian's package) on loopback, scraping the estate simulator.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { renderPrometheusConfig } from '../../sim/prometheus-config';
import { failOnExit, isHttpOk, startProcess, stopProcess, waitUntil, type Service } from './processes';

export type PrometheusOptions = {
  simUrl: string;
  /** Scrape another estate's jobs instead of the simulator's (then simUrl only names it in the config). */
  scrapeConfigs?: Record<string, unknown>[];
  port: number;
  scrapeInterval: string;
  evaluationInterval: string;
  /** Alerting rules file content (YAML), written beside the config. */
  rules?: string;
  logDir: string;
  /** Lets tests start from empty series between scenarios (POST /api/v1/admin/tsdb/delete_series). */
  adminApi?: boolean;
  /** Sends firing alerts to this Alertmanager (API v2), as a cluster's Prometheus would. */
  alertmanagerUrl?: string;
  /**
   * History this Prometheus starts with, as OpenMetrics text (samples with timestamps, ending `# EOF`),
   * written into its TSDB by promtool: a Prometheus that has been scraping for hours, not seconds.
   */
  history?: string;
};

/** The `alerting:` block pointing at one Alertmanager; its URL's path, if any, is the route prefix. */
export function renderAlertingConfig(alertmanagerUrl: string): string {
  const url = new URL(alertmanagerUrl);
  const alertmanager = {
    scheme: url.protocol.replace(':', ''),
    api_version: 'v2',
    ...(url.pathname !== '/' ? { path_prefix: url.pathname.replace(/\/$/, '') } : {}),
    static_configs: [{ targets: [url.host] }],
  };
  return stringify({ alerting: { alertmanagers: [alertmanager] } });
}

export const prometheusBinary = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

const promtoolBinary = path.join(path.dirname(prometheusBinary), 'promtool');

function writeHistory(openMetrics: string, dir: string, dataDir: string): void {
  const input = path.join(dir, 'history.om');
  fs.writeFileSync(input, openMetrics);
  const result = spawnSync(promtoolBinary, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, dataDir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`promtool could not write the history: ${result.stderr || result.error?.message}`);
}

export async function startPrometheus(options: PrometheusOptions): Promise<Service & { dataDir: string }> {
  if (!fs.existsSync(prometheusBinary)) throw new Error(`${prometheusBinary} not found: run scripts/ensure-system-deps.sh (Debian package "prometheus")`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-prometheus-'));
  const ruleFiles: string[] = [];
  if (options.rules) {
    fs.writeFileSync(path.join(dir, 'rules.yml'), options.rules);
    ruleFiles.push(path.join(dir, 'rules.yml'));
  }
  const configFile = path.join(dir, 'prometheus.yml');
  const config = renderPrometheusConfig({ simUrl: options.simUrl, scrapeInterval: options.scrapeInterval, evaluationInterval: options.evaluationInterval, ruleFiles, scrapeConfigs: options.scrapeConfigs });
  // A top-level key appended to the generated YAML mapping.
  fs.writeFileSync(configFile, options.alertmanagerUrl ? `${config}${renderAlertingConfig(options.alertmanagerUrl)}` : config);
  const dataDir = path.join(dir, 'data');
  if (options.history) writeHistory(options.history, dir, dataDir);
  const url = `http://127.0.0.1:${options.port}`;
  const logFile = path.join(options.logDir, 'prometheus.log');
  const args = [`--config.file=${configFile}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${options.port}`, '--log.level=warn'];
  if (options.adminApi) args.push('--web.enable-admin-api');
  const child = startProcess('prometheus', prometheusBinary, args, { logFile });

  // Ready means the first scrape is queryable (about 6 s after start on 2.42), not just /-/ready.
  const hasData = async () => {
    const response = await fetch(`${url}/api/v1/query?query=up`, { signal: AbortSignal.timeout(2000) });
    const body = (await response.json()) as { data?: { result?: unknown[] } };
    return (body.data?.result?.length ?? 0) > 0;
  };
  await Promise.race([
    waitUntil(() => isHttpOk(`${url}/-/ready`), 'Prometheus /-/ready').then(() => waitUntil(hasData, 'the first scrape to be queryable')),
    failOnExit(child, 'prometheus', logFile),
  ]);
  return {
    name: 'prometheus',
    url,
    pid: child.pid!,
    dataDir,
    stop: async () => {
      await stopProcess(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
