// One stack for the integration tests: the simulator in-process, a real Prometheus, and the console's
// route handlers called directly (the same code `next start` serves), configured through process.env.
import path from 'node:path';
import { findFreePort } from '@/scripts/stack/processes';
import { startStack, type Stack } from '@/scripts/stack/stack';

export const consoleEnv = {
  SIGNAL_WINDOW: '15s',
  HISTORY_LOOKBACK: '10m',
  HISTORY_STEP: '5s',
  UPSTREAM_CACHE_TTL_MS: '500',
  PROMETHEUS_TIMEOUT_MS: '3000',
  STALE_UNKNOWN_AFTER_MS: '5000',
};

export async function startIntegrationStack(): Promise<Stack> {
  const root = path.resolve(__dirname, '../..');
  const stack = await startStack({
    root,
    logDir: path.join(root, 'test-results', 'integration-logs'),
    ports: { sim: await findFreePort(), prometheus: await findFreePort() },
    scenario: 'healthy',
    scrapeInterval: '1s',
    consoleEnv,
    adminApi: true,
  });
  Object.assign(process.env, { PROMETHEUS_URL: stack.prometheus.url, ...stack.upstreamEnv, ...consoleEnv });
  return stack;
}

/** Drops every stored series so the next scenario is judged on its own samples only. */
export async function forgetHistory(prometheusUrl: string): Promise<void> {
  const response = await fetch(`${prometheusUrl}/api/v1/admin/tsdb/delete_series?match[]=${encodeURIComponent('{__name__=~".+"}')}`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`delete_series: HTTP ${response.status} ${await response.text()}`);
}

/** Prometheus's own count of the queries it has answered, by API handler. */
export async function countPrometheusQueries(prometheusUrl: string): Promise<{ instant: number; range: number }> {
  const text = await (await fetch(`${prometheusUrl}/metrics`)).text();
  const read = (handler: string) => {
    const line = text.split('\n').find((l) => l.startsWith('prometheus_http_requests_total{') && l.includes(`handler="${handler}"`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  return { instant: read('/api/v1/query'), range: read('/api/v1/query_range') };
}
