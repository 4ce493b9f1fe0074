import { describe, expect, it } from 'vitest';
import type { SectionStatus } from '@/lib/severity/section-status';
import { countBySeverity } from '@/lib/severity/order';
import { decideClientFailure, deriveLiveSection, deriveLiveSections, findOldestReading } from './live-sections';

const t0 = 1_700_000_000_000;

function makeStatus(overrides: Partial<SectionStatus> = {}): SectionStatus {
  return {
    id: 'call-failures',
    title: 'Call failures',
    severity: 'P1',
    signals: [],
    key: { signalId: 'success-rate', name: 'Call success rate', unit: 'ratio', value: 0.81, series: '' },
    sparkline: [],
    firing: { severity: 'P1', description: 'call success rate < 95 %', op: '<', threshold: 0.95, value: 0.81, series: '', signalId: 'success-rate', signalName: 'Call success rate' },
    firingSince: t0 - 600_000,
    firingSinceBound: 'exact',
    respondBy: t0 + 3_000_000,
    evaluatedAt: t0,
    stale: null,
    error: null,
    ...overrides,
  };
}

const base = { error: null, receivedAt: t0, now: t0 + 1_000, pollMs: 5_000, staleAfterMs: 20_000 };

describe('decideClientFailure', () => {
  it('reports a failing poll with its error', () => {
    expect(decideClientFailure({ ...base, error: 'HTTP 502: prometheus: connection refused' })).toBe('HTTP 502: prometheus: connection refused');
  });

  it('reports a poll that went silent, even without an error', () => {
    expect(decideClientFailure({ ...base, now: t0 + 29_000 })).toBeNull();
    expect(decideClientFailure({ ...base, now: t0 + 31_000 })).toBe('no answer from the console for over 30 s');
  });

  it('has nothing to report before the first answer or while polls succeed', () => {
    expect(decideClientFailure({ ...base, receivedAt: 0, now: t0 })).toBeNull();
    expect(decideClientFailure(base)).toBeNull();
  });
});

describe('deriveLiveSection', () => {
  it('shows a fresh status as served', () => {
    const status = makeStatus();
    expect(deriveLiveSection(status, base)).toBe(status);
  });

  it('keeps the last severity but marks it stale while the failure is recent', () => {
    const live = deriveLiveSection(makeStatus(), { ...base, error: 'console unreachable', now: t0 + 10_000 });
    expect(live.severity).toBe('P1');
    expect(live.stale).toEqual({ since: t0, error: 'console unreachable' });
  });

  it('turns unknown once there has been no good data for longer than staleAfterMs', () => {
    const live = deriveLiveSection(makeStatus(), { ...base, error: 'console unreachable', now: t0 + 25_000 });
    expect(live.severity).toBe('unknown');
    expect(live.respondBy).toBeNull();
    expect(live.error).toMatch(/console unreachable/);
  });
});

describe('deriveLiveSections', () => {
  it('re-sorts and re-counts when sections turn unknown; a stale ok is never counted ok', () => {
    const sections = [
      makeStatus({ id: 'a', title: 'A' }),
      makeStatus({ id: 'b', title: 'B', severity: 'ok', firing: null, evaluatedAt: t0 + 20_000 }),
      makeStatus({ id: 'c', title: 'C', evaluatedAt: t0 + 20_000 }),
    ];
    const { sections: live, counts } = deriveLiveSections(sections, { ...base, error: 'down', now: t0 + 30_000 });
    expect(live.map((s) => [s.id, s.severity])).toEqual([['c', 'P1'], ['a', 'unknown'], ['b', 'unknown']]);
    expect(counts).toMatchObject({ P1: 1, unknown: 2, ok: 0 });
  });

  it('counts every level, zero included', () => {
    expect(countBySeverity([])).toEqual({ P0: 0, P1: 0, P2: 0, P3: 0, unknown: 0, ok: 0 });
  });

  it('finds the oldest reading on screen', () => {
    expect(findOldestReading([makeStatus({ evaluatedAt: 5 }), makeStatus({ evaluatedAt: 3 })])).toBe(3);
    expect(findOldestReading([])).toBeNull();
  });
});
