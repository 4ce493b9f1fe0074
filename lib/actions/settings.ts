import { getEnv, parseDurationMs } from '@/lib/env';

export type ActionSettings = { approvalTtlMs: number; verifyWindowMs: number };

/** How long a request waits for approval, and how long after a change the section is watched for recovery. */
export function getActionSettings(): ActionSettings {
  const env = getEnv() as ReturnType<typeof getEnv> & { APPROVAL_TTL?: string; ACTION_VERIFY_WINDOW?: string };
  return { approvalTtlMs: parseDurationMs(env.APPROVAL_TTL ?? '15m'), verifyWindowMs: parseDurationMs(env.ACTION_VERIFY_WINDOW ?? '5m') };
}
