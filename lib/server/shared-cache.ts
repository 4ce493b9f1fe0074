import 'server-only';
import { LRUCache } from 'lru-cache';
import { getConsoleMetrics } from './console-metrics';
import type { SharedAnswer } from './shared-state/shared-reads';

/** Where a miss is read from when replicas share reads (lib/server/shared-state): Redis or the upstream. */
export type SharedReader<V> = { read(key: string): Promise<SharedAnswer<V>> };

// `shared-hit`: another replica's answer from Redis; `shared-wait`: waited for the replica asking;
// `shared-lead`: this replica asked for everyone; `shared-off`: Redis down, asked for itself.
const SHARED_RESULT = { shared: 'shared-hit', waited: 'shared-wait', lead: 'shared-lead', own: 'shared-off' } as const;

// When each cached answer was asked of the upstream, by the answer object itself (an answer served from the cache
// is the same object every time). On globalThis: Next may load this module once per route bundle.
const holder = globalThis as typeof globalThis & { __voicehiveOpsReadTimes?: WeakMap<object, number> };
const readTimes = (holder.__voicehiveOpsReadTimes ??= new WeakMap<object, number>());

/**
 * When an answer this cache returned was read from the upstream (by this replica or, shared, by another), or
 * undefined for a value it did not return. An evaluation built from cached reads is as old as its oldest read.
 */
export function readTimeOf(value: unknown): number | undefined {
  return typeof value === 'object' && value !== null ? readTimes.get(value) : undefined;
}

/**
 * A short-lived cache shared by every viewer: identical reads within `ttlMs` cost one upstream call,
 * and reads that arrive while that call is in flight join it instead of sending their own.
 * Failures are not cached, so the next poll tries the upstream again.
 */
export function createSharedCache<V extends object>(options: {
  upstream: string;
  ttlMs: number;
  load: (key: string) => Promise<V>;
  /** Rough size of a value (e.g. samples held); the cache keeps at most `maxSize` in all. */
  sizeOf: (value: V) => number;
  maxSize: number;
  /** Misses go through other replicas' answers first (one upstream read per key and TTL across replicas). */
  shared?: SharedReader<V> | null;
  now?: () => number;
}) {
  // Range keys move with time, so expired entries would stay until evicted: bounded by size, and by time too
  // (`purgeExpired`, at most once per TTL). ttlAutopurge would do the latter, but it aborts fetches that outlive
  // the TTL; so do LRUCache's own purgeStale and delete, so entries whose fetch is in flight are left alone.
  const metrics = getConsoleMetrics();
  const shared = options.shared;
  const clock = options.now ?? Date.now;
  const fetching = new Set<string>();
  let purgedAt = clock();
  const cache = new LRUCache<string, V>({
    maxSize: options.maxSize,
    sizeCalculation: (value) => Math.max(1, options.sizeOf(value)),
    ttl: options.ttlMs,
    perf: { now: clock },
    ttlResolution: 0,
    fetchMethod: async (key, _stale, { options: entry }) => {
      fetching.add(key);
      try {
        if (!shared) {
          const askedAt = clock();
          const value = await options.load(key);
          readTimes.set(value, askedAt);
          return value;
        }
        const answer = await shared.read(key);
        // Kept only for what is left of the answer's own TTL: another replica fetched it earlier.
        entry.ttl = answer.remainingMs;
        metrics.upstreamCache.inc({ upstream: options.upstream, result: SHARED_RESULT[answer.how] });
        readTimes.set(answer.value, answer.fetchedAt);
        return answer.value;
      } finally {
        fetching.delete(key);
      }
    },
  });
  function purgeExpired(): void {
    const now = clock();
    if (now - purgedAt < options.ttlMs) return;
    purgedAt = now;
    for (const [key] of cache.dump()) if (!fetching.has(key) && cache.getRemainingTTL(key) <= 0) cache.delete(key);
  }
  return {
    async get(key: string): Promise<V> {
      purgeExpired();
      const status: LRUCache.Status<string, V> = {};
      const promise = cache.fetch(key, { status });
      const result = status.fetch === 'hit' ? 'hit' : status.fetch === 'inflight' ? 'coalesced' : 'miss';
      metrics.upstreamCache.inc({ upstream: options.upstream, result });
      const value = await promise;
      // fetchMethod never resolves undefined here; the guard keeps the type honest.
      if (value === undefined) throw new Error(`${options.upstream}: no value for ${key}`);
      return value;
    },
    clear: () => cache.clear(),
    /** Entries held, expired ones not yet purged included (for tests and the bench). */
    get size() {
      return cache.size;
    },
  };
}
