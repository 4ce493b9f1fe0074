import { describe, expect, it } from 'vitest';
import type { ActionRun } from '@/lib/server/store/schema';
import { describeRunOutcome, splitRuns } from './split-runs';

let next = 0;
function makeRun(overrides: Partial<ActionRun>): ActionRun {
  next += 1;
  return {
    id: `run-${next}`, section_id: 'call-failures', step_id: 'scale-orchestrator', kind: 'scale', title: 'Scale orchestrator', target: '{}', params: '{}',
    reason: null, requested_by: 'olivia', requested_role: 'operator', requested_at: 1_000, idempotency_key: 'k'.repeat(16), needs_approval: 1,
    status: 'pending-approval', resource_version: '1', diff: '[]', expires_at: 10_000, decided_by: null, decided_at: null, decision_comment: null,
    result: null, updated_at: 1_000, warnings: null, section_severity: null, baseline: null, progress: null, verdict: null, temporary_minutes: null, ...overrides,
  };
}

describe('splitRuns', () => {
  it('lists pending requests newest first, and the rest (expired ones too) by latest change', () => {
    const older = makeRun({ requested_at: 1_000 });
    const newer = makeRun({ requested_at: 2_000 });
    const lapsed = makeRun({ requested_at: 3_000, expires_at: 4_000, updated_at: 3_000 });
    const done = makeRun({ status: 'succeeded', updated_at: 5_000 });
    const rejected = makeRun({ status: 'rejected', updated_at: 6_000 });
    const { pending, history } = splitRuns([older, lapsed, done, newer, rejected], 5_000);
    expect(pending.map((r) => r.id)).toEqual([newer.id, older.id]);
    expect(history.map((r) => r.id)).toEqual([rejected.id, done.id, lapsed.id]);
  });

  it('keeps the last 50 in the history', () => {
    const runs = Array.from({ length: 60 }, (_, i) => makeRun({ status: 'succeeded', updated_at: i }));
    const { history } = splitRuns(runs, 0);
    expect(history).toHaveLength(50);
    expect(history[0]?.updated_at).toBe(59);
  });
});

describe('describeRunOutcome', () => {
  it('gives each outcome a word and a glyph', () => {
    expect(describeRunOutcome(makeRun({ status: 'succeeded' }), 0)).toMatchObject({ label: 'succeeded', glyph: '✓' });
    expect(describeRunOutcome(makeRun({ status: 'failed' }), 0)).toMatchObject({ label: 'failed', glyph: '✕' });
    expect(describeRunOutcome(makeRun({ status: 'rejected' }), 0)).toMatchObject({ label: 'rejected', glyph: '⊘' });
    expect(describeRunOutcome(makeRun({ status: 'pending-approval', expires_at: 10 }), 20)).toMatchObject({ label: 'expired' });
  });
});
