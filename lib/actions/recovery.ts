import type { Comparison } from '@/lib/catalog/schema';
import type { Severity } from '@/lib/severity/types';

/**
 * Whether a section recovered after a change, judged once from the readings the section page shows
 * (lib/server/section-status-service.ts): recovered when its rules stayed ok for a hold (a single ok
 * reading is not a recovery; `unknown` breaks the hold), not recovered when the watch window ended first,
 * and nothing to judge when the section was not firing when the action ran (or could not be read then and was
 * never seen firing after). Pure.
 */

export type Reading = { at: number; severity: Severity; firing: { signal: string; value: number; op: Comparison; threshold: number } | null };

export type VerdictState = 'recovered' | 'not-recovered' | 'no-change-needed';

export type Verdict = {
  state: VerdictState;
  /** When it was judged (epoch ms). */
  at: number;
  evidence: {
    /** The section when the action ran. */
    baseline: Reading;
    /** The readings it was judged on, oldest first (the last ones when there were many). */
    readings: Reading[];
    /** The ok run that made a recovery: its first and last reading. */
    okFrom?: number;
    okUntil?: number;
    holdMs: number;
    windowMs: number;
  };
};

export type JudgeTiming = { finishedAt: number; windowMs: number; holdMs: number; now: number };

const EVIDENCE_READINGS = 20;
const isFiringSeverity = (severity: Severity) => severity !== 'ok' && severity !== 'unknown';

export function judgeRecovery(baseline: Reading, readings: readonly Reading[], { finishedAt, windowMs, holdMs, now }: JudgeTiming): Verdict | null {
  const evidence = { baseline, readings: readings.slice(-EVIDENCE_READINGS), holdMs, windowMs };
  if (baseline.severity === 'ok') return { state: 'no-change-needed', at: baseline.at, evidence };
  // The latest run of ok readings, unbroken by a firing or unknown one.
  let okFrom: number | null = null;
  for (const reading of readings) okFrom = reading.severity === 'ok' ? (okFrom ?? reading.at) : null;
  const last = readings.at(-1);
  if (okFrom !== null && last && last.at - okFrom >= holdMs) {
    // Unreadable when the action ran: a recovery needs the section seen firing before its ok hold; ok throughout
    // is "nothing to judge", never "recovered" (issue 15 point 3: a scale on an ok section was called recovered).
    const start = okFrom;
    if (baseline.severity === 'unknown' && !readings.some((r) => r.at < start && isFiringSeverity(r.severity))) return { state: 'no-change-needed', at: last.at, evidence: { ...evidence, okFrom, okUntil: last.at } };
    return { state: 'recovered', at: last.at, evidence: { ...evidence, okFrom, okUntil: last.at } };
  }
  if (now >= finishedAt + windowMs) return { state: 'not-recovered', at: now, evidence };
  return null;
}

/**
 * What a run's page and dialog show about recovery: the stored verdict (with the section's severity now,
 * so a section firing again is said, and the dialog and the page never disagree), the watch while it is
 * not judged yet, or that there is nothing to watch (the change was not made).
 */
export type RunVerification =
  | { state: 'not-run' }
  | { state: 'watching'; severity: Severity; until: number; holdMs: number }
  | { state: VerdictState; severity: Severity; judgedAt: number; evidence: Verdict['evidence'] }
  | { state: 'not-judged'; severity: Severity; until: number };

/** The verification of a run from what is stored: a verdict is shown as judged, never judged again here. */
export function describeVerification(run: { status: string; verdict: string | null; result: string | null }, severityNow: Severity, windowMs: number, holdMs: number, now: number): RunVerification {
  if (run.status !== 'succeeded') return { state: 'not-run' };
  if (run.verdict) {
    const verdict = JSON.parse(run.verdict) as Verdict;
    return { state: verdict.state, severity: severityNow, judgedAt: verdict.at, evidence: verdict.evidence };
  }
  const finishedAt = (JSON.parse(run.result ?? '{}') as { finishedAt?: number }).finishedAt ?? now;
  const until = finishedAt + windowMs;
  // The watcher records a verdict at the end of the window at the latest; long after it, none will come.
  if (now > until + NOT_JUDGED_AFTER_MS) return { state: 'not-judged', severity: severityNow, until };
  return { state: 'watching', severity: severityNow, until, holdMs };
}

const NOT_JUDGED_AFTER_MS = 2 * 60_000;

/** A section evaluation (what the page shows) as one reading. */
export function readingOf(status: { severity: Severity; firing: { signalId: string; value: number; op: Comparison; threshold: number } | null }, at: number): Reading {
  return { at, severity: status.severity, firing: status.firing ? { signal: status.firing.signalId, value: status.firing.value, op: status.firing.op, threshold: status.firing.threshold } : null };
}
