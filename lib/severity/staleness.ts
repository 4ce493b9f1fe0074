import type { SectionStatus } from './section-status';

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
