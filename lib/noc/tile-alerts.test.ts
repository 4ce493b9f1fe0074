import { describe, expect, it } from 'vitest';
import { decideNocTileAlerts, formatShortAge } from './tile-alerts';

const bySection = { pms: { count: 2, acknowledgedBy: null, acknowledgedAt: null } };
const at = 1_000_000;

describe('decideNocTileAlerts', () => {
  it('shows the answer while it is current, up to and including the wall stale limit', () => {
    expect(decideNocTileAlerts({ bySection, error: null, receivedAt: at, now: at + 6_000, limitMs: 6_000 })).toEqual({ kind: 'known', bySection });
    expect(decideNocTileAlerts({ bySection, error: null, receivedAt: at, now: null, limitMs: 6_000 })).toEqual({ kind: 'known', bySection });
  });

  it('does not show old badges as current: unknown while the read fails or once the answer is past the limit', () => {
    expect(decideNocTileAlerts({ bySection, error: 'HTTP 502: bad gateway', receivedAt: at, now: at + 1_000, limitMs: 6_000 })).toEqual({ kind: 'unknown', reason: 'HTTP 502: bad gateway' });
    expect(decideNocTileAlerts({ bySection, error: null, receivedAt: at, now: at + 6_001, limitMs: 6_000 })).toEqual({ kind: 'unknown', reason: 'no answer for over 6 s' });
    expect(decideNocTileAlerts({ bySection: undefined, error: 'console unreachable', receivedAt: 0, now: at, limitMs: 6_000 }).kind).toBe('unknown');
  });

  it('shows nothing before the first answer', () => {
    expect(decideNocTileAlerts({ bySection: undefined, error: null, receivedAt: 0, now: at, limitMs: 6_000 })).toEqual({ kind: 'none' });
  });
});

describe('formatShortAge', () => {
  it('says how long ago in one short unit', () => {
    expect([0, 40_000, 60_000, 5 * 60_000 + 59_000, 3 * 3_600_000 + 1, 2 * 86_400_000 + 5, -5].map(formatShortAge)).toEqual(['0s', '40s', '1m', '5m', '3h', '2d', '0s']);
  });
});
