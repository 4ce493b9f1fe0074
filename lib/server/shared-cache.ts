import 'server-only';
import { LRUCache } from 'lru-cache';
import { getConsoleMetrics } from './console-metrics';
import type { SharedAnswer } from './shared-state/shared-reads';

/** Where a miss is read from when replicas share reads (lib/server/shared-state): Redis or the upstream. */
export type SharedReader<V> = { read(key: string): Promise<SharedAnswer<V>> };

// `shared-hit`: another replica's answer from Redis; `shared-wait`: waited for the replica asking;
// `shared-lead`: this replica asked for everyone; `shared-off`: Redis down, asked for itself.
const SHARED_RESULT = { shared: 'shared-hit', waited: 'shared-wait', lead: 'shared-lead', own: 'shared-off' } as const;

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
}) {
  // Range keys move with time, so expired entries stay until evicted: bound them by size, not count.
  // (ttlAutopurge would bound them by time, but it aborts fetches that outlive the TTL.)
  const metrics = getConsoleMetrics();
  const shared = options.shared;
  const cache = new LRUCache<string, V>({
    maxSize: options.maxSize,
    sizeCalculation: (value) => Math.max(1, options.sizeOf(value)),
    ttl: options.ttlMs,
    fetchMethod: async (key, _stale, { options: entry }) => {
      if (!shared) return options.load(key);
      const answer = await shared.read(key);
      // Kept only for what is left of the answer's own TTL: another replica fetched it earlier.
      entry.ttl = answer.remainingMs;
      metrics.upstreamCache.inc({ upstream: options.upstream, result: SHARED_RESULT[answer.how] });
      return answer.value;
    },
  });
  return {
    async get(key: string): Promise<V> {
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
  };
}
