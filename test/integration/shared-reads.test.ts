// The rules of reads shared between replicas (lib/server/shared-state), against a real Redis (Debian's
// redis-server): each "replica" is its own link (its own connection) and its own loader, as in separate
// processes. test/integration/replica-shared-reads.test.ts runs the same code in three processes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedCache } from '@/lib/server/shared-cache';
import { createLastGoodReadings } from '@/lib/server/shared-state/last-good';
import { createSharedLink, type SharedLink } from '@/lib/server/shared-state/link';
import { createSharedReads } from '@/lib/server/shared-state/shared-reads';
import { UpstreamError } from '@/lib/server/upstream-error';
import { findFreePort, waitUntil } from '@/scripts/stack/processes';
import { startRedis } from '@/scripts/stack/redis';

const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-shared-reads-'));
let redis: Awaited<ReturnType<typeof startRedis>>;
let raw: Redis;
const links: SharedLink[] = [];
let namespaceCount = 0;

function link(url = redis.url, log: (line: string) => void = () => {}): SharedLink {
  const made = createSharedLink({ url, timeoutMs: 2_000, log });
  links.push(made);
  return made;
}
const namespace = () => `test:${process.pid}:${(namespaceCount += 1)}`;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeAll(async () => {
  redis = await startRedis({ logDir });
  raw = new Redis(redis.url);
});

afterAll(async () => {
  await Promise.all(links.map((l) => l.close()));
  raw?.disconnect();
  await redis?.stop();
  fs.rmSync(logDir, { recursive: true, force: true });
});

describe('reads shared between replicas', () => {
  it('one replica asks, the others wait for its answer; an upstream error reaches them as that error, never as an answer', async () => {
    const ns = namespace();
    const gate = deferred<number[]>();
    let asked = 0;
    const make = () => createSharedReads<number[]>({ link: link(), namespace: ns, ttlMs: 10_000, leaseMs: 10_000, pollMs: 10, load: () => ((asked += 1), gate.promise) });
    const [a, b, c] = [make(), make(), make()];
    const first = a.read('up');
    await waitUntil(async () => (await raw.exists(`${ns}:lease:up`)) === 1, 'the lease to be taken', 10_000, 10);
    const others = [b.read('up'), c.read('up')];
    gate.reject(new UpstreamError('prometheus', 'up', 503, 'HTTP 503, Service Unavailable'));
    const outcomes = await Promise.allSettled([first, ...others]);
    expect(asked).toBe(1);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason as UpstreamError;
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ upstream: 'prometheus', status: 503, message: 'prometheus: HTTP 503, Service Unavailable' });
    }
    // The lease is released with the answer: nobody waits on it afterwards.
    expect(await raw.exists(`${ns}:lease:up`)).toBe(0);
  });

  it('a shared answer keeps its own fetch time and expires when it would have on the replica that fetched it', async () => {
    const ns = namespace();
    const a = createSharedReads<number[]>({ link: link(), namespace: ns, ttlMs: 60_000, leaseMs: 5_000, load: async () => [1] });
    const led = await a.read('q');
    expect(led).toMatchObject({ how: 'lead', value: [1] });
    // As if the answer had been fetched 59.7 s ago: another replica gets it with 0.3 s left, not a fresh minute.
    await raw.pexpire(`${ns}:answer:q`, 300);
    let askedByB = 0;
    const b = createSharedReads<number[]>({ link: link(), namespace: ns, ttlMs: 60_000, leaseMs: 5_000, load: async () => ((askedByB += 1), [2]) });
    const shared = await b.read('q');
    expect(shared.how).toBe('shared');
    expect(shared.fetchedAt).toBe(led.fetchedAt);
    expect(shared.remainingMs).toBeLessThanOrEqual(300);
    // Through B's own cache (60 s TTL): it keeps the answer only for what was left, then reads again.
    const cache = createSharedCache<number[]>({ upstream: 'test', ttlMs: 60_000, sizeOf: () => 1, maxSize: 10, load: async () => [3], shared: b });
    expect(await cache.get('q')).toEqual([1]);
    await waitUntil(async () => (await cache.get('q'))[0] === 2, 'B to read again once the shared answer expired (long before its 60 s TTL)', 20_000, 50);
    expect(askedByB).toBe(1);
  });

  it('a lease whose holder died frees itself: the next replica asks after it expired', async () => {
    const ns = namespace();
    await raw.set(`${ns}:lease:q`, 'a replica that was killed', 'PX', 300);
    let asked = 0;
    const b = createSharedReads<number[]>({ link: link(), namespace: ns, ttlMs: 5_000, leaseMs: 300, pollMs: 20, load: async () => ((asked += 1), [7]) });
    expect(await b.read('q')).toMatchObject({ how: 'lead', value: [7] });
    expect(asked).toBe(1);
  });

  it('Redis down: each replica reads for itself, says why once, and does not wait on Redis for every read', async () => {
    const lines: string[] = [];
    const down = link(`redis://127.0.0.1:${await findFreePort()}`, (line) => lines.push(line));
    let asked = 0;
    const reads = createSharedReads<number[]>({ link: down, namespace: namespace(), ttlMs: 5_000, leaseMs: 5_000, load: async () => ((asked += 1), [9]) });
    expect(await reads.read('q')).toMatchObject({ how: 'own', value: [9] });
    expect(down.available()).toBe(false);
    expect(down.lastError).toMatch(/^\[shared-state\] Redis 127\.0\.0\.1:\d+: .*each replica uses its own cache until it answers$/);
    expect(await reads.read('q')).toMatchObject({ how: 'own', value: [9] });
    expect(asked).toBe(2);
    expect(lines).toHaveLength(1);
  });

  it('last good readings: the newest any replica took wins, an older one never overwrites it, and Redis down leaves each its own', async () => {
    const ns = namespace();
    const [la, lb] = [link(), link()];
    const a = createLastGoodReadings<{ evaluatedAt: number; severity: string }>({ link: () => la, namespace: ns });
    const b = createLastGoodReadings<{ evaluatedAt: number; severity: string }>({ link: () => lb, namespace: ns });
    const fresh = createLastGoodReadings<{ evaluatedAt: number; severity: string }>({ link: () => link(), namespace: ns });
    await a.remember('s', { evaluatedAt: 2_000, severity: 'P1' });
    await b.remember('s', { evaluatedAt: 1_000, severity: 'ok' }); // older: kept by B, not shared over A's
    expect(await fresh.recall('s')).toEqual({ evaluatedAt: 2_000, severity: 'P1' });
    expect(await b.recall('s')).toEqual({ evaluatedAt: 2_000, severity: 'P1' });
    const downPort = await findFreePort();
    const alone = createLastGoodReadings<{ evaluatedAt: number; severity: string }>({ link: () => link(`redis://127.0.0.1:${downPort}`), namespace: ns });
    expect(await alone.recall('s')).toBeUndefined();
    await alone.remember('s', { evaluatedAt: 500, severity: 'P2' });
    expect(await alone.recall('s')).toEqual({ evaluatedAt: 500, severity: 'P2' });
  });
});
