// Issue 18: background work once across replicas. Two background workers (two replicas' worth) share one
// store and the simulator's Kubernetes double. A replica that dies is played by a holder that takes a run's
// lease (with a short time to live) and then stops: it never renews, releases or finishes. The section's
// evaluation is scripted (as in recovery-verdict.test.ts); the runs, the leases and the writes are real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRun } from '@/lib/server/store/schema';
import type { SectionStatus } from '@/lib/severity/section-status';
import { APPS, startFlowHarness, until, type FlowHarness } from './flow-harness';

let h: FlowHarness;
let worker: typeof import('@/lib/server/background/worker');
let driver: typeof import('@/lib/actions/run-driver');
let leases: typeof import('@/lib/server/store/leases');
beforeAll(async () => {
  h = await startFlowHarness({ kubeStepMs: 40 });
  worker = await import('@/lib/server/background/worker');
  driver = await import('@/lib/actions/run-driver');
  leases = await import('@/lib/server/store/leases');
});
afterAll(async () => {
  await h?.sim.close();
});

/** The section reads ok at once: a held recovery is judged after `holdMs`. */
const evaluateOk = async (section: { id: string; title: string }): Promise<SectionStatus> => ({ id: section.id, title: section.title, severity: 'ok', signals: [], key: { signalId: 'call-success', name: 'Call success', unit: 'ratio', value: 0.99, series: '' }, sparkline: [], firing: null, firingSince: null, firingSinceBound: null, respondBy: null, evaluatedAt: Date.now(), stale: null, error: null });
const watch = { evaluate: evaluateOk, windowMs: 60_000, holdMs: 100, pollMs: 50 };

function replica(name: string, overrides: Partial<Parameters<typeof worker.createBackgroundWorker>[0]> = {}) {
  return worker.createBackgroundWorker({
    store: async () => h.store,
    holder: name,
    resolve: (run: ActionRun) => {
      const resolved = h.resolve(run.section_id, run.step_id, JSON.parse(run.params) as Record<string, unknown>);
      return { resolved, executor: h.getExecutor(resolved.action.kind) };
    },
    leaseTtlMs: 300,
    runLeaseTtlMs: 300,
    adoptGraceMs: 0,
    watchHorizonMs: 10 * 60_000,
    watch,
    ...overrides,
  });
}

type Deployment = { spec: { replicas: number }; metadata: { generation: number } };
const deployment = (name: string) => h.kube<Deployment>(`${APPS}/deployments/${name}`);
const runRow = (id: string) => h.store.db.selectFrom('action_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditOf = (id: string) => h.store.db.selectFrom('audit_log').select(['action', 'actor', 'outcome', 'detail']).where('detail', 'like', `%${id}%`).orderBy('seq').execute();

async function verifyChain() {
  const { verifyAuditLog } = await import('@/lib/audit/log');
  const { problems } = await verifyAuditLog(h.store.db);
  expect(problems).toEqual([]);
}

/** A scale that needs approval, requested by olivia and approved by adam: `executing`, not started. */
async function approvedScale(replicas: number) {
  const action = h.resolve('call-failures', 'scale-orchestrator', { replicas });
  const executor = h.getExecutor(action.action.kind);
  const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
  const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'issue 18', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
  const approved = await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor);
  expect(approved.status).toBe('executing');
  return { run: approved, action, executor };
}

/**
 * A restart (no approval) of `deployment` that a replica confirmed and then died with, having done `upTo`. Each test
 * restarts a deployment of its own: two restarts of one deployment in the same second write the same annotation.
 */
async function restartLeftBy(upTo: 'marked-started' | 'sent' | 'succeeded', deployment: string) {
  const action = h.resolve('voice-latency', 'restart-affected-service', { deployment });
  const executor = h.getExecutor(action.action.kind);
  const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
  const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'issue 18', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
  // The dying replica holds the run's lease: nobody else may touch the run until it expires.
  expect(await leases.acquireLease(h.store.db, driver.runLeaseName(run.id), 'replica-killed', 60_000)).toBe(true);
  const { markExecutionStarted } = await import('@/lib/actions/runs');
  if (upTo === 'marked-started') await markExecutionStarted(h.store, run.id);
  else if (upTo === 'sent') {
    await markExecutionStarted(h.store, run.id);
    await executor.execute(action, h.flow.approvedOf(run), { requester: run.requested_by });
  } else {
    const done = await h.flow.executeRun(h.as('olivia', 'operator'), run, action, executor, { evaluate: evaluateOk });
    expect(done.status).toBe('succeeded');
  }
  return { run, action };
}

/** While the dead replica's lease lasts nobody takes its run; then its time passes (written, not slept). */
async function deadLeaseExpires(b: ReturnType<typeof replica>, id: string) {
  expect(await b.kick(id)).toBe('held-elsewhere');
  await h.store.db.updateTable('leases').set({ expires_at: Date.now() - 1 }).where('name', '=', driver.runLeaseName(id)).where('holder', '=', 'replica-killed').execute();
}

describe('the background lease', () => {
  it('one of two replicas leads; when it stops renewing the other takes over after expiry, and at once after a release', async () => {
    const a = replica('lease-a');
    const b = replica('lease-b');
    const t0 = Date.now() + 60_000;
    const [ra, rb] = await Promise.all([a.tick(t0), b.tick(t0)]);
    expect([ra.leader, rb.leader].filter(Boolean)).toHaveLength(1);
    const [leader, other] = ra.leader ? [a, b] : [b, a];
    expect((await other.tick(t0 + 299)).leader).toBe(false);
    expect((await leader.tick(t0 + 299)).leader).toBe(true);
    // The leader stops ticking (killed): 300 ms after its last round the other leads.
    expect((await other.tick(t0 + 299 + 299)).leader).toBe(false);
    expect((await other.tick(t0 + 299 + 300)).leader).toBe(true);
    // A graceful stop releases it: the first one leads again at once.
    await other.stop();
    expect((await leader.tick(t0 + 700)).leader).toBe(true);
    await leader.stop();
  });

  it('approval expiry runs on the leader only, and each overdue request expires once, audited once', async () => {
    const expired: string[] = [];
    const job = (name: string) => ({ name: 'approval-expiry', everyMs: 0, run: async () => void expired.push(name) });
    const a = replica('expiry-a', { jobs: [job('a')] });
    const b = replica('expiry-b', { jobs: [job('b')] });
    const now = Date.now() + 120_000;
    await Promise.all([a.tick(now), b.tick(now)]);
    expect(expired).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
    // The real job: an overdue request becomes expired, once, by `system`.
    const action = h.resolve('call-failures', 'scale-orchestrator', { replicas: 4 });
    const executor = h.getExecutor(action.action.kind);
    const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
    const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'issue 18', sectionSeverity: 'P1', approvalTtlMs: 1, idempotencyKey: h.key(), version: preview.version }, executor);
    const jobs = [worker.approvalExpiryJob(0)];
    const c = replica('expiry-c', { jobs });
    const d = replica('expiry-d', { jobs });
    await until(async () => (await Promise.all([c.tick(), d.tick()])).some((r) => r.leader), 'a leader');
    expect((await runRow(run.id)).status).toBe('expired');
    expect((await auditOf(run.id)).filter((r) => r.action === 'action.expire')).toHaveLength(1);
    await Promise.all([c.stop(), d.stop()]);
  });
});

describe('runs once across replicas', () => {
  it('confirmed on A, approved on B, kicked on both and adopted by both workers: it runs exactly once', async () => {
    const before = await deployment('orchestrator');
    const { run } = await approvedScale(before.spec.replicas + 1);
    const a = replica('once-a');
    const b = replica('once-b');
    const outcomes = await Promise.all([a.kick(run.id, { actor: 'adam', actorRole: 'approver', clientAddress: '127.0.0.1' }), b.kick(run.id), a.tick(), b.tick()]);
    expect(outcomes.slice(0, 2).filter((o) => o === 'done').length).toBeLessThanOrEqual(1);
    await until(async () => (await runRow(run.id)).verdict !== null || undefined, 'the verdict');
    await Promise.all([...a.inFlight(), ...b.inFlight()]);
    const after = await deployment('orchestrator');
    expect(after.spec.replicas).toBe(before.spec.replicas + 1);
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    const audit = await auditOf(run.id);
    expect(audit.filter((r) => r.action === 'action.execute')).toHaveLength(1);
    expect(audit.filter((r) => r.action === 'action.verdict')).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
    await verifyChain();
  });

  it('a replica killed while following a rollout: another takes the run over after its lease expires, follows it to the end and judges it, once', async () => {
    const { run } = await restartLeftBy('succeeded', 'media-agent');
    const row = await runRow(run.id);
    expect(row).toMatchObject({ status: 'succeeded', progress: null, verdict: null });
    const b = replica('follow-b');
    await deadLeaseExpires(b, run.id);
    const done = await until(async () => {
      await b.tick();
      const current = await runRow(run.id);
      return current.verdict !== null && current.progress !== null ? current : undefined;
    }, 'the takeover to follow and judge the run').catch(async (error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify(await runRow(run.id))}`);
    });
    expect(JSON.parse(done.progress ?? '{}')).toMatchObject({ state: 'complete' });
    expect(JSON.parse(done.verdict ?? '{}')).toMatchObject({ state: 'no-change-needed' });
    await Promise.all(b.inFlight());
    expect((await auditOf(run.id)).filter((r) => r.action === 'action.verdict')).toHaveLength(1);
    await b.stop();
    await verifyChain();
  });

  it('a replica killed after its change reached the target: the run is marked interrupted with what the target holds, and not sent again', async () => {
    const before = await deployment('tts-router');
    const { run } = await restartLeftBy('sent', 'tts-router');
    expect((await deployment('tts-router')).metadata.generation).toBe(before.metadata.generation + 1);
    const b = replica('sent-b');
    await deadLeaseExpires(b, run.id);
    const done = await until(async () => {
      await b.tick();
      await Promise.all(b.inFlight());
      const current = await runRow(run.id);
      return current.status !== 'executing' ? current : undefined;
    }, 'the run to be taken over');
    expect(done.status).toBe('interrupted');
    const result = JSON.parse(done.result ?? '{}') as { message: string; changed: string[] };
    expect(result.message).toMatch(/replica running it stopped/);
    expect(result.message).toMatch(/not sent again/);
    expect(result.changed.length).toBeGreaterThan(0);
    // One write only: the one the dead replica made.
    expect((await deployment('tts-router')).metadata.generation).toBe(before.metadata.generation + 1);
    const audit = await auditOf(run.id);
    expect(audit.filter((r) => r.action === 'action.interrupted')).toMatchObject([{ actor: 'system', outcome: 'failure' }]);
    expect(audit.filter((r) => r.action === 'action.execute')).toHaveLength(0);
    await b.stop();
    await verifyChain();
  });

  it('a replica killed after it began but before its change reached the target: the target is read back, unchanged, and the run is executed once', async () => {
    const before = await deployment('riva-server');
    const { run } = await restartLeftBy('marked-started', 'riva-server');
    const b = replica('unsent-b');
    await deadLeaseExpires(b, run.id);
    const done = await until(async () => {
      await b.tick();
      const current = await runRow(run.id);
      return current.status !== 'executing' ? current : undefined;
    }, 'the run to be taken over');
    expect(done.status, done.result ?? '').toBe('succeeded');
    await Promise.all(b.inFlight());
    expect((await deployment('riva-server')).metadata.generation).toBe(before.metadata.generation + 1);
    expect((await auditOf(run.id)).filter((r) => r.action === 'action.execute')).toMatchObject([{ actor: 'system', outcome: 'success' }]);
    await b.stop();
    await verifyChain();
  });
});

describe('the rounds', () => {
  it('come at least as often as the most frequent job (PMS probes due every 2 s are made every 2 s, not every 5 s)', async () => {
    const rounds: number[] = [];
    const w = replica('rounds', { tickMs: 60_000, leaseTtlMs: 60_000, jobs: [{ name: 'pms-probes', everyMs: 100, run: async () => void rounds.push(Date.now()) }, { name: 'rare', everyMs: 0, run: async () => undefined }] });
    expect(w.tickMs).toBe(100);
    w.start();
    // With a round a minute, the job would have run once by now; polled, never slept.
    await until(async () => rounds.length >= 3 || undefined, 'three rounds of the job', 10_000);
    await w.stop();
    expect(replica('defaults').tickMs).toBe(5_000);
  });
});
