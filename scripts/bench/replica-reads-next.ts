// The same figure with the real thing: `next start` replicas (the built console) on one PostgreSQL behind
// Debian's HAProxy (round robin, no stickiness; scripts/stack/replicas.ts), sharing the console's own Redis
// (CONSOLE_REDIS_URL), signed-in viewers polling the overview through the balancer. Queries are counted by
// Prometheus itself (its own request counter), 1 replica beside 3.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedis } from '../stack/redis';
import { startReplicaSet } from '../stack/replicas';

const viewers = Number(process.env.BENCH_REPLICA_VIEWERS ?? 300);
const seconds = Number(process.env.BENCH_REPLICA_SECONDS ?? 30);

async function countQueries(prometheusUrl: string): Promise<number> {
  const text = await (await fetch(`${prometheusUrl}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('prometheus_http_requests_total{') && /handler="\/api\/v1\/query(_range)?"/.test(l)).reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
}

type Figures = { replicas: number; perInterval: number; perTtl: number; requests: number; errors: number; notModified: number; byReplica: Record<string, number>; errorKinds: Record<string, number> };

async function measure(root: string, count: number, pollMs: number, ttlMs: number): Promise<Figures> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-bench-next-replicas-'));
  const redis = await startRedis({ logDir });
  try {
    const set = await startReplicaSet({ root, name: `bench-${count}`, count, scenario: 'pms-outage', consoleEnv: { CONSOLE_REDIS_URL: redis.url, UPSTREAM_CACHE_TTL_MS: String(ttlMs), POLL_INTERVAL_MS: String(pollMs) } });
    try {
      const viewer = set.accounts.users.find((u) => u.role === 'viewer')!;
      const login = await fetch(`${set.url}/api/auth/login`, { method: 'POST', headers: { origin: set.url, 'content-type': 'application/json' }, body: JSON.stringify({ username: viewer.username, password: viewer.password }) });
      const cookie = login.headers.get('set-cookie')?.split(';')[0];
      if (!login.ok || !cookie) throw new Error(`signing the bench viewer in: HTTP ${login.status}`);
      const url = `${set.url}/api/sections`;
      for (let i = 0; i < count * 2; i += 1) await (await fetch(url, { headers: { cookie } })).arrayBuffer(); // a first snapshot everywhere
      const before = await countQueries(set.stack.prometheus.url);
      let requests = 0;
      let errors = 0;
      let notModified = 0;
      const byReplica: Record<string, number> = {};
      const errorKinds: Record<string, number> = {};
      const startedAt = Date.now();
      const end = startedAt + seconds * 1000;
      await Promise.all(
        Array.from({ length: viewers }, async (_, i) => {
          let etag: string | null = null;
          await new Promise((r) => setTimeout(r, (i * pollMs) / viewers));
          while (Date.now() < end) {
            const headers: Record<string, string> = etag ? { cookie, 'if-none-match': etag } : { cookie };
            let failure = '';
            const response: Response | null = await fetch(url, { headers }).catch((error: unknown) => ((failure = error instanceof Error ? String((error.cause as Error | undefined)?.message ?? error.message) : String(error)), null));
            requests += 1;
            if (!response || (response.status !== 200 && response.status !== 304)) {
              errors += 1;
              const kind = response ? `HTTP ${response.status}` : failure.slice(0, 40);
              errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
            }
            if (response?.status === 304) notModified += 1;
            etag = response?.headers.get('etag') ?? etag;
            const who = response?.headers.get('x-voicehive-replica') ?? '?';
            byReplica[who] = (byReplica[who] ?? 0) + 1;
            await response?.arrayBuffer();
            await new Promise((r) => setTimeout(r, pollMs));
          }
        }),
      );
      const elapsedMs = Date.now() - startedAt;
      const queries = (await countQueries(set.stack.prometheus.url)) - before;
      return { replicas: count, perInterval: queries / (elapsedMs / pollMs), perTtl: queries / (elapsedMs / ttlMs), requests, errors, notModified, byReplica, errorKinds };
    } finally {
      await set.stop();
    }
  } finally {
    await redis.stop();
    fs.rmSync(logDir, { recursive: true, force: true });
  }
}

/** 1 and 3 `next start` replicas behind HAProxy with the shared Redis, side by side. */
export async function measureNextReplicaReads(root: string, pollMs = 10_000, ttlMs = 2_000): Promise<void> {
  const results = [await measure(root, 1, pollMs, ttlMs), await measure(root, 3, pollMs, ttlMs)];
  console.log(`next start replicas behind HAProxy (round robin), CONSOLE_REDIS_URL shared: ${viewers} signed-in viewers polling the overview every ${pollMs / 1000} s (with If-None-Match) for ${seconds} s`);
  const rows = [
    ['', ...results.map((r) => `${r.replicas} replica${r.replicas > 1 ? 's' : ''}`)],
    [`Prometheus queries per ${pollMs / 1000} s interval`, ...results.map((r) => r.perInterval.toFixed(1))],
    [`Prometheus queries per ${ttlMs / 1000} s cache TTL`, ...results.map((r) => r.perTtl.toFixed(1))],
    ['requests / errors / 304', ...results.map((r) => `${r.requests} / ${r.errors} / ${r.notModified}`)],
    ['errors by kind', ...results.map((r) => Object.entries(r.errorKinds).map(([k, v]) => `${k}: ${v}`).join(', ') || '-')],
    ['requests per replica', ...results.map((r) => Object.entries(r.byReplica).map(([k, v]) => `${k.replace('replica-', 'r')}:${v}`).join(' '))],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows) console.log(`  ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('   ')}`);
}
