import { formatClock } from '@/lib/format';
import { readRunMessage } from './action-format';
import type { RunStatusResponse } from './action-api';

export type RunViewState = 'pending-approval' | 'rejected' | 'expired' | 'void' | 'cancelled' | 'running' | 'rolling-out' | 'rollout-failed' | 'superseded' | 'watching' | 'recovered' | 'not-recovered' | 'no-change-needed' | 'not-judged' | 'failed' | 'interrupted';
export type RunTone = 'wait' | 'busy' | 'good' | 'bad';

/** A run's state for people: one line with its own glyph (never colour alone) and an optional second line. */
export type RunView = { state: RunViewState; glyph: string; text: string; detail: string | null; tone: RunTone };

const hhmm = (at: number) => formatClock(at).slice(0, 5);

const finalVerdicts = new Set(['recovered', 'not-recovered', 'no-change-needed', 'not-judged']);
const isFiring = (severity: string) => /^P[0-3]$/.test(severity);
const holdWords = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`);

/** The page stops polling once nothing more can change: ended without running, failed, or judged recovered or not. */
export function shouldKeepFollowing(data: RunStatusResponse | undefined): boolean {
  if (!data) return true;
  const { status } = data.run;
  if (status === 'rejected' || status === 'expired' || status === 'void' || status === 'cancelled' || status === 'failed' || status === 'interrupted') return false;
  if (status === 'succeeded') return !finalVerdicts.has(data.verification.state);
  return true;
}

/** What follows a change: a rollout on Kubernetes, the key itself in Redis, the service's own status endpoint. */
function progressWord(kind: string): string {
  if (kind.startsWith('redis-')) return 'Redis';
  if (kind === 'http-post') return 'Service';
  if (kind === 'create-job-from-cronjob') return 'Job';
  if (kind === 'delete-pods') return 'Pods';
  return 'Rollout';
}

/** The verdict as it was judged, and, when the section fires again since, that too: the dialog never contradicts the page. */
function describeVerdict(verification: RunStatusResponse['verification'], message: string | null, severityNow?: string): RunView | null {
  const now = severityNow ?? ('severity' in verification ? verification.severity : 'unknown');
  const firingAgain = isFiring(now) ? ` The section fires again now (${now}): see its page.` : '';
  switch (verification.state) {
    case 'recovered': {
      const { okFrom, okUntil, holdMs } = verification.evidence;
      const held = okFrom !== undefined && okUntil !== undefined ? `ok from ${hhmm(okFrom)} to ${hhmm(okUntil)}, held ${holdWords(holdMs)}` : `ok for ${holdWords(holdMs)}`;
      // Never a bare "recovered ✓" beside a severity card that fires: the headline says both (issue 15 point 3).
      const text = firingAgain ? `Recovered at ${hhmm(verification.judgedAt)}, but the section fires again now (${now}) ✕` : `Section recovered ✓ (judged ${hhmm(verification.judgedAt)})`;
      return { state: 'recovered', glyph: '', text, detail: `${message ? `${message}. ` : ''}${held}.${firingAgain}`, tone: firingAgain ? 'bad' : 'good' };
    }
    case 'not-recovered': {
      const last = verification.evidence.readings.at(-1);
      const text = last?.severity === 'unknown' ? 'Not recovered: the section could not be read at the end of the verification window ✕' : 'Still firing after the verification window ✕';
      return { state: 'not-recovered', glyph: '', text, detail: `At ${hhmm(verification.judgedAt)} the section was ${last?.severity ?? 'unknown'}. Continue with the next step or escalate.`, tone: 'bad' };
    }
    case 'no-change-needed': {
      const unread = verification.evidence.baseline.severity === 'unknown';
      const text = unread ? 'No change needed to judge: the section could not be read when this ran and was not seen firing after' : 'No change needed to judge: the section was not firing when this ran';
      return { state: 'no-change-needed', glyph: '–', text, detail: `${message ?? ''}${firingAgain}`.trim() || null, tone: firingAgain ? 'bad' : 'wait' };
    }
    case 'not-judged':
      return { state: 'not-judged', glyph: '?', text: 'Recovery not judged: the console was not watching when the window ended', detail: `${message ?? ''}${firingAgain}`.trim() || null, tone: 'wait' };
    default:
      return null;
  }
}

function describeSucceeded({ run, progress, verification }: RunStatusResponse, severityNow?: string): RunView {
  const message = readRunMessage(run.result);
  const word = progressWord(run.kind);
  const verdict = describeVerdict(verification, message, severityNow);
  if (verdict) return verdict;
  if (progress?.state === 'superseded') return { state: 'superseded', glyph: '↷', text: `Superseded: ${progress.message}`, detail: message, tone: 'wait' };
  if (progress?.state === 'failed') return { state: 'rollout-failed', glyph: '✕', text: `${word === 'Rollout' || word === 'Job' ? `${word} failed` : `${word}: check failed`}: ${progress.message}`, detail: message, tone: 'bad' };
  const until = verification.state === 'watching' ? ` until ${hhmm(verification.until)}` : '';
  const now = verification.state === 'watching' ? (severityNow ?? verification.severity) : 'unknown';
  const hold = verification.state === 'watching' ? ` (recovered once ok holds for ${holdWords(verification.holdMs)})` : '';
  // What the upstream answered (a Redis reply, a service's response) stays on screen while the section is watched.
  const watching = `${message ? `${message}. ` : ''}Watching the section${until}: now ${now}${hold}`;
  if (progress?.state === 'in-progress') return { state: 'rolling-out', glyph: '↻', text: `${word}: ${progress.message}`, detail: watching, tone: 'busy' };
  // The change itself is done (✓); what is still going on is the watch on the section, said as such.
  if (progress?.state === 'complete') return { state: 'watching', glyph: '✓', text: `${word}: ${progress.message} — watching the section for recovery`, detail: watching, tone: 'busy' };
  return { state: 'watching', glyph: '◔', text: progress ? `${word}: ${progress.message}` : (message ?? 'Done'), detail: watching, tone: 'busy' };
}

/**
 * What a run is doing now, from GET /api/actions/runs/<id>; `now` only decides whether a pending request has lapsed.
 * `severityNow` is the section's level as its page's severity card shows it (the same live query), so the run's
 * words and the card never disagree; without it, the level the run's own answer carried.
 */
export function describeRunStatus(data: RunStatusResponse, now: number, severityNow?: string): RunView {
  const { run } = data;
  const message = readRunMessage(run.result);
  switch (run.status) {
    case 'pending-approval':
      if (run.expires_at !== null && now >= run.expires_at) {
        return { state: 'expired', glyph: '◷', text: `No approver decided in time (expired ${hhmm(run.expires_at)})`, detail: 'Ask again if it is still needed.', tone: 'bad' };
      }
      return { state: 'pending-approval', glyph: '◷', text: `Waiting for approval by another approver${run.expires_at === null ? '' : ` (expires ${hhmm(run.expires_at)})`}`, detail: null, tone: 'wait' };
    case 'rejected':
      return { state: 'rejected', glyph: '⊘', text: `Rejected${run.decided_by ? ` by ${run.decided_by}` : ''}`, detail: run.decision_comment, tone: 'bad' };
    case 'void':
      return { state: 'void', glyph: '⊘', text: 'Void: not run', detail: message ?? 'The requester may no longer ask for this action. Ask again if it is still needed.', tone: 'bad' };
    case 'expired':
      return { state: 'expired', glyph: '◷', text: 'Expired before it ran', detail: message ?? 'No approver decided in time. Ask again if it is still needed.', tone: 'bad' };
    case 'cancelled':
      return { state: 'cancelled', glyph: '⊘', text: `Cancelled by ${run.decided_by ?? 'the requester'} before anyone decided: not run`, detail: run.decision_comment, tone: 'wait' };
    case 'executing':
      return { state: 'running', glyph: '▶', text: 'Running…', detail: run.decided_by ? `Approved by ${run.decided_by}` : null, tone: 'busy' };
    case 'failed':
      return { state: 'failed', glyph: '✕', text: `Failed: ${message ?? 'no reason was recorded'}`, detail: null, tone: 'bad' };
    case 'interrupted':
      return { state: 'interrupted', glyph: '⚠', text: `Interrupted: ${message ?? 'the replica running it stopped'}`, detail: 'Check the target before asking again: the change may or may not have been applied.', tone: 'bad' };
    case 'succeeded':
      return describeSucceeded(data, severityNow);
  }
}
