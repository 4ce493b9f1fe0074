import type { OverviewResponse } from '@/lib/api/types';
import { formatDuration } from '@/lib/format';
import type { SectionStatus } from '@/lib/severity/section-status';
import { countBySeverity, sortWorstFirst } from '@/lib/severity/order';
import { markStale } from '@/lib/severity/staleness';
import type { Severity } from '@/lib/severity/types';
import { decideNocStaleness, type NocStaleness } from './staleness';

export type NocViewInput = {
  /** The last good answer of GET /api/sections, or null before the first. */
  response: OverviewResponse | null;
  /** When this browser received that answer, on its own clock (0 when never). */
  receivedAt: number;
  /** This browser's clock. */
  now: number;
  /** Why the latest poll failed, or null when it did not. */
  problem: string | null;
  pollMs: number;
  staleIntervals: number;
  staleAfterMs: number;
};

export type NocView = {
  /** Worst first; marked stale (ok → unknown, then everything unknown) once the wall is stale. */
  sections: SectionStatus[];
  counts: Record<Severity, number>;
  staleness: NocStaleness;
  /** When the newest reading on screen was taken, on this browser's clock; null before the first answer. */
  lastUpdateAt: number | null;
  /** The server's clock now: firing times and deadlines are counted on it (see below); null before the first answer. */
  serverNow: number | null;
  /** Why the data on screen is old, or null while it is fresh. */
  staleReason: string | null;
};

/**
 * What the wall shows, from the last answer and the time. Ages are measured without comparing the
 * two clocks: a reading's age on the server (generatedAt − evaluatedAt) plus the time since this
 * browser received it. A TV whose clock is minutes off (or a test's fixed clock) still shows honest
 * ages, firing times and deadlines. The wall's age is its NEWEST reading's: one section whose query
 * keeps failing is marked by the server's own `stale` (its tile says so) and must not turn the whole
 * wall stale, then unknown. When every section fails (Prometheus down) they all keep their old reading
 * times, so an upstream outage still ages the wall exactly like a network outage does.
 */
export function deriveNocView({ response, receivedAt, now, problem, pollMs, staleIntervals, staleAfterMs }: NocViewInput): NocView {
  if (!response) {
    return { sections: [], counts: countBySeverity([]), staleness: decideNocStaleness(null, now, pollMs, staleIntervals), lastUpdateAt: null, serverNow: null, staleReason: null };
  }
  const elapsed = Math.max(0, now - receivedAt);
  const serverNow = response.generatedAt + elapsed;
  const newest = response.sections.length > 0 ? Math.max(...response.sections.map((s) => s.evaluatedAt)) : response.generatedAt;
  const lastUpdateAt = receivedAt - Math.max(0, response.generatedAt - newest);
  const staleness = decideNocStaleness(lastUpdateAt, now, pollMs, staleIntervals);
  const serverProblem = response.sections.find((s) => s.stale)?.stale?.error ?? null;
  const staleReason = staleness.stale ? (problem ?? serverProblem ?? `no answer from the console for over ${formatDuration(staleness.limitMs)}`) : null;
  const sections = sortWorstFirst(staleReason ? response.sections.map((s) => markStale(s, staleReason, serverNow, staleAfterMs)) : response.sections);
  return { sections, counts: countBySeverity(sections), staleness, lastUpdateAt, serverNow, staleReason };
}
