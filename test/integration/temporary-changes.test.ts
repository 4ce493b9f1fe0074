// Issue 14 point 12: every temporary change can end. A temporary step (debug logging, a fallback mode, a raised
// rate limit, load shedding's breaker threshold) is confirmed with a duration; when it runs out the sweep sets the
// values it replaced back, through a fresh dry run and a read-back; a person can end it earlier. Against the
// simulator's Kubernetes API double and a throwaway SQLite store. The one mock: an executor whose Kubernetes
// client points at a closed port (a Kubernetes API that is down), since the double cannot be stopped mid-suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemporaryDeps } from '@/lib/actions/temporary';
import { APPS, CORE, startFlowHarness, type FlowHarness } from './flow-harness';

let h: FlowHarness;
let temporary: typeof import('@/lib/actions/temporary');
let deps: TemporaryDeps;
beforeAll(async () => {
  h = await startFlowHarness({ kubeStepMs: 50 });
  temporary = await import('@/lib/actions/temporary');
  const { getCatalog } = await import('@/lib/server/catalog');
  deps = { sections: getCatalog().byId, executorFor: h.getExecutor };
});
afterAll(async () => {
  await h?.sim.close();
});

const MINUTE = 60_000;
type Env = { name: string; value?: string }[];
const orchestratorEnv = async () => {
  const d = await h.kube<{ spec: { template: { spec: { containers: { name: string; env: Env }[] } } } }>(`${APPS}/deployments/orchestrator`);
  return Object.fromEntries(d.spec.template.spec.containers.find((c) => c.name === 'orchestrator')!.env.map((e) => [e.name, e.value]));
};
const setEnvByHand = (env: Record<string, string | null>) =>
  h.kube(`${APPS}/deployments/orchestrator`, {
    method: 'PATCH',
    contentType: 'application/strategic-merge-patch+json',
    body: { spec: { template: { spec: { containers: [{ name: 'orchestrator', env: Object.entries(env).map(([name, value]) => (value === null ? { name, $patch: 'delete' } : { name, value })) }] } } } },
  });

/** Preview, confirm with a duration, approve when the step needs it, execute: the run as it ends. */
async function runTemporary(section: string, step: string, durationMinutes?: number | null) {
  const action = h.resolve(section, step);
  const executor = h.getExecutor(action.action.kind);
  const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
  const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'test', sectionSeverity: 'P2', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version, durationMinutes }, executor);
  const approved = run.status === 'pending-approval' ? await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor) : run;
  return h.flow.executeRun(h.as('olivia', 'operator'), approved, action, executor);
}
const changeOf = async (runId: string) => (await h.store.db.selectFrom('temporary_changes').selectAll().where('run_id', '=', runId).executeTakeFirstOrThrow());
const revertAudits = (runId: string) => h.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'action.revert').execute().then((rows) => rows.filter((r) => JSON.parse(r.detail).runId === runId));

describe('issue 14.12: debug logging ends by itself', () => {
  it('runs for the chosen 30 minutes, then the sweep sets LOG_LEVEL back and removes AUDIT_LOGGING, which was not set before', async () => {
    await setEnvByHand({ LOG_LEVEL: 'INFO', AUDIT_LOGGING: null });
    const run = await runTemporary('security', 'enable-enhanced-logging', 30);
    expect(run.status).toBe('succeeded');
    expect(run.temporary_minutes).toBe(30);
    expect(await orchestratorEnv()).toMatchObject({ LOG_LEVEL: 'DEBUG', AUDIT_LOGGING: 'true' });
    const change = await changeOf(run.id);
    expect(change).toMatchObject({ state: 'active', set_by: 'olivia' });
    expect(JSON.parse(change.previous_values)).toEqual({ LOG_LEVEL: 'INFO', AUDIT_LOGGING: null });
    expect(change.revert_at - change.set_at).toBe(30 * MINUTE);

    // Not yet: a minute before its end nothing is touched.
    expect(await temporary.revertExpiredChanges(h.store, deps, change.revert_at - MINUTE)).toEqual([]);
    expect((await changeOf(run.id)).state).toBe('active');

    const [ended] = await temporary.revertExpiredChanges(h.store, deps, change.revert_at + 1);
    expect(ended).toMatchObject({ state: 'reverted', ended_by: 'system', end_note: expect.stringMatching(/^set back to the previous values/) });
    const env = await orchestratorEnv();
    expect(env.LOG_LEVEL).toBe('INFO');
    expect('AUDIT_LOGGING' in env).toBe(false);
    const audits = await revertAudits(run.id);
    expect(audits.map((a) => [a.actor, a.outcome])).toEqual([['system', 'success']]);
    // Once only: a second sweep finds nothing to do.
    expect(await temporary.revertExpiredChanges(h.store, deps, change.revert_at + 2 * MINUTE)).toEqual([]);
  });

  it('a duration above the step\'s maximum is refused naming the field, and no run is recorded', async () => {
    const before = await h.store.db.selectFrom('action_runs').select('id').execute();
    await expect(runTemporary('security', 'enable-enhanced-logging', 121)).rejects.toMatchObject({ code: 'bad-request', field: 'durationMinutes', message: expect.stringMatching(/at most 120 minutes/) });
    expect(await h.store.db.selectFrom('action_runs').select('id').execute()).toHaveLength(before.length);
  });

  it('a duration on a step that is not temporary is refused: its change would not end, and saying so would lie', async () => {
    await expect(runTemporary('memory-cpu', 'enable-memory-optimization', 30)).rejects.toMatchObject({ code: 'bad-request', field: 'durationMinutes', message: expect.stringMatching(/is not a temporary change/) });
  });
});

describe('issue 14.12: a raised rate limit, set back early by a person', () => {
  it('an operator ends it before its time: the ConfigMap holds its previous value again, and ending it twice is a conflict', async () => {
    const before = (await h.kube<{ data: Record<string, string> }>(`${CORE}/configmaps/rate-limit-config`)).data.requests_per_minute;
    if (before === '120') await h.kube(`${CORE}/configmaps/rate-limit-config`, { method: 'PATCH', body: { data: { requests_per_minute: '60' } } });
    const previous = (await h.kube<{ data: Record<string, string> }>(`${CORE}/configmaps/rate-limit-config`)).data.requests_per_minute;
    const run = await runTemporary('rate-limiting', 'increase-rate-limits');
    // No duration chosen: the step's default.
    expect(run.temporary_minutes).toBe(60);
    const ended = await temporary.revertTemporaryChange(h.store, deps, run.id, { actor: h.as('olivia', 'operator').actor, role: 'operator', comment: 'load has passed' }, 'early');
    expect(ended).toMatchObject({ state: 'reverted', ended_by: 'olivia' });
    expect((await h.kube<{ data: Record<string, string> }>(`${CORE}/configmaps/rate-limit-config`)).data.requests_per_minute).toBe(previous);
    await expect(temporary.revertTemporaryChange(h.store, deps, run.id, { actor: h.as('olivia', 'operator').actor, role: 'operator' }, 'early')).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already reverted/) });
    expect((await revertAudits(run.id)).map((a) => a.outcome)).toEqual(['success', 'failure']);
  });

  it('a viewer may not end it: refused and audited, the change stays', async () => {
    const run = await runTemporary('rate-limiting', 'increase-rate-limits');
    await expect(temporary.revertTemporaryChange(h.store, deps, run.id, { actor: { actor: 'vera', actorRole: 'viewer', clientAddress: null }, role: 'viewer' }, 'early')).rejects.toMatchObject({ code: 'forbidden' });
    expect((await changeOf(run.id)).state).toBe('active');
    expect((await revertAudits(run.id)).map((a) => a.outcome)).toEqual(['denied']);
    await temporary.revertTemporaryChange(h.store, deps, run.id, { actor: h.as('olivia', 'operator').actor, role: 'operator' }, 'early');
  });

  it('an unknown change is a 404 naming the id', async () => {
    await expect(temporary.revertTemporaryChange(h.store, deps, '00000000-0000-4000-8000-000000000000', { actor: h.as('olivia', 'operator').actor, role: 'operator' }, 'early')).rejects.toMatchObject({ code: 'not-found', field: 'id' });
  });
});

describe('issue 14.12: the console writes only over its own values', () => {
  it('PMS fallback changed by hand since: the sweep leaves the hand-set value and records a conflict', async () => {
    await setEnvByHand({ PMS_FALLBACK_MODE: 'false' });
    const run = await runTemporary('pms-connection', 'enable-pms-fallback', 15);
    await setEnvByHand({ PMS_FALLBACK_MODE: 'maybe' });
    const change = await changeOf(run.id);
    const [ended] = await temporary.revertExpiredChanges(h.store, deps, change.revert_at);
    expect(ended).toMatchObject({ state: 'conflict', end_note: expect.stringMatching(/PMS_FALLBACK_MODE is "maybe", not "true"/) });
    expect((await orchestratorEnv()).PMS_FALLBACK_MODE).toBe('maybe');
    expect((await revertAudits(run.id)).map((a) => a.outcome)).toEqual(['failure']);
  });

  it('already set back by hand: ended without writing anything', async () => {
    await setEnvByHand({ FALLBACK_MODE: 'false' });
    const run = await runTemporary('circuit-breakers', 'enable-fallback-mode', 10);
    await setEnvByHand({ FALLBACK_MODE: 'false' });
    const generation = (await h.kube<{ metadata: { generation: number } }>(`${APPS}/deployments/orchestrator`)).metadata.generation;
    const [ended] = await temporary.revertExpiredChanges(h.store, deps, (await changeOf(run.id)).revert_at);
    expect(ended).toMatchObject({ state: 'reverted', end_note: expect.stringMatching(/^already back to the previous values/) });
    expect((await h.kube<{ metadata: { generation: number } }>(`${APPS}/deployments/orchestrator`)).metadata.generation).toBe(generation);
  });
});

describe('issue 14.12: an approved temporary change, and a Kubernetes API that is down when it ends', () => {
  it('the duration is bound at the request; with the API down the change stays active with the error, and the next sweep sets it back', async () => {
    await setEnvByHand({ CIRCUIT_BREAKER_THRESHOLD: '0.5' });
    const run = await runTemporary('performance', 'load-shedding-breaker-threshold', 20);
    expect(run).toMatchObject({ status: 'succeeded', needs_approval: 1, temporary_minutes: 20 });
    const change = await changeOf(run.id);

    const { createKubernetesExecutor } = await import('@/lib/actions/kubernetes-executor');
    const { createKubernetesClient } = await import('@/lib/server/kubernetes/client');
    const down = createKubernetesExecutor(() => createKubernetesClient({ mode: 'explicit', apiUrl: 'http://127.0.0.1:1', token: 'x', insecureSkipTlsVerify: false, namespaces: ['voicehive'], timeoutMs: 2_000 }, { cacheTtlMs: 0 }));
    const [failed] = await temporary.revertExpiredChanges(h.store, { ...deps, executorFor: () => down }, change.revert_at);
    expect(failed).toMatchObject({ state: 'active', attempts: 1, last_error: expect.any(String) });
    expect((await orchestratorEnv()).CIRCUIT_BREAKER_THRESHOLD).toBe('0.1');

    const [ended] = await temporary.revertExpiredChanges(h.store, deps, change.revert_at + MINUTE);
    expect(ended).toMatchObject({ state: 'reverted', last_error: null });
    expect((await orchestratorEnv()).CIRCUIT_BREAKER_THRESHOLD).toBe('0.5');
    expect((await revertAudits(run.id)).map((a) => a.outcome)).toEqual(['failure', 'success']);
  });

  it('the sweep and a person racing: one sets it back, the other is told', async () => {
    await setEnvByHand({ FALLBACK_MODE: 'false' });
    const run = await runTemporary('circuit-breakers', 'enable-fallback-mode', 10);
    const at = (await changeOf(run.id)).revert_at;
    const results = await Promise.allSettled([
      temporary.revertExpiredChanges(h.store, deps, at),
      temporary.revertTemporaryChange(h.store, deps, run.id, { actor: h.as('olivia', 'operator').actor, role: 'operator' }, 'early', at),
    ]);
    expect((await changeOf(run.id)).state).toBe('reverted');
    expect((await revertAudits(run.id)).filter((a) => a.outcome === 'success')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').length).toBeLessThanOrEqual(1);
  });
});
