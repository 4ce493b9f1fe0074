import type { SectionStatus } from './section-status';
import type { Severity } from './types';

/**
 * What to show when the upstream fails: the last good reading, marked stale with its age. A firing
 * level keeps its level while the reading is younger than `staleAfterMs` (the incident is not over
 * because the data stopped); an `ok` turns `unknown` at once, since old data cannot say a section is
 * healthy now. After `staleAfterMs` every section is `unknown`. Used by the server (Prometheus down)
 * and by the browser (console unreachable) alike.
 */
export function markStale(last: SectionStatus, error: string, now: number, staleAfterMs: number): SectionStatus {
  const stale = { since: last.evaluatedAt, error };
  if (now - last.evaluatedAt <= staleAfterMs) return { ...last, severity: last.severity === 'ok' ? 'unknown' : last.severity, stale };
  return {
    ...last,
    severity: 'unknown',
    firing: null,
    firingSince: null,
    firingSinceBound: null,
    respondBy: null,
    stale,
    error: `${error} (no good data for over ${Math.round(staleAfterMs / 1000)} s)`,
  };
}

/** Stale for longer than the bound: every state shown is unknown, the old ones are history. */
export function isExpired(status: SectionStatus): boolean {
  return status.stale !== null && status.error !== null;
}

/** The same rule as markStale, for one signal or series of a stale section: never ok, unknown once expired. */
export function showStaleSeverity(severity: Severity, section: SectionStatus): Severity {
  if (!section.stale) return severity;
  return isExpired(section) || severity === 'ok' ? 'unknown' : severity;
}
