// npm run bench: figures, never assertions (these machines are shared and noisy).
//   BENCH_LOAD_VIEWERS (1,50,500), BENCH_SECTION_PAGES (call-failures,pms-connection,voice-latency), BENCH_LOAD_POLL_MS (10000,2000), BENCH_LOAD_SECONDS (30): the overview under load,
//     console against a naive proxy (scripts/bench/viewer-load.ts); console RSS; start-up to the first overview;
//     BENCH_LOAD_WARMUP_SECONDS (35): the same load first, unmeasured, so every chart a viewer opens has its first value
//   BENCH_SCENARIOS (the rate-based ones, which are the slowest; "all" for every one): switch times
//   BENCH_AUDIT_RECORDS (5000): audit chain appends per second and full-verify time, SQLite and PostgreSQL
//   BENCH_REPLICA_VIEWERS (300), BENCH_REPLICA_SECONDS (30): Prometheus queries per interval, 1 and 3 replicas
//   BENCH_ONLY=viewers: only the viewer load, console against naive proxy, memory, start-up and capacity (needs a build)
//   BENCH_LOAD_BURST=1: every viewer opens its page within the first polling interval (the default spreads each poll over its own interval)
//   BENCH_CPU_PROF=1: the console under the viewer load runs with V8's profiler; its longest busy stretches are printed (scripts/bench/cpu-profile.ts)
//   BENCH_CAPACITY_CONNECTIONS (32), BENCH_CAPACITY_SECONDS (10): GET /api/sections at full speed (scripts/bench/capacity.ts)
//   BENCH_ONLY=push, BENCH_PUSH_VIEWERS (50,500), BENCH_PUSH_SECONDS (60): polling every 10 s against SSE (scripts/bench/push-vs-poll.ts)
//   BENCH_ONLY=replicas: only that part (needs no build: the replicas run without Next)
//   BENCH_ONLY=next-replicas: the same with 1 and 3 built `next start` replicas behind HAProxy (needs a build)
//   BENCH_ONLY=client: only the browser's figures (JavaScript per page, the wall soak); BENCH_SOAK_MINUTES (2)
import fs from 'node:fs';
import path from 'node:path';
import { scenarios } from '../sim/scenarios';
import { measureAuditChain } from './bench/audit-chain';
import { measureCapacity } from './bench/capacity';
import { benchClient } from './bench/client';
import { measurePmsPanelLoad } from './bench/pms-panel-load';
import { measurePushVsPoll } from './bench/push-vs-poll';
import { measureReplicaReads } from './bench/replica-reads';
import { measureNextReplicaReads } from './bench/replica-reads-next';
import { measureSwitchTimes } from './bench/switch-time';
import { measureStartToFirstOverview, measureViewerLoad } from './bench/viewer-load';
import { seedAccounts } from './stack/accounts';
import { findFreePort } from './stack/processes';
import { startStack } from './stack/stack';

// Lets the bench read the console's own metrics (upstream reads sent) without an admin session.
const BENCH_METRICS_TOKEN = `bench-${process.pid}-metrics-token-not-secret`;
const defaultScenarios = ['call-failures', 'voice-latency', 'pms-outage', 'rate-limiting', 'auth-failures', 'error-rate', 'dns-servfail'];

// The demo's settings (scripts/demo.ts), so the figures say what a demo user sees.
const demoEnv = { SIGNAL_WINDOW: '30s', HISTORY_LOOKBACK: '1h', HISTORY_STEP: '15s', UPSTREAM_CACHE_TTL_MS: '2000' };

/** Only the replica figures: the estate and Prometheus, no console build needed. */
async function benchReplicasOnly(root: string) {
  const stack = await startStack({ root, logDir: path.join(root, '.run', 'bench'), ports: { sim: await findFreePort(), prometheus: await findFreePort() }, scenario: 'pms-outage', scrapeInterval: '2s', consoleEnv: demoEnv });
  try {
    await measureReplicaReads(root, stack, { ...stack.upstreamEnv, ...demoEnv });
  } finally {
    await stack.stop();
  }
}

async function main() {
  const root = path.resolve(__dirname, '..');
  if (process.env.BENCH_ONLY === 'replicas') return benchReplicasOnly(root);
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error('build the console first: npx next build');
  if (process.env.BENCH_ONLY === 'next-replicas') return measureNextReplicaReads(root);
  const chosen = process.env.BENCH_SCENARIOS === 'all' ? scenarios.map((s) => s.id).filter((id) => id !== 'healthy') : (process.env.BENCH_SCENARIOS?.split(',') ?? defaultScenarios);
  const storeEnv = { STORE_PATH: path.join(root, '.run', 'bench', `store-${process.pid}.sqlite`) };
  const consoleEnv = { ...storeEnv, ...demoEnv, METRICS_TOKEN: BENCH_METRICS_TOKEN, PMS_PROBE_INTERVAL_MS: '10000' };
  const stack = await startStack({
    root,
    logDir: path.join(root, '.run', 'bench'),
    ports: { sim: await findFreePort(), prometheus: await findFreePort(), console: await findFreePort() },
    scenario: 'pms-outage',
    scrapeInterval: '2s',
    adminApi: true,
    consoleEnv,
  });
  try {
    // Every request carries a real session, so the figures include the session lookup in the store.
    const accounts = await seedAccounts(root, storeEnv);
    const viewer = accounts.users.find((u) => u.role === 'viewer')!;
    const consoleUrl = stack.console!.url;
    const login = await fetch(`${consoleUrl}/api/auth/login`, { method: 'POST', headers: { origin: consoleUrl, 'content-type': 'application/json' }, body: JSON.stringify({ username: viewer.username, password: viewer.password }) });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    if (!login.ok || !cookie) throw new Error(`signing the bench viewer in: HTTP ${login.status}`);
    if (process.env.BENCH_ONLY === 'client') return await benchClient(stack, accounts, BENCH_METRICS_TOKEN);
    if (process.env.BENCH_ONLY === 'push') return await measurePushVsPoll(root, stack, storeEnv);
    const startEnv = { PROMETHEUS_URL: stack.prometheus.url, ...stack.upstreamEnv, ...consoleEnv };
    await measureViewerLoad(root, stack, { cookie }, demoEnv, startEnv, BENCH_METRICS_TOKEN);
    await measureStartToFirstOverview(root, startEnv, { cookie });
    await measureCapacity(consoleUrl, cookie, stack.console!.pid);
    if (process.env.BENCH_ONLY === 'viewers') return;
    await measurePushVsPoll(root, stack, storeEnv);
    await measurePmsPanelLoad(stack, 2000, { cookie }, BENCH_METRICS_TOKEN, 10_000);
    await measureReplicaReads(root, stack, { ...stack.upstreamEnv, ...demoEnv });
    await measureSwitchTimes(stack, chosen, 30_000, { cookie });
    await benchClient(stack, accounts, BENCH_METRICS_TOKEN);
  } finally {
    await stack.stop();
  }
  await measureAuditChain(path.join(root, '.run', 'bench'));
  await measureNextReplicaReads(root);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
