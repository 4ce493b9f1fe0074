import type { SectionStatus } from '@/lib/severity/section-status';
import type { Severity } from '@/lib/severity/types';

/** A section status for tests: ok unless told otherwise, read at `evaluatedAt`. */
export function makeStatus(id: string, severity: Severity = 'ok', overrides: Partial<SectionStatus> = {}): SectionStatus {
  const firing =
    severity === 'ok' || severity === 'unknown'
      ? null
      : { severity, description: 'ratio > 5 %', op: '>' as const, threshold: 0.05, value: 0.4, series: 'apaleo', signalId: `${id}-ratio`, signalName: 'Failure ratio' };
  return {
    id,
    title: `Section ${id}`,
    severity,
    signals: [{ id: `${id}-ratio`, name: 'Failure ratio', unit: 'ratio', severity, value: firing ? 0.4 : 0.01, series: [], firing, reason: null }],
    key: { signalId: `${id}-ratio`, name: 'Failure ratio', unit: 'ratio', value: firing ? 0.4 : 0.01, series: '' },
    sparkline: [],
    firing,
    firingSince: firing ? 1_000_000 - 12 * 60_000 : null,
    firingSinceBound: firing ? 'exact' : null,
    respondBy: firing ? 1_000_000 + 48 * 60_000 : null,
    evaluatedAt: 1_000_000,
    stale: null,
    error: null,
    ...overrides,
  };
}
