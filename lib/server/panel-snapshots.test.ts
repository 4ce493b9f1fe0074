import { describe, expect, it } from 'vitest';
import { panelIntervalMs } from './panel-snapshots';

describe('how often a panel is refreshed while viewed', () => {
  const demo = { POLL_INTERVAL_MS: 2_000, UPSTREAM_CACHE_TTL_MS: 2_000 };
  it('a chart no more often than one of its points (about 120 per range) nor than the polling interval', () => {
    expect(panelIntervalMs(demo, '15m')).toBe(8_000);
    expect(panelIntervalMs(demo, '1h')).toBe(30_000);
    expect(panelIntervalMs(demo, '24h')).toBe(720_000);
    expect(panelIntervalMs({ POLL_INTERVAL_MS: 10_000, UPSTREAM_CACHE_TTL_MS: 2_000 }, '15m')).toBe(10_000);
  });
  it('a PMS panel once per polling interval, never inside the upstream cache TTL', () => {
    expect(panelIntervalMs(demo, null)).toBe(2_000);
    expect(panelIntervalMs({ POLL_INTERVAL_MS: 1_000, UPSTREAM_CACHE_TTL_MS: 5_000 }, null)).toBe(5_000);
  });
});
