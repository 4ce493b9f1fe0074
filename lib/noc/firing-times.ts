import { formatDuration } from '@/lib/format';
import type { SectionStatus } from '@/lib/severity/section-status';

export type FiringTimes = {
  /** "firing 12 min", "firing ≥ 6 h" (held over all the history looked at), or null when not firing. */
  since: string | null;
  /** "respond in 47 min" or "overdue 5 min", or null without a deadline. */
  deadline: { text: string; overdue: boolean } | null;
};

/**
 * A section's firing time and response deadline, counted on the server's clock (`serverNow`, see
 * deriveNocView) rather than the wall's own, which may be off. Short words: they share a tile line.
 */
export function describeFiringTimes(status: Pick<SectionStatus, 'firingSince' | 'firingSinceBound' | 'respondBy'>, serverNow: number | null): FiringTimes {
  if (serverNow === null || status.firingSince === null) return { since: null, deadline: null };
  const since = `firing ${status.firingSinceBound === 'at-least' ? '≥ ' : ''}${formatDuration(serverNow - status.firingSince)}`;
  if (status.respondBy === null) return { since, deadline: null };
  const remaining = status.respondBy - serverNow;
  return { since, deadline: remaining >= 0 ? { text: `respond in ${formatDuration(remaining)}`, overdue: false } : { text: `overdue ${formatDuration(-remaining)}`, overdue: true } };
}
