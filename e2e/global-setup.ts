// Starts the simulator, a real Prometheus and the built console for the browser tests; stops them after.
import path from 'node:path';
import { findFreePort } from '../scripts/stack/processes';
import { startStack } from '../scripts/stack/stack';

export default async function globalSetup() {
  const root = path.resolve(__dirname, '..');
  const ports = { sim: await findFreePort(), prometheus: await findFreePort(), console: await findFreePort() };
  const stack = await startStack({
    root,
    logDir: path.join(root, 'test-results', 'e2e-logs'),
    ports,
    scenario: 'healthy',
    scrapeInterval: '1s',
    consoleEnv: {
      SIGNAL_WINDOW: '15s',
      HISTORY_LOOKBACK: '30m',
      HISTORY_STEP: '5s',
      POLL_INTERVAL_MS: '2000',
      STALE_UNKNOWN_AFTER_MS: '10000',
      UPSTREAM_CACHE_TTL_MS: '1000',
      PROMETHEUS_TIMEOUT_MS: '2000',
    },
  });
  // Test workers are other processes: they reach the simulator over HTTP and Prometheus by its pid.
  process.env.E2E_CONSOLE_URL = stack.console!.url;
  process.env.E2E_SIM_URL = stack.simUrl;
  process.env.E2E_PROMETHEUS_PID = String(stack.prometheus.pid);
  return () => stack.stop();
}
