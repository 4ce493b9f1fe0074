// Issue 13.4: following a run follows what this run caused (the generation it wrote, the Job it created),
// to completion or failure, never whatever happens to be current. Issue 13.6: two Jobs from the same
// CronJob in one second get names of their own. Against the simulator's Kubernetes double.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExecutionResult } from '@/lib/actions/executor';
import { APPS, startFlowHarness, until, type FlowHarness } from './flow-harness';

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness({ kubeStepMs: 40, kubeOptions: { jobRunMs: 3_000 } });
});
afterAll(async () => {
  await h?.sim.close();
});

/** Preview, confirm (no approval needed) and execute one step as the operator. */
async function runStep(section: string, step: string, params: Record<string, unknown> = {}) {
  const action = h.resolve(section, step, params);
  const executor = h.getExecutor(action.action.kind);
  const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
  const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'test', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
  const done = await h.flow.executeRun(h.as('olivia', 'operator'), run, action, executor);
  expect(done.status, done.result ?? '').toBe('succeeded');
  const result = JSON.parse(done.result ?? '{}') as ExecutionResult;
  return { result, follow: () => executor.follow(action, result) };
}

describe('issue 13.4: a run follows what it caused', () => {
  it('a restart followed by someone else\'s change: the run says a later change replaced it, not that the other rollout is its own', async () => {
    const { follow } = await runStep('call-failures', 'restart-media-agents');
    await h.kube(`${APPS}/deployments/media-agent`, { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body: { spec: { template: { metadata: { annotations: { someone: 'else' } } } } } });
    const later = await h.kube<{ metadata: { generation: number } }>(`${APPS}/deployments/media-agent`);
    await expect(follow()).resolves.toEqual({ state: 'superseded', message: expect.stringContaining(`generation ${later.metadata.generation}`) });
  });

  it('a restart is followed to its own rollout\'s completion', async () => {
    const { result, follow } = await runStep('voice-latency', 'restart-affected-service');
    expect(result.follow).toMatchObject({ kind: 'rollout', name: 'media-agent', generation: expect.any(Number) });
    const done = await until(async () => ((await follow()).state === 'complete' ? follow() : undefined), 'the rollout to complete');
    expect(done.message).toMatch(/rollout complete/);
  });

  // Issue 14.10: "Restart affected service" restarts the deployment the operator chose, and the run records that choice.
  it('a restart of the chosen deployment restarts that one only, and the stored run re-resolves to it', async () => {
    const annotation = async (name: string) => (await h.kube<{ spec: { template: { metadata: { annotations?: Record<string, string> } } } }>(`${APPS}/deployments/${name}`)).spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'];
    const mediaAgentBefore = await annotation('media-agent');
    const ttsBefore = await annotation('tts-router');
    const { result } = await runStep('voice-latency', 'restart-affected-service', { deployment: 'tts-router' });
    expect(result.follow).toMatchObject({ kind: 'rollout', name: 'tts-router' });
    expect(await annotation('tts-router')).not.toBe(ttsBefore);
    expect(await annotation('media-agent')).toBe(mediaAgentBefore);
    const run = await h.store.db.selectFrom('action_runs').selectAll().where('step_id', '=', 'restart-affected-service').orderBy('requested_at', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(run.params)).toEqual({ deployment: 'tts-router' });
    const { resolveStoredRun } = await import('@/lib/actions/action-context');
    expect(resolveStoredRun(run).target).toMatchObject({ namespace: 'voicehive', name: 'tts-router' });
  });

  it('a Job from the CronJob is in progress until it completes, then complete with its name (not "applied" when merely created)', async () => {
    const { result, follow } = await runStep('gdpr', 'run-manual-cleanup');
    expect(result.follow).toMatchObject({ kind: 'job', name: expect.stringMatching(/^data-retention-cleanup-manual-/) });
    expect((await follow()).state).toBe('in-progress');
    const done = await until(async () => ((await follow()).state !== 'in-progress' ? follow() : undefined), 'the job to finish');
    expect(done).toEqual({ state: 'complete', message: expect.stringContaining(`job ${(result.follow as { name: string }).name} completed`) });
  });

  it('a Job that fails (the database is down) is followed to its failure, with the reason', async () => {
    h.sim.setScenario('database-down');
    try {
      const { follow } = await runStep('gdpr', 'run-manual-cleanup');
      const done = await until(async () => ((await follow()).state !== 'in-progress' ? follow() : undefined), 'the job to fail', 60_000);
      expect(done).toEqual({ state: 'failed', message: expect.stringMatching(/BackoffLimitExceeded/) });
    } finally {
      h.sim.setScenario('healthy');
    }
  });
});

describe('issue 13.6: Jobs from the same CronJob in one second', () => {
  it('get names of their own: both are created', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-12-01T10:00:00.250Z'));
    try {
      const first = await runStep('gdpr', 'run-manual-cleanup');
      const second = await runStep('gdpr', 'run-manual-cleanup');
      const names = [first.result.follow, second.result.follow].map((f) => (f as { name: string }).name);
      expect(new Set(names).size).toBe(2);
      for (const name of names) expect(name).toMatch(/^data-retention-cleanup-manual-[a-z0-9-]+$/);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
