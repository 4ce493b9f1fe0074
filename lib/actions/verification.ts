import type { Severity } from '@/lib/severity/types';

export type Verification = { state: 'waiting' | 'watching' | 'recovered' | 'not-recovered'; severity: Severity; until: number | null };

/**
 * Whether the section recovered after the change: watched for a window after the run finished. `ok` at
 * any look is recovered; still firing once the window is over is not; `unknown` is never called recovered.
 */
export function judgeRecovery(run: { status: string; finishedAt: number | null }, severity: Severity, windowMs: number, now: number): Verification {
  if (run.status !== 'succeeded' || run.finishedAt === null) return { state: 'waiting', severity, until: null };
  const until = run.finishedAt + windowMs;
  if (severity === 'ok') return { state: 'recovered', severity, until };
  return { state: now < until ? 'watching' : 'not-recovered', severity, until };
}
