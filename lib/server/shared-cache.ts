import 'server-only';
import { LRUCache } from 'lru-cache';
import { getConsoleMetrics } from './console-metrics';

/**
 * A short-lived cache shared by every viewer: identical reads within `ttlMs` cost one upstream call,
 * and reads that arrive while that call is in flight join it instead of sending their own.
 * Failures are not cached, so the next poll tries the upstream again.
 */
export function createSharedCache<V extends object>(options: { upstream: string; ttlMs: number; max?: number; load: (key: string) => Promise<V> }) {
  const cache = new LRUCache<string, V>({
    max: options.max ?? 1000,
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
