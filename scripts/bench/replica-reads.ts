// Prometheus queries per interval with 1 replica and with 3 replicas (with and without the shared Redis),
// the same viewers spread over them. The replicas are separate Node processes running the console's
// overview snapshot, section evaluation, Prometheus client and shared state (scripts/stack/snapshot-replica-main.ts),
// not `next start` behind HAProxy: upstream reads do not depend on the balancer, and three Next servers would
// not fit beside the load on this machine. Viewers are assigned to replicas round robin, as a balancer
// without stickiness does. Queries are counted by a proxy in front of the stack's real Prometheus.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCountingPrometheus, type QueryRecord } from '../stack/counting-prometheus';
import { startRedis } from '../stack/redis';
import { startSnapshotReplica } from '../stack/snapshot-replica';
import type { Stack } from '../stack/stack';

const viewers = Number(process.env.BENCH_REPLICA_VIEWERS ?? 300);
const seconds = Number(process.env.BENCH_REPLICA_SECONDS ?? 30);

type Setup = { label: string; replicas: number; shared: boolean };
type Figures = Setup & { requests: number; errors: number; queries: number; perPollInterval: number; perTtl: number; distinctPerTtl: number; p50: number; p95: number };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Distinct questions per TTL window: what one refresh of every catalog query costs (the ideal figure). */
function distinctPerWindow(queries: QueryRecord[], ttlMs: number): number {
  const windows = new Map<number, Set<string>>();
  for (const q of queries) {
    const w = Math.floor(q.at / ttlMs);
    if (!windows.has(w)) windows.set(w, new Set());
    windows.get(w)!.add(q.query);
  }
  const sizes = [...windows.values()].map((s) => s.size);
  return sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : 0;
}

async function measure(root: string, logDir: string, stack: Stack, setup: Setup, consoleEnv: Record<string, string>, pollMs: number): Promise<Figures> {
  const ttlMs = Number(consoleEnv.UPSTREAM_CACHE_TTL_MS);
  const counter = await startCountingPrometheus({ target: stack.prometheus.url });
  const redis = setup.shared ? await startRedis({ logDir }) : null;
  const started: { stop(): Promise<void> }[] = [];
  try {
    const env = { ...consoleEnv, PROMETHEUS_URL: counter.url, ...(redis ? { CONSOLE_REDIS_URL: redis.url } : {}) };
    for (let i = 0; i < setup.replicas; i += 1) started.push(await startSnapshotReplica({ root, logDir, name: `bench-replica-${setup.replicas}-${setup.shared ? 'shared' : 'own'}-${i}`, env }));
    const replicas = started as Awaited<ReturnType<typeof startSnapshotReplica>>[];
    await Promise.all(replicas.map((r) => fetch(`${r.url}/api/sections`).then((x) => x.arrayBuffer()))); // first snapshot on each
    const from = counter.queries.length;
    const latencies: number[] = [];
    let errors = 0;
    const startedAt = Date.now();
    const end = startedAt + seconds * 1000;
    await Promise.all(
      Array.from({ length: viewers }, async (_, i) => {
        const url = `${replicas[i % replicas.length]!.url}/api/sections`;
        await new Promise((r) => setTimeout(r, (i * pollMs) / viewers)); // viewers do not poll in lockstep
        while (Date.now() < end) {
          const t0 = performance.now();
          const response = await fetch(url).catch(() => null);
          if (!response?.ok) errors += 1;
          await response?.arrayBuffer();
          latencies.push(performance.now() - t0);
          await new Promise((r) => setTimeout(r, pollMs));
        }
      }),
    );
    const elapsedMs = Date.now() - startedAt;
    const queries = counter.queries.slice(from);
    latencies.sort((a, b) => a - b);
    return {
      ...setup,
      requests: latencies.length,
      errors,
      queries: queries.length,
      perPollInterval: queries.length / (elapsedMs / pollMs),
      perTtl: queries.length / (elapsedMs / ttlMs),
      distinctPerTtl: distinctPerWindow(queries, ttlMs),
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
    };
  } finally {
    for (const s of started) await s.stop();
    await redis?.stop();
    await counter.stop();
  }
}

/** Runs 1 replica, 3 replicas on their own caches and 3 replicas sharing one Redis, and prints them side by side. */
export async function measureReplicaReads(root: string, stack: Stack, consoleEnv: Record<string, string>, pollMs = 10_000): Promise<void> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-bench-replicas-'));
  const setups: Setup[] = [
    { label: '1 replica', replicas: 1, shared: false },
    { label: '3 replicas, own caches', replicas: 3, shared: false },
    { label: '3 replicas, shared Redis', replicas: 3, shared: true },
  ];
  const results: Figures[] = [];
  try {
    for (const setup of setups) results.push(await measure(root, logDir, stack, setup, consoleEnv, pollMs));
  } finally {
    fs.rmSync(logDir, { recursive: true, force: true });
  }
  const ttlMs = Number(consoleEnv.UPSTREAM_CACHE_TTL_MS);
  console.log(`replicas: ${viewers} viewers polling the overview every ${pollMs / 1000} s for ${seconds} s, spread round robin over the replicas`);
  console.log('  (replicas are separate Node processes of the console\'s snapshot/shared-cache code, not `next start` behind HAProxy; queries counted by a proxy in front of the real Prometheus)');
  const rows = [
    ['', ...results.map((r) => r.label)],
    [`Prometheus queries per ${pollMs / 1000} s interval`, ...results.map((r) => r.perPollInterval.toFixed(1))],
    [`Prometheus queries per ${ttlMs / 1000} s cache TTL`, ...results.map((r) => r.perTtl.toFixed(1))],
    [`distinct queries per TTL (one read of each)`, ...results.map((r) => r.distinctPerTtl.toFixed(1))],
    ['queries in all', ...results.map((r) => String(r.queries))],
    ['requests / errors', ...results.map((r) => `${r.requests} / ${r.errors}`)],
    ['latency p50 / p95 (ms)', ...results.map((r) => `${r.p50.toFixed(1)} / ${r.p95.toFixed(1)}`)],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows) console.log(`  ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('   ')}`);
}
