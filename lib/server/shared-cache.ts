import 'server-only';
import { LRUCache } from 'lru-cache';
import { getConsoleMetrics } from './console-metrics';

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
}) {
  // Range keys move with time, so expired entries stay until evicted: bound them by size, not count.
  // (ttlAutopurge would bound them by time, but it aborts fetches that outlive the TTL.)
  const cache = new LRUCache<string, V>({
    maxSize: options.maxSize,
    sizeCalculation: (value) => Math.max(1, options.sizeOf(value)),
    ttl: options.ttlMs,
    fetchMethod: (key) => options.load(key),
  });
  const metrics = getConsoleMetrics();
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
