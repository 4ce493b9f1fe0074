// Issue 18: a replica SIGKILLed while it follows a rollout. Two background workers in processes of their own
// (test/support/background-worker-process.ts) share a PostgreSQL store and the simulator's Kubernetes double.
// The double's controllers are stepped by the test only (kubeStepMs of an hour), so the rollout cannot end while
// the first process lives: it is killed for certain mid-follow, with no race against the rollout. The second
// process takes the run over once the first one's leases expire, follows the rollout to its end, once, and the
// audit chain (written by three processes) verifies.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStores, freshConfig } from './store-engines';
import { APPS, startFlowHarness, until, type FlowHarness } from './flow-harness';

const root = path.resolve(__dirname, '../..');
let h: FlowHarness;
const children = new Set<ChildProcess>();

/** Starts one replica's background worker in a process of its own (node itself, so SIGKILL reaches it, not a wrapper). */
async function startReplica(name: string): Promise<ChildProcess & { output: () => string }> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'test/support/background-worker-process.ts', name], { cwd: root, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until(async () => output.includes(`ready ${name}`) || (child.exitCode !== null ? Promise.reject(new Error(`${name} exited: ${output}`)) : undefined), `${name} to start`, 60_000);
  return Object.assign(child, { output: () => output });
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

beforeAll(async () => {
  const { databaseUrl } = await freshConfig('postgres', 'sigkill');
  process.env.DATABASE_URL = databaseUrl;
  h = await startFlowHarness({ kubeStepMs: 3_600_000 });
});
afterAll(async () => {
  for (const child of [...children]) await stopChild(child, 'SIGKILL');
  await h?.store.close();
  await h?.sim.close();
  await closeStores();
  delete process.env.DATABASE_URL;
});

const runRow = (id: string) => h.store.db.selectFrom('action_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const leaseOf = (name: string) => h.store.db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();

describe('a replica killed during a rollout being followed', () => {
  it('another replica finishes following it, the change is made once, and the audit chain verifies', async () => {
    expect(h.store.engine).toBe('postgres');
    const before = await h.kube<{ metadata: { generation: number } }>(`${APPS}/deployments/media-agent`);
    const replicaA = await startReplica('replica-a');
    // Confirmed (no approval needed): executing, and picked up by the only replica's worker.
    const action = h.resolve('voice-latency', 'restart-affected-service');
    const executor = h.getExecutor(action.action.kind);
    const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
    const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'issue 18', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
    await until(async () => (await runRow(run.id)).status === 'succeeded' && (await leaseOf(`run:${run.id}`))?.holder === 'replica-a', 'replica-a to execute the run and follow it', 60_000);

    await stopChild(replicaA, 'SIGKILL');
    const left = await runRow(run.id);
    expect(left, replicaA.output()).toMatchObject({ status: 'succeeded', progress: null });
    expect((await h.kube<{ metadata: { generation: number } }>(`${APPS}/deployments/media-agent`)).metadata.generation).toBe(before.metadata.generation + 1);

    const replicaB = await startReplica('replica-b');
    // The rollout moves on (the test steps the double's controllers) and replica-b, once replica-a's leases have
    // expired, takes the run over and records its end.
    const done = await until(
      async () => {
        h.sim.kube!.step();
        const current = await runRow(run.id);
        return current.progress !== null && current.verdict !== null ? current : undefined;
      },
      'replica-b to follow the rollout to its end',
      60_000,
    ).catch((error: unknown) => Promise.reject(new Error(`${String(error)}\n${replicaB.output()}`)));
    expect(JSON.parse(done.progress ?? '{}')).toMatchObject({ state: 'complete' });
    expect(done.status).toBe('succeeded');
    await until(async () => (await leaseOf(`run:${run.id}`)) === undefined, 'replica-b to release the run');
    await stopChild(replicaB, 'SIGTERM');
    // Released on shutdown: the background lease is free at once.
    expect(await leaseOf('background')).toBeUndefined();

    // The change was sent once; one execution and one verdict in the audit log, and the chain is one valid chain.
    expect((await h.kube<{ metadata: { generation: number } }>(`${APPS}/deployments/media-agent`)).metadata.generation).toBe(before.metadata.generation + 1);
    const audit = await h.store.db.selectFrom('audit_log').select(['action', 'actor']).where('detail', 'like', `%${run.id}%`).orderBy('seq').execute();
    expect(audit.filter((r) => r.action === 'action.execute')).toHaveLength(1);
    expect(audit.filter((r) => r.action === 'action.verdict')).toHaveLength(1);
    const { verifyAuditLog } = await import('@/lib/audit/log');
    expect((await verifyAuditLog(h.store.db)).problems).toEqual([]);
  });
});
