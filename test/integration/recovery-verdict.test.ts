// Issue 12.11 / 15.3: the recovery verdict is judged once (at the end of the watch window, or earlier on a
// held recovery) by the same evaluation the section page shows, stored with its evidence, audited, and
// shown as stored: reading the run later never judges it again. Here the section's evaluation is scripted
// (a real Prometheus would need a scenario switch per case; test/integration/remediation-upstreams shows
// the whole path against one), and the run is real: the simulator's Kubernetes double, a SQLite store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SectionStatus } from '@/lib/severity/section-status';
import type { Severity } from '@/lib/severity/types';
import { startFlowHarness, type FlowHarness } from './flow-harness';
import { signInAs, type SignedIn } from './signed-in';

let h: FlowHarness;
let viewer: SignedIn;
beforeAll(async () => {
  h = await startFlowHarness({ kubeStepMs: 50 });
  viewer = await signInAs('viewer', 'vera');
});
afterAll(async () => {
  await h?.sim.close();
});

/** A section evaluation that says what the script says, one reading at a time (the last one repeats). */
function scripted(severities: Severity[]) {
  let i = 0;
  return async (section: { id: string; title: string }): Promise<SectionStatus> => {
    const severity = severities[Math.min(i++, severities.length - 1)]!;
    const firing = severity === 'ok' || severity === 'unknown' ? null : { severity, description: 'call success below 95 %', op: '<' as const, threshold: 0.95, value: 0.8, series: '', signalId: 'call-success', signalName: 'Call success' };
    return { id: section.id, title: section.title, severity, signals: [], key: { signalId: 'call-success', name: 'Call success', unit: 'ratio', value: 0.8, series: '' }, sparkline: [], firing, firingSince: null, firingSinceBound: null, respondBy: null, evaluatedAt: Date.now(), stale: null, error: null };
  };
}

async function runAndWatch(severities: Severity[]) {
  const { watchRun } = await import('@/lib/actions/run-watch');
  const action = h.resolve('call-failures', 'restart-media-agents');
  const executor = h.getExecutor(action.action.kind);
  const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
  const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'test', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
  const evaluate = scripted(severities);
  const done = await h.flow.executeRun(h.as('olivia', 'operator'), run, action, executor, { evaluate });
  expect(done.status, done.result ?? '').toBe('succeeded');
  await watchRun(h.store, done, action, executor, { evaluate, windowMs: 1_500, holdMs: 300, pollMs: 50 });
  return done;
}

async function readRun(id: string) {
  const route = await import('@/app/api/actions/runs/[id]/route');
  const response = await route.GET(viewer.request(`http://console/api/actions/runs/${id}`), { params: Promise.resolve({ id }) });
  return (await response.json()) as { run: { verdict: string | null }; verification: { state: string; evidence?: unknown; judgedAt?: number } };
}

describe('issue 12.11 / 15.3: the recovery verdict', () => {
  it('is judged once ok has held (not on the first ok reading), stored with its readings, audited once, and shown as stored', async () => {
    const run = await runAndWatch(['P1', 'P1', 'ok', 'P1', 'ok']);
    const row = await h.store.db.selectFrom('action_runs').select(['verdict']).where('id', '=', run.id).executeTakeFirstOrThrow();
    const verdict = JSON.parse(row.verdict ?? 'null') as { state: string; at: number; evidence: { baseline: { severity: string }; readings: { severity: string }[]; okFrom: number; okUntil: number } };
    expect(verdict).toMatchObject({ state: 'recovered', evidence: { baseline: { severity: 'P1' } } });
    expect(verdict.evidence.okUntil - verdict.evidence.okFrom).toBeGreaterThanOrEqual(300);
    expect(verdict.evidence.readings.map((r) => r.severity)).toContain('P1');
    const audits = await h.store.db.selectFrom('audit_log').select(['action', 'outcome', 'detail']).where('action', '=', 'action.verdict').execute();
    expect(audits.filter((a) => JSON.parse(a.detail).runId === run.id)).toEqual([expect.objectContaining({ outcome: 'success' })]);
    // Read days later, with the section unreadable now (no Prometheus here): the stored verdict, not a new one.
    const shown = await readRun(run.id);
    expect(shown.verification).toMatchObject({ state: 'recovered', judgedAt: verdict.at });
  });

  it('not recovered when the window ends without a held recovery; a failed run is not "waiting"', async () => {
    const run = await runAndWatch(['P1', 'ok', 'P1']);
    expect((await readRun(run.id)).verification).toMatchObject({ state: 'not-recovered' });

    // A run that failed (its deployment was paused after the request): nothing was changed, nothing to watch.
    const action = h.resolve('call-failures', 'restart-media-agents');
    const executor = h.getExecutor(action.action.kind);
    const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
    const { run: second } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'test', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
    await h.kube('/apis/apps/v1/namespaces/voicehive/deployments/media-agent', { method: 'PATCH', body: { spec: { paused: true } } });
    try {
      const failed = await h.flow.executeRun(h.as('olivia', 'operator'), second, action, executor, { evaluate: scripted(['P1']) });
      expect(failed.status).toBe('failed');
      expect((await readRun(failed.id)).verification).toEqual({ state: 'not-run' });
    } finally {
      await h.kube('/apis/apps/v1/namespaces/voicehive/deployments/media-agent', { method: 'PATCH', body: { spec: { paused: false } } });
    }
  });

  it('a section that was not firing when the action ran: "no change needed to judge", never "recovered"', async () => {
    const run = await runAndWatch(['ok']);
    expect((await readRun(run.id)).verification).toMatchObject({ state: 'no-change-needed' });
  });

  it('a section unreadable when the action ran (baseline unknown) and ok after is not called recovered; seen firing first, it is', async () => {
    // The first scripted reading is the baseline executeRun takes, the rest are the watch's.
    const quiet = await runAndWatch(['unknown', 'ok']);
    expect((await readRun(quiet.id)).verification).toMatchObject({ state: 'no-change-needed', evidence: { baseline: { severity: 'unknown' } } });
    const fired = await runAndWatch(['unknown', 'P1', 'ok']);
    expect((await readRun(fired.id)).verification).toMatchObject({ state: 'recovered', evidence: { baseline: { severity: 'unknown' } } });
  });
});
