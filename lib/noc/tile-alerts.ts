import type { SectionAlertSummary } from '@/lib/alerts/present';
import { formatDuration } from '@/lib/format';

/**
 * What the tiles show of the alerts (a second source, read beside the sections): nothing before the
 * first answer, the answer while it is current, and `unknown` ("alerts ?" on every tile) while the read
 * fails or once the last good answer is older than the wall's stale limit: old badges are not shown
 * as if they were current.
 */
export type NocTileAlertsState =
  | { kind: 'none' }
  | { kind: 'known'; bySection: Record<string, SectionAlertSummary> }
  | { kind: 'unknown'; reason: string };

type Input = {
  bySection: Record<string, SectionAlertSummary> | undefined;
  /** Why the latest read failed, or null. */
  error: string | null;
  /** When this browser received the last good answer (its own clock; 0 when never). */
  receivedAt: number;
  /** This browser's clock, null on the server. */
  now: number | null;
  /** NOC_STALE_INTERVALS × the polling interval: the wall's one staleness rule. */
  limitMs: number;
};

export function decideNocTileAlerts({ bySection, error, receivedAt, now, limitMs }: Input): NocTileAlertsState {
  if (error !== null) return { kind: 'unknown', reason: error };
  if (!bySection) return { kind: 'none' };
  if (now !== null && now - receivedAt > limitMs) return { kind: 'unknown', reason: `no answer for over ${formatDuration(limitMs)}` };
  return { kind: 'known', bySection };
}

/** "40s", "5m", "3h", "2d": an acknowledgement's age, short enough for a tile's top row at 80 tiles. */
export function formatShortAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}
