/**
 * Where the connectors keep their per-vendor rate-limit counters: a real Redis when the simulator is
 * given one (redis-store.ts), so the console's Redis buttons act on the same keys, else this
 * in-memory store with the same semantics (Redis's INCRBY, EXPIRE, SET, DEL, TTL) on the estate's clock.
 */
export interface RateLimitStore {
  /**
   * For each key, INCRBY its amount (an amount of 0 only reads it), then EXPIRE `windowSeconds` on
   * every key that INCRBY created (its new value equals the amount): a fixed window that opens with
   * its first call. Answers each key's count (0 for a missing key); a key that failed is left out.
   */
  count(amounts: ReadonlyMap<string, number>, windowSeconds: number): Promise<Map<string, number>>;
  /** SET without an expiry. */
  set(key: string, value: number): Promise<void>;
  /** DEL; answers how many keys existed. */
  delete(keys: readonly string[]): Promise<number>;
  /** GET as a number; null for a missing key. */
  get(key: string): Promise<number | null>;
  /** Seconds left, -1 for a key without expiry, -2 for a missing key (as Redis's TTL answers). */
  ttl(key: string): Promise<number>;
  close(): Promise<void>;
}

interface Entry {
  value: number;
  /** null: no expiry. */
  expiresAtMs: number | null;
}

/** The store without Redis: one map, expiry judged on `now` (the estate's clock, so tests can fast-forward). */
export function createMemoryRateLimitStore({ now = Date.now }: { now?: () => number } = {}): RateLimitStore {
  const entries = new Map<string, Entry>();
  const read = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAtMs !== null && entry.expiresAtMs <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  // Each method does its work at once and answers through a settled promise, as Redis would later.
  return {
    count(amounts, windowSeconds) {
      const counts = new Map<string, number>();
      for (const [key, amount] of amounts) {
        if (amount === 0) {
          counts.set(key, read(key)?.value ?? 0);
          continue;
        }
        const entry = read(key) ?? { value: 0, expiresAtMs: null };
        entry.value += amount;
        if (entry.value === amount) entry.expiresAtMs = now() + windowSeconds * 1000;
        entries.set(key, entry);
        counts.set(key, entry.value);
      }
      return Promise.resolve(counts);
    },
    set(key, value) {
      entries.set(key, { value, expiresAtMs: null });
      return Promise.resolve();
    },
    delete(keys) {
      let existed = 0;
      for (const key of keys) if (read(key) && entries.delete(key)) existed++;
      return Promise.resolve(existed);
    },
    get: (key) => Promise.resolve(read(key)?.value ?? null),
    ttl(key) {
      const entry = read(key);
      if (!entry) return Promise.resolve(-2);
      return Promise.resolve(entry.expiresAtMs === null ? -1 : Math.round((entry.expiresAtMs - now()) / 1000));
    },
    close: () => Promise.resolve(),
  };
}
