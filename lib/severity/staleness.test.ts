import { describe, expect, it } from 'vitest';
import type { SectionStatus } from './section-status';
import { isExpired, markStale, showStaleSeverity } from './staleness';

const last: SectionStatus = {
  id: 'call-failures', title: 'Call failures', severity: 'P1', signals: [],
  key: { signalId: 's', name: 'Call success rate', unit: 'ratio', value: 0.8, series: '' },
  sparkline: [], firing: { severity: 'P1', description: 'x', op: '<', threshold: 0.95, value: 0.8, series: '', signalId: 's', signalName: 'n' },
  firingSince: 1_000, firingSinceBound: 'exact', respondBy: 3_601_000, evaluatedAt: 10_000, stale: null, error: null,
};

describe('markStale', () => {
  it('keeps the last good data, marked stale since it was read, while it is young enough', () => {
    const shown = markStale(last, 'prometheus: connection refused', 40_000, 60_000);
    expect(shown.severity).toBe('P1');
    expect(shown.stale).toEqual({ since: 10_000, error: 'prometheus: connection refused' });
  });

  it('never shows a stale ok as ok: it is unknown at once, with the last values kept', () => {
    const shown = markStale({ ...last, severity: 'ok', firing: null }, 'prometheus: connection refused', 20_000, 60_000);
    expect(shown.severity).toBe('unknown');
    expect(shown.key.value).toBe(0.8);
    expect(shown.stale?.since).toBe(10_000);
  });

  it('turns unknown (never the old colour, never ok) once the data is older than the bound', () => {
    const shown = markStale({ ...last, severity: 'ok', firing: null }, 'prometheus: connection refused', 80_000, 60_000);
    expect(shown.severity).toBe('unknown');
    expect(shown.respondBy).toBeNull();
    expect(shown.stale?.since).toBe(10_000);
    expect(shown.error).toMatch(/connection refused/);
  });
});

describe('isExpired and showStaleSeverity', () => {
  it('shows a stale signal as never ok, keeps a firing one, and makes all unknown once expired', () => {
    const fresh = { ...last };
    expect(showStaleSeverity('ok', fresh)).toBe('ok');
    const stale = markStale(last, 'down', 20_000, 60_000);
    expect(isExpired(stale)).toBe(false);
    expect(showStaleSeverity('ok', stale)).toBe('unknown');
    expect(showStaleSeverity('P1', stale)).toBe('P1');
    const expired = markStale(last, 'down', 80_000, 60_000);
    expect(isExpired(expired)).toBe(true);
    expect(showStaleSeverity('P1', expired)).toBe('unknown');
  });
});
