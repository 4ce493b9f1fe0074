import type { ActionRun } from '@/lib/server/store/schema';

const HISTORY_SIZE = 50;

/** A request still waiting for a decision: pending and not past its expiry (the row says pending until someone touches it). */
export function isAwaitingDecision(run: ActionRun, now: number): boolean {
  return run.status === 'pending-approval' && (run.expires_at === null || run.expires_at > now);
}

/** Pending requests, newest first; and the last 50 others (decided, expired, executed), latest change first. */
export function splitRuns(runs: ActionRun[], now: number): { pending: ActionRun[]; history: ActionRun[] } {
  const pending = runs.filter((run) => isAwaitingDecision(run, now)).sort((a, b) => b.requested_at - a.requested_at);
  const history = runs
    .filter((run) => !isAwaitingDecision(run, now))
    .sort((a, b) => b.updated_at - a.updated_at)
    .slice(0, HISTORY_SIZE);
  return { pending, history };
}

export type RunOutcome = { label: string; glyph: string; tone: 'good' | 'bad' | 'busy' | 'neutral' };

/** A past run's outcome in a word and a glyph of its own, so it is never told by colour alone. */
export function describeRunOutcome(run: ActionRun, now: number): RunOutcome {
  switch (run.status) {
    case 'pending-approval':
      return isAwaitingDecision(run, now) ? { label: 'waiting', glyph: '◷', tone: 'neutral' } : { label: 'expired', glyph: '◷', tone: 'neutral' };
    case 'expired':
      return { label: 'expired', glyph: '◷', tone: 'neutral' };
    case 'rejected':
      return { label: 'rejected', glyph: '⊘', tone: 'neutral' };
    case 'void':
      return { label: 'void', glyph: '⊘', tone: 'neutral' };
    case 'executing':
      return { label: 'running', glyph: '▶', tone: 'busy' };
    case 'succeeded':
      return { label: 'succeeded', glyph: '✓', tone: 'good' };
    case 'failed':
      return { label: 'failed', glyph: '✕', tone: 'bad' };
  }
}
