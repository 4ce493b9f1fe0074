import { ConsoleApiError } from '@/lib/client/api';

/** Reconnection pacing for a wall left alone: 1 s, 2 s, 4 s … never more than a minute apart. */
export const nocBackoff = { baseMs: 1_000, maxMs: 60_000, jitter: 0.2 } as const;

/**
 * A 4xx answers the same way again (401 ends the session, 403 and 404 are not passing), so it is not
 * retried; anything else (no answer, a 5xx, a proxy's error page while the console restarts) is
 * retried for as long as it takes.
 */
export function shouldRetryNoc(_failureCount: number, error: unknown): boolean {
  return !(error instanceof ConsoleApiError && error.status !== null && error.status >= 400 && error.status < 500);
}

/**
 * Delay before retry number `failureCount` (0 for the first), doubling up to the cap, spread by ±20 %
 * so the walls of a building do not all knock at the same instant when the console comes back.
 */
export function computeNocRetryDelay(failureCount: number, random: () => number = Math.random): number {
  const exponential = Math.min(nocBackoff.maxMs, nocBackoff.baseMs * 2 ** Math.max(0, Math.min(failureCount, 30)));
  const spread = 1 + nocBackoff.jitter * (2 * random() - 1);
  return Math.round(Math.min(nocBackoff.maxMs, exponential * spread));
}
