import { describe, expect, it } from 'vitest';
import type { PmsPanelReport, PmsVendorTile } from './panel-report';
import { decideTileVerdict, describeBreaker, describeRateLimit, describeTraffic } from './tile-lines';

const traffic = { requestsPerSecond: 10, errorRatio: 0.2, timeoutRatio: 0.2, unauthorizedRatio: 0, latencyP95Seconds: 1.2 };

describe('vendor tile lines', () => {
  it('flags a vendor over the 5 % failure line, and says when Prometheus could not be read', () => {
    expect(describeTraffic(traffic, null, '5m')).toEqual({ text: expect.stringMatching(/calls · errors 20.* · timeouts 20.* · p95 .*\(last 5m\)$/), alarm: true });
    expect(describeTraffic({ ...traffic, errorRatio: 0.01, timeoutRatio: 0.01 }, null, '5m').alarm).toBe(false);
    expect(describeTraffic({ ...traffic, errorRatio: 0, timeoutRatio: 0, unauthorizedRatio: 1 }, null, '5m')).toEqual({ text: expect.stringMatching(/unauthorized 100/), alarm: true });
    expect(describeTraffic(null, 'prometheus: connection refused', '5m')).toEqual({ text: 'calls: unknown (prometheus: connection refused)', alarm: false });
  });

  it('shows the rate-limit key with its value and TTL, and calls out one that never expires', () => {
    const key = 'ratelimit:apaleo';
    expect(describeRateLimit({ key, state: { key, exists: true, type: 'string', value: '57', truncated: false, ttlSeconds: 43 }, error: null })).toEqual({ text: 'ratelimit:apaleo = "57", resets in 43 s', alarm: false });
    expect(describeRateLimit({ key, state: { key, exists: true, type: 'string', value: '999999', truncated: false, ttlSeconds: null }, error: null })).toEqual({ text: 'ratelimit:apaleo = "999999", no expiry: it never resets by itself', alarm: true });
    expect(describeRateLimit({ key, state: { key, exists: false, type: null, value: null, truncated: false, ttlSeconds: null }, error: null })?.text).toBe('ratelimit:apaleo: not set');
    expect(describeRateLimit({ key, state: null, error: 'Redis is not configured (set REDIS_URL)' })?.text).toBe('ratelimit:apaleo: unknown (Redis is not configured (set REDIS_URL))');
  });

  it('names the breaker state, never calling an unreadable one closed', () => {
    expect(describeBreaker({ name: 'pms_connector', state: 'open', error: null })).toEqual({ text: 'connector breaker pms_connector: open: calls fail fast', alarm: true });
    expect(describeBreaker({ name: 'pms_connector', state: 'unknown', error: 'prometheus: timeout' })?.text).toBe('connector breaker pms_connector: unknown (prometheus: timeout)');
  });
});

describe('decideTileVerdict', () => {
  const report: PmsPanelReport = { configured: true, intervalMs: 30_000, window: '5m', vendors: [], trafficError: null, breaker: { name: 'pms_connector', state: 'closed', error: null } };
  const tile = (overrides: Partial<PmsVendorTile>): PmsVendorTile =>
    ({ vendor: 'apaleo', state: 'up', httpStatus: 200, latencyMs: 20, history: [], traffic: { ...traffic, errorRatio: 0, timeoutRatio: 0 }, rateLimit: null, statusPage: null, ...overrides }) as PmsVendorTile;

  it("is the probe's state while the calls are fine", () => {
    expect(decideTileVerdict(tile({}), report)).toBe('up');
    expect(decideTileVerdict(tile({ state: 'degraded' }), report)).toBe('degraded');
    expect(decideTileVerdict(tile({ state: 'down', traffic }), report)).toBe('down');
  });

  it('says calls are failing when the vendor is up but our calls to it are not', () => {
    expect(decideTileVerdict(tile({ traffic }), report)).toBe('failing');
    const key = 'ratelimit:apaleo';
    expect(decideTileVerdict(tile({ rateLimit: { key, state: { key, exists: true, type: 'string', value: '9000', truncated: false, ttlSeconds: null }, error: null } }), report)).toBe('failing');
    expect(decideTileVerdict(tile({}), { ...report, breaker: { name: 'pms_connector', state: 'open', error: null } })).toBe('failing');
  });

  it('is not up while our calls to the vendor cannot be read', () => {
    expect(decideTileVerdict(tile({ traffic: null }), { ...report, trafficError: 'prometheus: connection refused' })).toBe('unknown');
    expect(decideTileVerdict(tile({ traffic: null, state: 'down' }), { ...report, trafficError: 'prometheus: connection refused' })).toBe('down');
  });
});
