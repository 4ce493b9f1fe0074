import { describe, expect, it } from 'vitest';
import type { OverviewResponse } from '@/lib/api/types';
import { deriveNocView, type NocViewInput } from './noc-view';
import { makeStatus } from './test-status';

// The server's clock says 1_000_000 when it answers; this browser's clock is 5 minutes ahead.
const SKEW = 300_000;
const response: OverviewResponse = {
  generatedAt: 1_000_000,
  sections: [makeStatus('redis'), makeStatus('pms', 'P1'), makeStatus('disk', 'P3')],
  counts: { P0: 0, P1: 1, P2: 0, P3: 1, unknown: 0, ok: 1 },
};
const input = (overrides: Partial<NocViewInput>): NocViewInput => ({
  response,
  receivedAt: 1_000_000 + SKEW,
  now: 1_000_000 + SKEW,
  problem: null,
  pollMs: 2_000,
  staleIntervals: 3,
  staleAfterMs: 10_000,
  ...overrides,
});

describe('deriveNocView', () => {
  it('orders worst first and counts ages on the server clock, whatever this browser clock says', () => {
    const view = deriveNocView(input({ now: 1_000_000 + SKEW + 1_500 }));
    expect(view.sections.map((s) => s.id)).toEqual(['pms', 'disk', 'redis']);
    expect(view.serverNow).toBe(1_001_500);
    expect(view.lastUpdateAt).toBe(1_000_000 + SKEW);
    expect(view.staleness).toEqual({ stale: false, ageMs: 1_500, limitMs: 6_000 });
    expect(view.staleReason).toBeNull();
    expect(view.counts.P1).toBe(1);
  });

  it('goes stale after the configured intervals without an answer: ok turns unknown, firing keeps its level, then all unknown', () => {
    const stale = deriveNocView(input({ now: 1_000_000 + SKEW + 7_000, problem: 'console unreachable (Failed to fetch)' }));
    expect(stale.staleness.stale).toBe(true);
    expect(stale.staleReason).toBe('console unreachable (Failed to fetch)');
    expect(stale.sections.map((s) => [s.id, s.severity])).toEqual([['pms', 'P1'], ['disk', 'P3'], ['redis', 'unknown']]);
    expect(stale.sections.every((s) => s.stale?.since === 1_000_000)).toBe(true);

    const expired = deriveNocView(input({ now: 1_000_000 + SKEW + 11_000 }));
    expect(expired.staleReason).toMatch(/no answer from the console for over 6 s/);
    expect(expired.sections.every((s) => s.severity === 'unknown')).toBe(true);
  });

  it('goes stale when the server marked every section stale: an upstream outage ages the wall too', () => {
    const prometheusDown = { since: 992_000, error: 'prometheus: connection refused' };
    const upstreamDown: OverviewResponse = {
      ...response,
      sections: [makeStatus('redis', 'unknown', { evaluatedAt: 992_000, stale: prometheusDown }), makeStatus('pms', 'P1', { evaluatedAt: 992_000, stale: prometheusDown })],
    };
    const view = deriveNocView(input({ response: upstreamDown }));
    expect(view.lastUpdateAt).toBe(1_000_000 + SKEW - 8_000);
    expect(view.staleness.stale).toBe(true);
    expect(view.staleReason).toBe('prometheus: connection refused');
  });

  it('stays fresh when only one section fails: that tile is marked stale, the rest of the wall is not', () => {
    const oneFailing: OverviewResponse = {
      ...response,
      sections: [makeStatus('redis', 'unknown', { evaluatedAt: 900_000, stale: { since: 900_000, error: 'query redis-up failed' } }), makeStatus('pms', 'P1'), makeStatus('disk', 'P3')],
    };
    // Long after the failing section's reading, yet within a poll of the others.
    const view = deriveNocView(input({ response: oneFailing, now: 1_000_000 + SKEW + 1_000 }));
    expect(view.lastUpdateAt).toBe(1_000_000 + SKEW);
    expect(view.staleness).toEqual({ stale: false, ageMs: 1_000, limitMs: 6_000 });
    expect(view.staleReason).toBeNull();
    expect(view.sections.map((s) => [s.id, s.severity, s.stale?.error ?? null])).toEqual([
      ['pms', 'P1', null],
      ['disk', 'P3', null],
      ['redis', 'unknown', 'query redis-up failed'],
    ]);
  });

  it('has nothing to be stale about before the first answer', () => {
    const view = deriveNocView(input({ response: null, receivedAt: 0, problem: 'HTTP 502: bad gateway' }));
    expect(view).toMatchObject({ sections: [], lastUpdateAt: null, serverNow: null, staleReason: null, staleness: { stale: false, ageMs: null } });
  });
});
