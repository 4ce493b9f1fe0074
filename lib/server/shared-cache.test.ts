import { describe, expect, it } from 'vitest';
import { createSharedCache, readTimeOf } from './shared-cache';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

describe('shared upstream cache', () => {
  it('lets expired entries go (bounded by time, not only by size): keys that move with time do not pile up', async () => {
    let now = 1_000_000;
    const cache = createSharedCache<{ key: string }>({ upstream: 'test', ttlMs: 100, now: () => now, sizeOf: () => 1, maxSize: 1_000_000, load: async (key) => ({ key }) });
    // A range key per TTL, as the sparkline queries make: one live entry at a time, not one per TTL since start.
    for (let i = 0; i < 50; i += 1) {
      await cache.get(`range-${i}`);
      now += 100;
    }
    expect(cache.size).toBeLessThanOrEqual(2);
  });

  it('never drops an entry whose upstream read is still in flight (it would abort it)', async () => {
    let now = 0;
    const slow = deferred<{ v: number }>();
    const cache = createSharedCache<{ v: number }>({ upstream: 'test', ttlMs: 100, now: () => now, sizeOf: () => 1, maxSize: 1_000, load: (key) => (key === 'slow' ? slow.promise : Promise.resolve({ v: 1 })) });
    const pending = cache.get('slow');
    now = 500; // the read outlives its TTL; a purge runs on the next get
    await cache.get('other');
    slow.resolve({ v: 2 });
    expect(await pending).toEqual({ v: 2 });
  });

  it('stamps each answer with when it was asked of the upstream, the same on every cache hit', async () => {
    let now = 5_000;
    const cache = createSharedCache<{ key: string }>({ upstream: 'test', ttlMs: 1_000, now: () => now, sizeOf: () => 1, maxSize: 1_000, load: async (key) => ({ key }) });
    const first = await cache.get('up');
    now = 5_400;
    const again = await cache.get('up');
    expect(again).toBe(first);
    expect(readTimeOf(again)).toBe(5_000);
    expect(readTimeOf({ key: 'not from the cache' })).toBeUndefined();
  });
});
