// Graceful shutdown and the actions running at that moment, on SQLite and PostgreSQL: an execution that ends
// within the grace keeps its outcome (and no recovery watch is started on the way out); one still running
// when the grace ends is marked interrupted (failed, saying the change's fate is unknown), audited, never
// left `executing`. The executor is a stand-in on purpose: what matters is an execution that does not end
// (a Kubernetes API that stopped answering), which the simulator cannot be told to do.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionExecutor, ExecutionResult } from '@/lib/actions/executor';
import { resolveAction } from '@/lib/actions/resolve';
import type { Actor } from '@/lib/auth/actor';
import { loadCatalog } from '@/lib/catalog/load';
import type { Store } from '@/lib/server/store/open-store';
import { waitUntil } from '@/scripts/stack/processes';
import { auditSince, closeStores, engines, freshStore, lastSeq, unique, type Engine } from './store-engines';

const sections = new Map(loadCatalog(path.resolve(__dirname, '../../runbooks')).map((s) => [s.id, s]));
const operator: Actor = { actor: 'olivia', actorRole: 'operator', clientAddress: '127.0.0.1' };
const resolved = resolveAction(sections, 'call-failures', 'scale-orchestrator', { replicas: 5 });

function executorWith(execute: () => Promise<ExecutionResult>, followed: string[]): ActionExecutor {
  return {
    preview: () => Promise.reject(new Error('not used')),
    execute,
    follow: () => {
      followed.push('follow');
      return Promise.resolve({ state: 'complete', message: 'done' });
    },
  } as unknown as ActionExecutor;
}

beforeAll(async () => {
  // Prometheus is not there (a closed port): the section reads before and after an execution say "unknown".
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.PROMETHEUS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise((resolve) => server.close(resolve));
  process.env.CONSOLE_URL = 'http://127.0.0.1:3000';
});

beforeEach(() => {
  // The shutdown registry is per process (globalThis): each test shuts a fresh one down.
  delete (globalThis as { __voicehiveShutdown?: unknown }).__voicehiveShutdown;
});

afterAll(closeStores);

describe.each(engines)('shutdown with running actions on %s', (engine: Engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine, 'shutdown');
  });

  async function startedRun() {
    const { createRun } = await import('@/lib/actions/runs');
    const { run } = await createRun(store, operator, { resolved, diff: [{ path: 'spec.replicas', before: 3, after: 5 }], version: 'e30', reason: 'test', idempotencyKey: unique('key'), needsApproval: false, approvalTtlMs: 60_000 });
    expect(run.status).toBe('executing');
    return run;
  }

  it('an execution still running when the grace ends is marked interrupted and audited, not left executing', async () => {
    const { executeAndWatch } = await import('@/lib/actions/flow');
    const { getRun } = await import('@/lib/actions/runs');
    const { runningWork, shutdown } = await import('@/lib/server/shutdown');
    const run = await startedRun();
    const followed: string[] = [];
    void executeAndWatch({ store, actor: operator, role: 'operator' }, run, resolved, executorWith(() => new Promise(() => undefined), followed));
    await waitUntil(() => Promise.resolve(runningWork().includes(`action run ${run.id}`)), 'the execution to be tracked', 10_000, 20);
    const before = await lastSeq(store);

    const report = await shutdown(200);
    expect(report.interrupted).toEqual([`action run ${run.id}`]);
    const after = (await getRun(store, run.id))!;
    expect(after.status).toBe('failed');
    const result = JSON.parse(after.result!) as { message: string; interrupted: boolean };
    expect(result.interrupted).toBe(true);
    expect(result.message).toMatch(/^Interrupted: the console shut down .* Whether the change was applied is not known/);
    expect((await auditSince(store, before)).map((r) => [r.action, r.actor, r.outcome])).toEqual([['action.execute', 'system', 'failure']]);
    expect(followed).toEqual([]);
  });

  it('an execution that ends within the grace keeps its outcome, and no recovery watch starts on the way out', async () => {
    const { executeAndWatch } = await import('@/lib/actions/flow');
    const { getRun } = await import('@/lib/actions/runs');
    const { runningWork, shutdown } = await import('@/lib/server/shutdown');
    const run = await startedRun();
    const followed: string[] = [];
    let finish: ((result: ExecutionResult) => void) | undefined;
    const watching = executeAndWatch({ store, actor: operator, role: 'operator' }, run, resolved, executorWith(() => new Promise((resolve) => (finish = resolve)), followed));
    await waitUntil(() => Promise.resolve(runningWork().includes(`action run ${run.id}`)), 'the execution to be tracked', 10_000, 20);

    // The section is read first (the verdict's baseline), then the executor is called.
    await waitUntil(() => Promise.resolve(finish !== undefined), 'the executor to be called', 10_000, 20);
    const shuttingDown = shutdown(30_000);
    finish!({ message: 'orchestrator scaled to 5' });
    const report = await shuttingDown;
    await watching;
    expect(report).toMatchObject({ finished: [`action run ${run.id}`], interrupted: [] });
    const after = (await getRun(store, run.id))!;
    expect(after.status).toBe('succeeded');
    expect(followed).toEqual([]);
  });
});
