import { describe, expect, it } from 'vitest';
import { readBreakerState, summarizeVendorTraffic } from './vendor-traffic';

describe('summarizeVendorTraffic', () => {
  it('gives each vendor its rate, outcome shares and p95', () => {
    const requests = [
      { labels: { vendor: 'apaleo', outcome: 'ok' }, value: 6 },
      { labels: { vendor: 'apaleo', outcome: 'error' }, value: 2 },
      { labels: { vendor: 'apaleo', outcome: 'timeout' }, value: 2 },
      { labels: { vendor: 'mews', outcome: 'ok' }, value: 0 },
    ];
    const latency = [
      { labels: { vendor: 'apaleo' }, value: 1.25 },
      { labels: { vendor: 'mews' }, value: Number.NaN },
    ];
    const summary = summarizeVendorTraffic(requests, latency, ['apaleo', 'mews', 'opera']);
    expect(summary.get('apaleo')).toEqual({ requestsPerSecond: 10, errorRatio: 0.2, timeoutRatio: 0.2, unauthorizedRatio: 0, latencyP95Seconds: 1.25 });
    expect(summary.get('mews')).toEqual({ requestsPerSecond: 0, errorRatio: null, timeoutRatio: null, unauthorizedRatio: null, latencyP95Seconds: null });
    expect(summary.get('opera')?.requestsPerSecond).toBe(0);
  });
});

describe('readBreakerState', () => {
  it('reads 0/1/2 and calls anything else unknown', () => {
    expect([0, 1, 2, 3].map((value) => readBreakerState([{ labels: {}, value }]))).toEqual(['closed', 'half-open', 'open', 'unknown']);
    expect(readBreakerState([])).toBe('unknown');
  });
});
