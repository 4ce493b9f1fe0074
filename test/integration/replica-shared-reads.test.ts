// Issue 18: three console replicas share their Prometheus reads and their last good section readings through
// one real Redis (Debian's redis-server). Each replica is its own Node process (scripts/stack/snapshot-replica-main.ts)
// running the console's overview snapshot, section evaluation, Prometheus client and shared state unchanged:
// its own memory, caches and Redis connection, as a `next start` replica has (the HAProxy harness with real
// `next start` replicas is helper i18ha's; these count upstream reads, which a balancer does not change).
//
// Prometheus here is a counting stand-in (scripts/stack/counting-prometheus.ts), not Debian's Prometheus: the
// test must count every query exactly, per query, and switch an outage on and off at a known moment (a real
// Prometheus stopped and started again loses its data and needs ~6 s for a first scrape). The bench
// (npm run bench) counts the same reads in front of a real Prometheus scraping the simulator.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverviewResponse } from '@/lib/api/types';
import type { SectionStatus } from '@/lib/severity/section-status';
import { startCountingPrometheus, type CountingPrometheus } from '@/scripts/stack/counting-prometheus';
import { waitUntil, type Service } from '@/scripts/stack/processes';
import { startRedis } from '@/scripts/stack/redis';
import { startSnapshotReplica } from '@/scripts/stack/snapshot-replica';

const root = path.resolve(__dirname, '../..');
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-replicas-test-'));
const TTL_MS = 2_000;

type ReplicaState = { configured: boolean; sharing: boolean; error: string | null; cache: { result: string; value: number }[] };
type Overview = { refreshedAt: number; body: OverviewResponse };

let prometheus: CountingPrometheus;
let redis: Awaited<ReturnType<typeof startRedis>>;
const replicas: Service[] = [];
let env: Record<string, string>;

async function overview(replica: Service): Promise<Overview> {
  const response = await fetch(`${replica.url}/api/sections`);
  if (!response.ok) throw new Error(`${replica.name}: HTTP ${response.status} ${await response.text()}`);
  return { refreshedAt: Number(response.headers.get('x-refreshed-at')), body: (await response.json()) as OverviewResponse };
}

async function state(replica: Service): Promise<ReplicaState> {
  return (await (await fetch(`${replica.url}/state`)).json()) as ReplicaState;
}

const count = (s: ReplicaState, result: string) => s.cache.filter((c) => c.result === result).reduce((n, c) => n + c.value, 0);

/** Polls every replica's overview (as viewers do) until each one has served `refreshes` new snapshots. */
async function pollUntilRefreshed(refreshes: number, what: string): Promise<void> {
  const seen = replicas.map(() => new Set<number>());
  await waitUntil(
    async () => {
      const answers = await Promise.all(replicas.map((r) => overview(r)));
      answers.forEach((a, i) => seen[i]!.add(a.refreshedAt));
      return seen.every((s) => s.size > refreshes);
    },
    what,
    90_000,
    100,
  );
}

beforeAll(async () => {
  prometheus = await startCountingPrometheus({ value: 1 });
  redis = await startRedis({ logDir });
  env = {
    PROMETHEUS_URL: prometheus.url,
    CONSOLE_REDIS_URL: redis.url,
    // Generous: a replica on this shared 2-core machine must not take a slow Redis for a down one.
    CONSOLE_REDIS_TIMEOUT_MS: '5000',
    UPSTREAM_CACHE_TTL_MS: String(TTL_MS),
    SIGNAL_WINDOW: '30s',
    HISTORY_LOOKBACK: '10m',
    HISTORY_STEP: '15s',
  };
  for (const name of ['replica-a', 'replica-b', 'replica-c']) replicas.push(await startSnapshotReplica({ root, logDir, name, env }));
  await Promise.all(replicas.map((r) => overview(r))); // first snapshot on each
});

afterAll(async () => {
  for (const replica of replicas) await replica.stop();
  await redis?.stop();
  await prometheus?.stop();
  fs.rmSync(logDir, { recursive: true, force: true });
});

describe('three replicas on one Redis', () => {
  it('send each Prometheus query once per TTL between them, not once each', async () => {
    const from = prometheus.queries.length;
    const before = await Promise.all(replicas.map((r) => state(r)));
    await pollUntilRefreshed(3, 'three overview refreshes on every replica');
    const queries = prometheus.queries.slice(from);
    const after = await Promise.all(replicas.map((r) => state(r)));

    // The sharing rule, per query: once a replica asked, nobody asks again until its answer's TTL ran out.
    // (Three replicas on their own caches ask every query up to three times per TTL.)
    const lastAt = new Map<string, number>();
    const tooSoon: string[] = [];
    for (const q of queries) {
      const previous = lastAt.get(q.key);
      if (previous !== undefined && q.at - previous < TTL_MS - 50) tooSoon.push(`${q.key} again after ${q.at - previous} ms`);
      lastAt.set(q.key, q.at);
    }
    expect(tooSoon).toEqual([]);
    expect(queries.length).toBeGreaterThan(0);
    for (const s of after) expect(s).toMatchObject({ configured: true, sharing: true, error: null });
    // Section pages evaluate per request, through the shared reads: a replica takes answers another one read.
    const id = (await overview(replicas[0]!)).body.sections[0]!.id;
    for (const replica of replicas) expect((await fetch(`${replica.url}/api/sections/${id}`)).status).toBe(200);
    const sharedHits = (await Promise.all(replicas.map((r) => state(r)))).reduce((n, s, i) => n + count(s, 'shared-hit') + count(s, 'shared-wait') - count(before[i]!, 'shared-hit') - count(before[i]!, 'shared-wait'), 0);
    expect(sharedHits).toBeGreaterThan(0);
  });

  it('serve the same overview snapshot (one evaluation per interval between them), so an ETag holds across the balancer', async () => {
    await waitUntil(
      async () => {
        const etags = await Promise.all(replicas.map(async (r) => (await fetch(`${r.url}/api/sections`)).headers.get('etag')));
        return new Set(etags).size === 1;
      },
      'every replica to serve the same snapshot',
      60_000,
      100,
    );
  });

  it('show the same stale reading during a Prometheus outage, a replica started during it included', async () => {
    prometheus.down = true;
    const outageAt = Date.now();
    // Every replica refreshed after the outage began, and reads every section as stale.
    await waitUntil(
      async () => (await Promise.all(replicas.map((r) => overview(r)))).every((o) => o.refreshedAt > outageAt && o.body.sections.every((s) => s.stale !== null)),
      'every replica to show the outage',
      60_000,
      100,
    );
    // A replica rolled out during the outage has read nothing itself: it shows what the others read last.
    await replicas[2]!.stop();
    replicas[2] = await startSnapshotReplica({ root, logDir, name: 'replica-c-restarted', env });
    const reading = (s: SectionStatus) => ({ severity: s.severity, since: s.stale?.since, evaluatedAt: s.evaluatedAt, error: s.error });
    // A good reading still on its way when the outage began reaches Redis a moment later: within a refresh
    // interval every replica shows the newest one. Polled until then, then compared in full.
    let views: Overview[] = [];
    let byReplica: Record<string, ReturnType<typeof reading>>[] = [];
    let direct: Record<string, ReturnType<typeof reading>>[] = [];
    await waitUntil(
      async () => {
        views = await Promise.all(replicas.map((r) => overview(r)));
        byReplica = views.map((v) => Object.fromEntries(v.body.sections.map((s) => [s.id, reading(s)])));
        // The section pages evaluate per request on each replica (not the shared snapshot): the restarted replica's
        // own evaluation finds the last good reading the others shared.
        const ids = views[0]!.body.sections.map((s) => s.id);
        direct = await Promise.all(
          replicas.map(async (r) => Object.fromEntries(await Promise.all(ids.map(async (id) => [id, reading(((await (await fetch(`${r.url}/api/sections/${id}`)).json()) as { status: SectionStatus }).status)])))),
        );
        const first = JSON.stringify(byReplica[0]);
        return [...byReplica, ...direct].every((view) => JSON.stringify(view) === first);
      },
      'every replica to show the same stale reading',
      30_000,
      200,
    );
    for (const view of [...byReplica.slice(1), ...direct]) expect(view).toEqual(byReplica[0]);
    const sections = views[2]!.body.sections;
    // The last good reading carries the time of its oldest read, never later than the outage's start, even when it
    // was evaluated after it from reads cached before it (issue 16; CI once saw it stamped after the start).
    expect(sections.filter((s) => s.stale === null || !(s.stale.since <= outageAt) || !s.stale.error.includes('503')).map((s) => ({ id: s.id, stale: s.stale }))).toEqual([]);
    // "stale P1", not "unknown": the firing levels of the last good reading are kept (and ok turns unknown).
    expect(sections.filter((s) => s.severity !== 'unknown' && s.severity !== 'ok').length).toBeGreaterThan(0);
    expect(sections.some((s) => s.severity === 'ok')).toBe(false);
  });

  it('fall back to their own caches while Redis is down, and keep answering', async () => {
    prometheus.down = false;
    const before = await Promise.all(replicas.map((r) => state(r)));
    await redis.stop();
    const stoppedAt = Date.now();
    await waitUntil(
      async () => {
        const views = await Promise.all(replicas.map((r) => overview(r)));
        return views.every((o) => o.refreshedAt > stoppedAt && o.body.sections.every((s) => s.stale === null));
      },
      'every replica to read Prometheus again without Redis',
      60_000,
      100,
    );
    const after = await Promise.all(replicas.map((r) => state(r)));
    for (const [i, s] of after.entries()) {
      expect(count(s, 'shared-off') - count(before[i]!, 'shared-off'), replicas[i]!.name).toBeGreaterThan(0);
      expect(s.configured).toBe(true);
    }
    // While the link is off it says why (the next read after the pause tries Redis again).
    await waitUntil(async () => (await Promise.all(replicas.map((r) => state(r)))).every((s) => !s.sharing && s.error !== null), 'every replica to report Redis down', 30_000, 100);
    const reported = await state(replicas[0]!);
    expect(reported.error).toMatch(/Redis 127\.0\.0\.1:\d+: .*each replica uses its own cache/);
    const log = fs.readFileSync(path.join(logDir, 'replica-a.log'), 'utf8');
    expect(log).toContain('each replica uses its own cache until it answers');
  });
});
