import { describe, expect, it } from 'vitest';
import { createClockedEstate, type Series } from '../clocked-estate';
import { judgePmsVendor } from '../pms/health';
import { pmsVendors } from '../topology';
import { PMS_RATE_LIMIT_PER_MINUTE, rateLimitKey, STUCK_RATE_LIMIT_COUNT } from './limiter';
import { createMemoryRateLimitStore, type RateLimitStore } from './store';

const apaleo = (outcome: string): Series => ['voicehive_pms_requests_total', { vendor: 'apaleo', outcome }];
const vendorLimited: Series = ['voicehive_rate_limited_total', { scope: 'vendor' }];

describe('the in-memory rate-limit store', () => {
  it('behaves as Redis: INCRBY opens a 60 s window on a new key only, SET has no expiry, keys lapse on the clock', async () => {
    let now = 0;
    const store = createMemoryRateLimitStore({ now: () => now });
    expect(await store.count(new Map([['k', 5]]), 60)).toEqual(new Map([['k', 5]]));
    expect(await store.ttl('k')).toBe(60);
    now += 30_000;
    expect(await store.count(new Map([['k', 3], ['absent', 0]]), 60)).toEqual(new Map([['k', 8], ['absent', 0]]));
    expect(await store.ttl('k')).toBe(30); // an existing window keeps its expiry
    now += 30_000;
    expect(await store.get('k')).toBeNull();
    expect(await store.ttl('k')).toBe(-2);
    await store.set('stuck', 9000);
    expect(await store.ttl('stuck')).toBe(-1);
    expect(await store.count(new Map([['stuck', 1]]), 60)).toEqual(new Map([['stuck', 9001]]));
    expect(await store.ttl('stuck')).toBe(-1); // INCRBY did not create it: still no expiry
    expect(await store.delete(['stuck', 'absent'])).toBe(1);
  });
});

describe('the connectors’ PMS rate limiter', () => {
  it('keeps healthy peak traffic well under the limit, in windows of 60 s', async () => {
    const sim = createClockedEstate();
    const [refused] = await sim.increase(180, vendorLimited);
    expect(refused).toBeLessThan(60); // only the API model's few vendor-scope 429s
    for (const vendor of pmsVendors) {
      expect(sim.estate.pmsLimiter.isLimited(vendor)).toBe(false);
      const count = (await sim.estate.rateLimits.get(rateLimitKey(vendor))) ?? 0;
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(PMS_RATE_LIMIT_PER_MINUTE * 0.6);
      const ttl = await sim.estate.rateLimits.ttl(rateLimitKey(vendor));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
    }
  });

  it('pms-rate-limited: apaleo’s stuck key refuses every apaleo call until it is deleted', async () => {
    const sim = createClockedEstate();
    await sim.advance(5);
    sim.estate.setScenario('pms-rate-limited');
    await sim.estate.pmsLimiter.settle();
    const { rateLimits } = sim.estate;
    expect(await rateLimits.get('ratelimit:apaleo')).toBe(STUCK_RATE_LIMIT_COUNT);
    expect(await rateLimits.ttl('ratelimit:apaleo')).toBe(-1);

    const [ok, errors, limited, mewsOk] = await sim.increase(10, apaleo('ok'), apaleo('error'), vendorLimited, ['voicehive_pms_requests_total', { vendor: 'mews', outcome: 'ok' }]);
    expect(ok).toBe(0);
    expect(errors).toBeGreaterThan(100);
    expect(limited).toBeGreaterThanOrEqual(errors);
    expect(limited).toBeLessThan(errors + 10);
    expect(mewsOk).toBeGreaterThan(100);
    // Stuck for good: the INCRBYs never created the key, so it never got an expiry.
    expect(await rateLimits.ttl('ratelimit:apaleo')).toBe(-1);
    expect(await rateLimits.get('ratelimit:apaleo')).toBeGreaterThan(STUCK_RATE_LIMIT_COUNT);
    // The vendor is fine; only our limiter refuses: its health endpoint stays ok.
    expect(judgePmsVendor(sim.estate.getConditions().pmsFailure.apaleo).kind).toBe('ok');

    expect(await rateLimits.delete(['ratelimit:apaleo'])).toBe(1); // the console's "Clear rate limit"
    await sim.advance(2);
    const ttl = await rateLimits.ttl('ratelimit:apaleo');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    expect(await rateLimits.get('ratelimit:apaleo')).toBeLessThan(PMS_RATE_LIMIT_PER_MINUTE);
    expect(sim.estate.getRemedies()).toContainEqual({ kind: 'redis-del', key: 'ratelimit:apaleo' });
    expect(sim.estate.getConditions().pmsRateLimitStuck).toEqual([]);
    const [healedOk, healedErrors, healedLimited] = await sim.increase(10, apaleo('ok'), apaleo('error'), vendorLimited);
    expect(healedOk).toBeGreaterThan(100);
    expect(healedErrors).toBeLessThanOrEqual(2);
    expect(healedLimited).toBeLessThan(5);
  });

  it('a scenario switch clears the stuck key: the next scenario starts with fresh windows', async () => {
    const sim = createClockedEstate({ scenario: 'pms-rate-limited' });
    await sim.advance(3);
    expect(sim.estate.pmsLimiter.isLimited('apaleo')).toBe(true);
    sim.estate.setScenario('healthy');
    expect(sim.estate.pmsLimiter.isLimited('apaleo')).toBe(false);
    const [errors] = await sim.increase(5, apaleo('error'));
    expect(errors).toBeLessThanOrEqual(2);
    expect(await sim.estate.rateLimits.ttl('ratelimit:apaleo')).toBeGreaterThan(0);
    expect(sim.estate.getRemedies()).toEqual([]); // the switch's DEL is not an operator's remedy
  });

  it('a failing store leaves the last counts in place and the estate ticking', async () => {
    const memory = createMemoryRateLimitStore();
    let failing = false;
    const fail = () => Promise.reject(new Error('connection refused'));
    const store: RateLimitStore = { ...memory, count: (amounts, window) => (failing ? fail() : memory.count(amounts, window)) };
    const sim = createClockedEstate({ scenario: 'pms-rate-limited', rateLimits: store });
    await sim.advance(2);
    failing = true;
    const [ok, errors] = await sim.increase(5, apaleo('ok'), apaleo('error'));
    expect(ok).toBe(0);
    expect(errors).toBeGreaterThan(30);
    expect(sim.estate.pmsLimiter.readCounts().apaleo).toBeGreaterThan(STUCK_RATE_LIMIT_COUNT);
  });
});
