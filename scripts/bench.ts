// npm run bench: figures, never assertions (these machines are shared and noisy).
//   BENCH_VIEWERS (50), BENCH_SECONDS (30): the overview under load
//   BENCH_SCENARIOS (the rate-based ones, which are the slowest; "all" for every one): switch times
import fs from 'node:fs';
import path from 'node:path';
import { scenarios } from '../sim/scenarios';
import { measureOverviewLoad } from './bench/overview-load';
import { measureSwitchTimes } from './bench/switch-time';
import { findFreePort } from './stack/processes';
import { startStack } from './stack/stack';

const defaultScenarios = ['call-failures', 'voice-latency', 'pms-outage', 'rate-limiting', 'auth-failures', 'error-rate', 'dns-servfail'];

async function main() {
  const root = path.resolve(__dirname, '..');
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error('build the console first: npx next build');
  const chosen = process.env.BENCH_SCENARIOS === 'all' ? scenarios.map((s) => s.id).filter((id) => id !== 'healthy') : (process.env.BENCH_SCENARIOS?.split(',') ?? defaultScenarios);
  // The demo's settings (scripts/demo.ts), so the figures say what a demo user sees.
  const stack = await startStack({
    root,
    logDir: path.join(root, '.run', 'bench'),
    ports: { sim: await findFreePort(), prometheus: await findFreePort(), console: await findFreePort() },
    scenario: 'pms-outage',
    scrapeInterval: '2s',
    adminApi: true,
    consoleEnv: { SIGNAL_WINDOW: '30s', HISTORY_LOOKBACK: '1h', HISTORY_STEP: '15s', UPSTREAM_CACHE_TTL_MS: '2000' },
  });
  try {
    await measureOverviewLoad(stack, 2000);
    await measureSwitchTimes(stack, chosen, 30_000);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
