import { getEnv, parseDurationMs } from '@/lib/env';

export type ActionSettings = { approvalTtlMs: number; verifyWindowMs: number; podWaitMs: number };

/** How long a request waits for approval, and how long after a change the section is watched for recovery. */
export function getActionSettings(): ActionSettings {
  const env = getEnv();
  return { approvalTtlMs: parseDurationMs(env.APPROVAL_TTL), verifyWindowMs: parseDurationMs(env.ACTION_VERIFY_WINDOW), podWaitMs: parseDurationMs(env.ACTION_POD_WAIT) };
}
