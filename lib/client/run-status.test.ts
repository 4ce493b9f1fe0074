import { describe, expect, it } from 'vitest';
import type { ActionRun } from '@/lib/server/store/schema';
import type { RunStatusResponse } from './action-api';
import { describeRunStatus, shouldKeepFollowing } from './run-status';

const at = (h: number, m: number) => new Date(2025, 0, 1, h, m).getTime();

function makeRun(overrides: Partial<ActionRun> = {}): ActionRun {
  return {
    id: '4f8a8b4e-5c1e-4a7e-9f5d-0b1c2d3e4f50', section_id: 'call-failures', step_id: 'restart-media-agents', kind: 'rollout-restart',
    title: 'Restart media agents', target: '{}', params: '{}', reason: null, requested_by: 'olivia', requested_role: 'operator',
    requested_at: at(14, 0), idempotency_key: 'a'.repeat(32), needs_approval: 0, status: 'executing', resource_version: '1', diff: '[]',
    expires_at: null, decided_by: null, decided_at: null, decision_comment: null, result: null, updated_at: at(14, 0), warnings: null, section_severity: null, baseline: null, progress: null, verdict: null, execution_started_at: null, temporary_minutes: null, ...overrides,
  };
}

function response(run: Partial<ActionRun>, rest: Partial<Omit<RunStatusResponse, 'run'>> = {}): RunStatusResponse {
  return { run: makeRun(run), progress: null, verification: { state: 'not-run' }, ...rest };
}

const HOLD = 2 * 60_000;
const watching = (severity: 'P1' | 'P2' | 'ok', until: number) => ({ state: 'watching' as const, severity, until, holdMs: HOLD });
const reading = (at: number, severity: 'P1' | 'ok') => ({ at, severity, firing: null });
const judged = (state: 'recovered' | 'not-recovered' | 'no-change-needed', severityNow: 'P1' | 'ok', judgedAt: number, okFrom?: number) => ({
  state,
  severity: severityNow,
  judgedAt,
  evidence: { baseline: reading(at(14, 0), state === 'no-change-needed' ? 'ok' : 'P1'), readings: [reading(judgedAt, state === 'not-recovered' ? 'P1' : 'ok')], ...(okFrom ? { okFrom, okUntil: judgedAt } : {}), holdMs: HOLD, windowMs: 15 * 60_000 },
});

describe('describeRunStatus', () => {
  it('says who must act and until when while a request waits', () => {
    const view = describeRunStatus(response({ status: 'pending-approval', expires_at: at(14, 15) }), at(14, 1));
    expect(view).toMatchObject({ state: 'pending-approval', text: 'Waiting for approval by another approver (expires 14:15)' });
  });

  it('treats a pending request past its expiry as expired, whatever the row still says', () => {
    expect(describeRunStatus(response({ status: 'pending-approval', expires_at: at(14, 15) }), at(14, 16)).state).toBe('expired');
  });

  it('follows a run through running, rollout and the recovery verdict', () => {
    expect(describeRunStatus(response({ status: 'executing' }), at(14, 1)).text).toBe('Running…');
    const rolling = response({ status: 'succeeded' }, { progress: { state: 'in-progress', message: '2 of 3 pods updated' }, verification: watching('P1', at(14, 6)) });
    expect(describeRunStatus(rolling, at(14, 2))).toMatchObject({ state: 'rolling-out', text: 'Rollout: 2 of 3 pods updated', detail: 'Watching the section until 14:06: now P1 (recovered once ok holds for 2 min)' });
    // Ok now, but not for the hold yet: still watching, never "recovered" on one reading.
    expect(describeRunStatus(response({ status: 'succeeded' }, { verification: watching('ok', at(14, 6)) }), at(14, 3)).state).toBe('watching');
    const recovered = response({ status: 'succeeded' }, { verification: judged('recovered', 'ok', at(14, 5), at(14, 3)) });
    expect(describeRunStatus(recovered, at(14, 6))).toMatchObject({ state: 'recovered', text: 'Section recovered ✓ (judged 14:05)', detail: 'ok from 14:03 to 14:05, held 2 min.', tone: 'good' });
    const still = response({ status: 'succeeded' }, { verification: judged('not-recovered', 'P1', at(14, 15)) });
    expect(describeRunStatus(still, at(14, 16))).toMatchObject({ state: 'not-recovered', text: 'Still firing after the verification window ✕', detail: 'At 14:15 the section was P1. Continue with the next step or escalate.' });
  });

  it('agrees with the page: a recovered section firing again since says so, and one that was not firing is not called recovered', () => {
    const again = describeRunStatus(response({ status: 'succeeded' }, { verification: judged('recovered', 'P1', at(14, 5), at(14, 3)) }), at(14, 20));
    expect(again).toMatchObject({ state: 'recovered', tone: 'bad', detail: expect.stringContaining('The section fires again now (P1): see its page.') });
    const nothing = describeRunStatus(response({ status: 'succeeded' }, { verification: judged('no-change-needed', 'ok', at(14, 0)) }), at(14, 1));
    expect(nothing).toMatchObject({ state: 'no-change-needed', text: 'No change needed to judge: the section was not firing when this ran' });
  });

  it('says the section\'s level as the page\'s severity card shows it, not the one the run last carried (issue 15 point 3)', () => {
    // The run stopped changing once judged, and with it its own reading of the section; the card went on.
    const judgedOk = response({ status: 'succeeded' }, { verification: judged('recovered', 'ok', at(14, 5), at(14, 3)) });
    const view = describeRunStatus(judgedOk, at(14, 20), 'P1');
    expect(view).toMatchObject({ state: 'recovered', tone: 'bad', text: 'Recovered at 14:05, but the section fires again now (P1) ✕' });
    expect(view.text).not.toContain('Section recovered ✓');
    expect(describeRunStatus(judgedOk, at(14, 20), 'ok')).toMatchObject({ text: 'Section recovered ✓ (judged 14:05)', tone: 'good' });
    const watchingOk = response({ status: 'succeeded' }, { verification: watching('ok', at(14, 6)) });
    expect(describeRunStatus(watchingOk, at(14, 3), 'P2').detail).toContain('now P2');
  });

  it('an unreadable baseline or end is said as such, never as firing or as "not firing"', () => {
    const unread = judged('no-change-needed', 'ok', at(14, 5));
    const view = describeRunStatus(response({ status: 'succeeded' }, { verification: { ...unread, evidence: { ...unread.evidence, baseline: { at: at(14, 0), severity: 'unknown' as never, firing: null } } } }), at(14, 6));
    expect(view).toMatchObject({ state: 'no-change-needed', text: 'No change needed to judge: the section could not be read when this ran and was not seen firing after' });
    const still = judged('not-recovered', 'P1', at(14, 15));
    const dark = describeRunStatus(response({ status: 'succeeded' }, { verification: { ...still, evidence: { ...still.evidence, readings: [{ at: at(14, 15), severity: 'unknown' as never, firing: null }] } } }), at(14, 16));
    expect(dark.text).toBe('Not recovered: the section could not be read at the end of the verification window ✕');
  });

  it('shows the failure message and the rejection', () => {
    expect(describeRunStatus(response({ status: 'failed', result: '{"message":"deployment not found"}' }), at(14, 1)).text).toBe('Failed: deployment not found');
    // A run whose replica died after the change may have been sent (issue 18): said as such, never as running.
    expect(describeRunStatus(response({ status: 'interrupted', result: '{"message":"Interrupted: the replica stopped"}' }), at(14, 1))).toMatchObject({ state: 'interrupted', tone: 'bad' });
    expect(describeRunStatus(response({ status: 'rejected', decided_by: 'adam', decision_comment: 'not now' }), at(14, 1))).toMatchObject({ text: 'Rejected by adam', detail: 'not now' });
  });
});

describe('describeRunStatus for Redis and service admin actions', () => {
  it('says what was checked rather than "rollout", and keeps the upstream\'s answer on screen', () => {
    const http = response(
      { status: 'succeeded', kind: 'http-post', result: '{"message":"orchestrator answered HTTP 200: {\\"state\\":\\"closed\\"}"}' },
      { progress: { state: 'complete', message: 'orchestrator reports state closed' }, verification: { state: 'watching', severity: 'P2', until: at(14, 5), holdMs: 30_000 } },
    );
    expect(describeRunStatus(http, at(14, 1))).toMatchObject({ glyph: '✓', text: 'Service: orchestrator reports state closed — watching the section for recovery', detail: 'orchestrator answered HTTP 200: {"state":"closed"}. Watching the section until 14:05: now P2 (recovered once ok holds for 30 s)' });
    const redis = response({ status: 'succeeded', kind: 'redis-set' }, { progress: { state: 'failed', message: 'the key expired or was deleted' } });
    expect(describeRunStatus(redis, at(14, 1)).text).toBe('Redis: check failed: the key expired or was deleted');
  });
});

describe('shouldKeepFollowing', () => {
  it('polls until the run ended or the recovery verdict is in', () => {
    expect(shouldKeepFollowing(undefined)).toBe(true);
    expect(shouldKeepFollowing(response({ status: 'pending-approval' }))).toBe(true);
    expect(shouldKeepFollowing(response({ status: 'executing' }))).toBe(true);
    expect(shouldKeepFollowing(response({ status: 'succeeded' }, { verification: watching('P1', 1) }))).toBe(true);
    expect(shouldKeepFollowing(response({ status: 'succeeded' }, { verification: judged('recovered', 'ok', 1) }))).toBe(false);
    expect(shouldKeepFollowing(response({ status: 'succeeded' }, { verification: judged('not-recovered', 'P1', 1) }))).toBe(false);
    for (const status of ['rejected', 'expired', 'void', 'failed', 'interrupted'] as const) expect(shouldKeepFollowing(response({ status }))).toBe(false);
  });
});
