import type { ActionRun } from '@/lib/server/store/schema';
import { isAwaitingDecision } from '@/lib/client/run-outcome';

// Shared with the section's recent runs and My requests (lib/client/run-outcome.ts).
export { describeRunOutcome, isAwaitingDecision, type RunOutcome } from '@/lib/client/run-outcome';

const HISTORY_SIZE = 50;

/** Pending requests, newest first; and the last 50 others (decided, expired, executed), latest change first. */
export function splitRuns(runs: ActionRun[], now: number): { pending: ActionRun[]; history: ActionRun[] } {
  const pending = runs.filter((run) => isAwaitingDecision(run, now)).sort((a, b) => b.requested_at - a.requested_at);
  const history = runs
    .filter((run) => !isAwaitingDecision(run, now))
    .sort((a, b) => b.updated_at - a.updated_at)
    .slice(0, HISTORY_SIZE);
  return { pending, history };
}

