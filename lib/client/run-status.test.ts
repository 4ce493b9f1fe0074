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
    expires_at: null, decided_by: null, decided_at: null, decision_comment: null, result: null, updated_at: at(14, 0), ...overrides,
  };
}

function response(run: Partial<ActionRun>, rest: Partial<Omit<RunStatusResponse, 'run'>> = {}): RunStatusResponse {
  return { run: makeRun(run), progress: null, verification: { state: 'waiting', severity: 'P1', until: null }, ...rest };
}

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
    const rolling = response({ status: 'succeeded' }, { progress: { state: 'in-progress', message: '2 of 3 pods updated' }, verification: { state: 'watching', severity: 'P1', until: at(14, 6) } });
    expect(describeRunStatus(rolling, at(14, 2))).toMatchObject({ state: 'rolling-out', text: 'Rollout: 2 of 3 pods updated', detail: 'Watching the section until 14:06: now P1' });
    const recovered = response({ status: 'succeeded' }, { verification: { state: 'recovered', severity: 'ok', until: at(14, 6) } });
    expect(describeRunStatus(recovered, at(14, 3))).toMatchObject({ state: 'recovered', text: 'Section recovered ✓' });
    const still = response({ status: 'succeeded' }, { verification: { state: 'not-recovered', severity: 'P1', until: at(14, 6) } });
    expect(describeRunStatus(still, at(14, 7))).toMatchObject({ state: 'not-recovered', text: 'Still firing after the verification window ✕' });
  });

  it('shows the failure message and the rejection', () => {
    expect(describeRunStatus(response({ status: 'failed', result: '{"message":"deployment not found"}' }), at(14, 1)).text).toBe('Failed: deployment not found');
    expect(describeRunStatus(response({ status: 'rejected', decided_by: 'adam', decision_comment: 'not now' }), at(14, 1))).toMatchObject({ text: 'Rejected by adam', detail: 'not now' });
  });
});

describe('describeRunStatus for Redis and service admin actions', () => {
  it('says what was checked rather than "rollout", and keeps the upstream\'s answer on screen', () => {
    const http = response(
      { status: 'succeeded', kind: 'http-post', result: '{"message":"orchestrator answered HTTP 200: {\\"state\\":\\"closed\\"}"}' },
      { progress: { state: 'complete', message: 'orchestrator reports state closed' }, verification: { state: 'watching', severity: 'P2', until: at(14, 5) } },
    );
    expect(describeRunStatus(http, at(14, 1))).toMatchObject({ text: 'Service: orchestrator reports state closed', detail: 'orchestrator answered HTTP 200: {"state":"closed"}. Watching the section until 14:05: now P2' });
    const redis = response({ status: 'succeeded', kind: 'redis-set' }, { progress: { state: 'failed', message: 'the key expired or was deleted' } });
    expect(describeRunStatus(redis, at(14, 1)).text).toBe('Redis: check failed: the key expired or was deleted');
  });
});

describe('shouldKeepFollowing', () => {
  it('polls until the run ended or the recovery verdict is in', () => {
    expect(shouldKeepFollowing(undefined)).toBe(true);
    expect(shouldKeepFollowing(response({ status: 'pending-approval' }))).toBe(true);
    expect(shouldKeepFollowing(response({ status: 'executing' }))).toBe(true);
    expect(shouldKeepFollowing(response({ status: 'succeeded' }, { verification: { state: 'watching', severity: 'P1', until: 1 } }))).toBe(true);
    expect(shouldKeepFollowing(response({ status: 'succeeded' }, { verification: { state: 'recovered', severity: 'ok', until: 1 } }))).toBe(false);
    expect(shouldKeepFollowing(response({ status: 'succeeded' }, { verification: { state: 'not-recovered', severity: 'P1', until: 1 } }))).toBe(false);
    for (const status of ['rejected', 'expired', 'failed'] as const) expect(shouldKeepFollowing(response({ status }))).toBe(false);
  });
});
