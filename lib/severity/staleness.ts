import type { SectionStatus } from './section-status';

/**
 * What to show when the upstream fails: the last good reading, marked stale with its age, while it is
 * younger than `staleAfterMs`; after that the section is `unknown` (never the old colour, never green).
 * Used by the server (Prometheus down) and by the browser (console unreachable) alike.
 */
export function markStale(last: SectionStatus, error: string, now: number, staleAfterMs: number): SectionStatus {
  const stale = { since: last.evaluatedAt, error };
  if (now - last.evaluatedAt <= staleAfterMs) return { ...last, stale };
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
