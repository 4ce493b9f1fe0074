import { getEnv, parseDurationMs } from '@/lib/env';

/**
 * How long a request waits for approval; how long after a change the section is watched, how long its
 * rules must stay ok to be called recovered, and how often it is read meanwhile (as often as the pages
 * poll); how long an eviction waits for a replacement.
 */
export type ActionSettings = { approvalTtlMs: number; verifyWindowMs: number; recoveryHoldMs: number; watchPollMs: number; podWaitMs: number };

export function getActionSettings(): ActionSettings {
  const env = getEnv();
  return {
    approvalTtlMs: parseDurationMs(env.APPROVAL_TTL),
    verifyWindowMs: parseDurationMs(env.ACTION_VERIFY_WINDOW),
    recoveryHoldMs: env.ACTION_RECOVERY_HOLD ? parseDurationMs(env.ACTION_RECOVERY_HOLD) : 2 * parseDurationMs(env.SIGNAL_WINDOW),
    watchPollMs: env.POLL_INTERVAL_MS,
    podWaitMs: parseDurationMs(env.ACTION_POD_WAIT),
  };
}
