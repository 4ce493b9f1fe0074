import { pmsVendors, type PmsVendor } from '../topology';
import type { RateLimitStore } from './store';

/**
 * The connectors' own per-vendor rate limiter, a fixed-window counter in the store: each tick the
 * calls made to a vendor are added to `ratelimit:{vendor}` (INCRBY; EXPIRE 60 when that created the
 * key), and while a vendor's count is over the limit its calls are refused before they leave.
 *
 * Store I/O is async and ticks are not: a tick judges on the counts last read, counts its calls, and
 * `flush` sends them. One store request at a time: calls counted while one is under way wait for the
 * next (coalesced), and a failing store only leaves the last counts in place.
 */

/** Calls per vendor per window: twice a vendor's healthy peak (15 calls/s, ~900 a minute). */
export const PMS_RATE_LIMIT_PER_MINUTE = 1800;
export const RATE_LIMIT_WINDOW_SECONDS = 60;
/** What pms-rate-limited leaves in the stuck key: well over the limit. */
export const STUCK_RATE_LIMIT_COUNT = 5 * PMS_RATE_LIMIT_PER_MINUTE;

/** The key the console's "Clear rate limit" buttons delete (`redis-cli DEL ratelimit:apaleo`). */
export const rateLimitKey = (vendor: PmsVendor): string => `ratelimit:${vendor}`;

export interface PmsRateLimiter {
  /** The vendor's last count read is over the limit: its calls are refused. */
  isLimited(vendor: PmsVendor): boolean;
  /** Calls made to the vendor this tick (refused ones too: the counter counts attempts). */
  record(vendor: PmsVendor, calls: number): void;
  /** Sends the recorded calls and reads the counts back, unless the previous request is still under way. */
  flush(): void;
  /** A scenario switch: fresh windows (every vendor's key deleted), the `stuck` vendors' keys SET over the limit without expiry. */
  reseed(stuck: readonly PmsVendor[]): void;
  /** The counts last read. */
  readCounts(): Readonly<Record<PmsVendor, number>>;
  /** Resolves once every store request started so far has ended (tests). */
  settle(): Promise<void>;
}

export interface PmsRateLimiterOptions {
  limit?: number;
  /** A stuck key was found cleared (recreated by our INCRBY, or gone): someone deleted it. */
  onCleared?: (key: string) => void;
}

const zeroes = (): Record<PmsVendor, number> => Object.fromEntries(pmsVendors.map((v) => [v, 0])) as Record<PmsVendor, number>;

export function createPmsRateLimiter(store: RateLimitStore, { limit = PMS_RATE_LIMIT_PER_MINUTE, onCleared }: PmsRateLimiterOptions = {}): PmsRateLimiter {
  let counts = zeroes();
  let pending = zeroes();
  let stuck = new Set<PmsVendor>();
  // Answers to requests sent before a reseed describe the old windows: dropped.
  let generation = 0;
  let busy = false;
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (op: () => Promise<void>) => {
    queue = queue.then(op).catch(() => undefined); // the store has logged it; the last counts stay
  };

  const apply = (read: Map<string, number>) => {
    for (const vendor of pmsVendors) {
      const count = read.get(rateLimitKey(vendor));
      if (count === undefined) continue;
      counts[vendor] = count;
      // A key without expiry cannot lapse: under the limit again means it was deleted.
      if (stuck.has(vendor) && count <= limit) {
        stuck.delete(vendor);
        onCleared?.(rateLimitKey(vendor));
      }
    }
  };

  return {
    isLimited: (vendor) => counts[vendor] > limit,
    record(vendor, calls) {
      pending[vendor] += calls;
    },
    flush() {
      if (busy) return;
      busy = true;
      const batch = pending;
      pending = zeroes();
      const sentIn = generation;
      enqueue(async () => {
        try {
          const read = await store.count(new Map(pmsVendors.map((v) => [rateLimitKey(v), batch[v]])), RATE_LIMIT_WINDOW_SECONDS);
          if (sentIn === generation) apply(read);
        } finally {
          busy = false;
        }
      });
    },
    reseed(vendors) {
      generation++;
      pending = zeroes();
      // Judged at once on what is being written, so the very next tick follows the new scenario.
      counts = zeroes();
      for (const vendor of vendors) counts[vendor] = STUCK_RATE_LIMIT_COUNT;
      stuck = new Set(vendors);
      enqueue(async () => {
        await store.delete(pmsVendors.map(rateLimitKey));
        for (const vendor of vendors) await store.set(rateLimitKey(vendor), STUCK_RATE_LIMIT_COUNT);
      });
    },
    readCounts: () => ({ ...counts }),
    settle: () => queue,
  };
}
