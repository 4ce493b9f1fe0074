import type { Verdict } from '@/lib/actions/recovery';
import type { ActionRun } from '@/lib/server/store/schema';

/** A request still waiting for a decision: pending and not past its expiry (the row says pending until someone touches it). */
export function isAwaitingDecision(run: Pick<ActionRun, 'status' | 'expires_at'>, now: number): boolean {
  return run.status === 'pending-approval' && (run.expires_at === null || run.expires_at > now);
}

export type RunOutcome = { label: string; glyph: string; tone: 'good' | 'bad' | 'busy' | 'neutral' };

/** A past run's outcome in a word and a glyph of its own, so it is never told by colour alone. */
export function describeRunOutcome(run: Pick<ActionRun, 'status' | 'expires_at'>, now: number): RunOutcome {
  switch (run.status) {
    case 'pending-approval':
      return isAwaitingDecision(run, now) ? { label: 'waiting', glyph: '◷', tone: 'neutral' } : { label: 'expired', glyph: '◷', tone: 'neutral' };
    case 'expired':
      return { label: 'expired', glyph: '◷', tone: 'neutral' };
    case 'rejected':
      return { label: 'rejected', glyph: '⊘', tone: 'neutral' };
    case 'void':
      return { label: 'void', glyph: '⊘', tone: 'neutral' };
    case 'cancelled':
      return { label: 'cancelled', glyph: '⊘', tone: 'neutral' };
    case 'executing':
      return { label: 'running', glyph: '▶', tone: 'busy' };
    case 'succeeded':
      return { label: 'succeeded', glyph: '✓', tone: 'good' };
    case 'failed':
      return { label: 'failed', glyph: '✕', tone: 'bad' };
    case 'interrupted':
      return { label: 'interrupted', glyph: '⚠', tone: 'bad' };
  }
}

const verdicts: Record<Verdict['state'], RunOutcome> = {
  recovered: { label: 'section recovered', glyph: '✓', tone: 'good' },
  'not-recovered': { label: 'still firing after it', glyph: '✕', tone: 'bad' },
  'no-change-needed': { label: 'no change needed to judge', glyph: '–', tone: 'neutral' },
};

/**
 * The recovery verdict stored with a succeeded run, as it was judged; null while none is (or it never ran).
 * Given the section's level now (as its severity card shows it), a recovered section that fires again says so,
 * so the list never reads "recovered ✓" beside a firing card (issue 15 point 3).
 */
export function describeRunVerdict(run: Pick<ActionRun, 'status' | 'verdict'>, severityNow?: string): RunOutcome | null {
  if (run.status !== 'succeeded' || !run.verdict) return null;
  try {
    const verdict = JSON.parse(run.verdict) as Pick<Verdict, 'state'>;
    if (verdict.state === 'recovered' && severityNow && /^P[0-3]$/.test(severityNow)) return { label: `section recovered, fires again now (${severityNow})`, glyph: '✕', tone: 'bad' };
    return verdicts[verdict.state] ?? null;
  } catch {
    return { label: 'verdict unreadable', glyph: '?', tone: 'neutral' };
  }
}
