// Issue 12.1: every action step of the catalog, walked against the simulator (its Kubernetes double, its
// services' admin endpoints, and a real Redis from Debian that its connectors count in) with valid
// parameters: the preview changes something, the run succeeds, and what is read back afterwards, here
// and independently of the executor, is what was approved.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBound } from '@/lib/actions/binding';
import { findUnheldChanges, type Change } from '@/lib/actions/diff';
import type { ExecutionResult } from '@/lib/actions/executor';
import type { FlowContext } from '@/lib/actions/flow';
import type { ResolvedAction } from '@/lib/actions/resolve';
import { loadCatalog } from '@/lib/catalog/load';
import type { Action } from '@/lib/catalog/schema';
import type { Store } from '@/lib/server/store/open-store';
import { DEFAULT_ADMIN_TOKEN } from '@/sim/admin';
import type { Simulator } from '@/sim/server';
import { startRedis } from '@/scripts/stack/redis';
import { addPeople, pointStoreAtTempFile } from './flow-harness';

const TOKEN = 'voicehive-sim-token';
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-walk-'));
let redisServer: Awaited<ReturnType<typeof startRedis>>;
let redis: Redis;
let sim: Simulator;
let store: Store;
let flow: typeof import('@/lib/actions/flow');
let getExecutor: typeof import('@/lib/actions/executors').getExecutor;
let resolve: (section: string, step: string, params: Record<string, unknown>) => ResolvedAction;
let catalogAction: (section: string, step: string) => Action;

// Every step with a button, from the catalog on disk (not the one the console loaded, so none is missed).
const steps = loadCatalog(path.resolve(__dirname, '../../runbooks')).flatMap((s) => s.resolution.filter((step) => step.action).map((step) => [s.id, step.id] as const));

/** Where the estate must be for a step to have something to do: a breaker open, a token expired. */
const scenarioFor: Record<string, string> = {
  'circuit-breakers/reset-circuit-breaker': 'circuit-breaker-open',
  'pms-connection/refresh-pms-credentials': 'pms-token-expired',
  'livekit/update-livekit-config': 'livekit-down',
};
const paramOverrides: Record<string, Record<string, unknown>> = {
  'pms-connection/refresh-pms-credentials': { vendor: 'mews' },
  // The simulator's ConfigMaps hold 40 connections and a 1 % threshold: choose values that change them.
  'database/increase-connection-pool': { max_connections: 100 },
  'performance/increase-connection-pool': { max_connections: 50 },
  'monitoring/adjust-alert-thresholds': { high_error_rate: '0.05' },
  // Load shedding lowers the media agents' cap, which the simulator seeds at 25.
  'performance/load-shedding': { max_concurrent_calls: 20 },
  // The orchestrator's limit is 2Gi in the simulator: a raise.
  'memory-cpu/increase-memory-limits': { memory_mib: 3072 },
};

beforeAll(async () => {
  pointStoreAtTempFile();
  redisServer = await startRedis({ logDir });
  redis = new Redis(redisServer.url);
  const { startSimulator } = await import('@/sim/server');
  sim = await startSimulator({ port: 0, redisUrl: redisServer.url, tickMs: 50, kubeStepMs: 40, kubeOptions: { jobRunMs: 200 } });
  Object.assign(process.env, {
    KUBE_API_URL: sim.url,
    KUBE_TOKEN: TOKEN,
    REDIS_URL: redisServer.url,
    SERVICE_ADMIN_URLS: `orchestrator=${sim.url}/services/orchestrator,connectors=${sim.url}/services/connectors`,
    SERVICE_ADMIN_TOKEN: DEFAULT_ADMIN_TOKEN,
    PROMETHEUS_URL: 'http://127.0.0.1:1',
    PMS_HEALTH_URLS: `apaleo=${sim.url}/pms/apaleo/health,mews=${sim.url}/pms/mews/health`,
    ACTION_POD_WAIT: '30s',
  });
  store = await (await import('@/lib/server/store/store')).getStore();
  await addPeople(store);
  flow = await import('@/lib/actions/flow');
  getExecutor = (await import('@/lib/actions/executors')).getExecutor;
  const { resolveAction } = await import('@/lib/actions/resolve');
  const { getCatalog } = await import('@/lib/server/catalog');
  resolve = (section, step, params) => resolveAction(getCatalog().byId, section, step, params);
  catalogAction = (section, step) => getCatalog().byId.get(section)!.resolution.find((s) => s.id === step)!.action!;
});

afterAll(async () => {
  await sim?.close();
  redis?.disconnect();
  await redisServer?.stop();
  fs.rmSync(logDir, { recursive: true, force: true });
});

const as = (actor: string, role: FlowContext['role']): FlowContext => ({ store, actor: { actor, actorRole: role, clientAddress: '127.0.0.1' }, role });
const kube = async <T>(url: string): Promise<T> => (await fetch(`${sim.url}${url}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<T>;
const admin = async (url: string) => (await fetch(`${sim.url}/services/${url}`, { headers: { authorization: `Bearer ${DEFAULT_ADMIN_TOKEN}` } })).json() as Promise<Record<string, unknown>>;
const apiPath = (target: ResolvedAction['target'], kind: Action['kind']) =>
  kind === 'patch-configmap' ? `/api/v1/namespaces/${target.namespace}/configmaps/${target.name}` : `/apis/apps/v1/namespaces/${target.namespace}/deployments/${target.name}`;

/** Valid parameters, chosen so the step has something to do (a scale to another count than the current one). */
async function paramsFor(section: string, step: string, action: Action): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(action.params)) {
    if (paramOverrides[`${section}/${step}`]?.[name] !== undefined) continue;
    if (spec.type === 'integer') {
      const current = (await kube<{ spec: { replicas: number } }>(apiPath(action.target, action.kind))).spec.replicas;
      params[name] = current + 1 <= spec.max ? current + 1 : current - 1;
    } else if (spec.type === 'enum') params[name] = spec.values[0];
    else if (spec.type === 'pms-vendor') params[name] = 'apaleo';
    else if (spec.type === 'ipv4-or-ipv6') params[name] = '203.0.113.7';
    else if (spec.type === 'numeric-id') params[name] = '123';
    else params[name] = ['198.51.100.7', '203.0.113.9'];
  }
  return { ...params, ...paramOverrides[`${section}/${step}`] };
}

/** What the Redis steps act on, there before they run. */
async function prepareRedis(action: ResolvedAction): Promise<void> {
  await redis.flushdb();
  if (action.action.kind === 'redis-del') await redis.set(action.target.key!, '57', 'EX', 600);
  if (action.action.kind === 'redis-flushdb' || action.action.kind === 'redis-memory-purge') await redis.mset('session:walk-a', 'x', 'session:walk-b', 'y');
}

/** The object read back here, not by the executor, against the approved diff. */
async function readBack(action: ResolvedAction, changes: Change[], version: string, result: ExecutionResult): Promise<void> {
  const { kind } = action.action;
  if (['rollout-restart', 'set-env', 'set-memory-limit', 'rollout-undo', 'scale', 'patch-configmap'].includes(kind)) {
    expect(findUnheldChanges(changes, await kube(apiPath(action.target, kind)))).toEqual([]);
  } else if (kind === 'delete-pods') {
    const approved = Object.values(decodeBound(version)).map(String);
    const pods = (await kube<{ items: { metadata: { uid: string; deletionTimestamp?: string } }[] }>(`/api/v1/namespaces/${action.target.namespace}/pods`)).items;
    expect(pods.filter((p) => approved.includes(p.metadata.uid) && !p.metadata.deletionTimestamp)).toEqual([]);
  } else if (kind === 'create-job-from-cronjob') {
    const ref = result.follow as { name: string };
    expect(await kube(`/apis/batch/v1/namespaces/${action.target.namespace}/jobs/${ref.name}`)).toMatchObject({ metadata: { name: ref.name, ownerReferences: [{ kind: 'CronJob', name: action.target.name }] } });
  } else if (kind === 'redis-del') {
    // Gone, or counted again from scratch by the limiter (a new value, with an expiry): never the 57 it held.
    expect(await redis.get(action.target.key!)).not.toBe('57');
  } else if (kind === 'redis-set') {
    expect(changes).toEqual([{ path: action.target.key, before: '(does not exist)', after: `"${action.action.values.value}" (expires in ${action.action.values.ttlSeconds} s)` }]);
    expect(await redis.get(action.target.key!)).toBe(action.action.values.value);
    expect(await redis.ttl(action.target.key!)).toBeGreaterThan(Number(action.action.values.ttlSeconds) - 60);
  } else if (kind === 'redis-flushdb') {
    expect(await redis.exists('session:walk-a', 'session:walk-b')).toBe(0);
  } else if (kind === 'redis-memory-purge') {
    // A purge frees allocator pages, never keys: the server's figures before and after, and the keys still there.
    expect(result.details).toMatchObject({ before: { usedMemoryBytes: expect.any(Number) }, after: { usedMemoryBytes: expect.any(Number) } });
    expect(await redis.exists('session:walk-a', 'session:walk-b')).toBe(2);
  } else if (kind === 'http-post') {
    const { service, statusPath } = action.target;
    expect(await admin(`${service}${statusPath}`)).toMatchObject(action.action.values);
  } else throw new Error(`no read-back for ${kind}`);
}

describe('issue 12.1: every action step of the catalog, against the simulator', () => {
  it('walks every step that has a button', () => {
    expect(steps.length).toBeGreaterThanOrEqual(40);
  });

  it.each(steps)('%s/%s: the preview changes something, the run succeeds, and the read-back is the approved diff', async (sectionId, stepId) => {
    const scenario = scenarioFor[`${sectionId}/${stepId}`] ?? 'healthy';
    if (sim.getScenario().id !== scenario) {
      sim.setScenario(scenario);
      // A switch starts fresh rate-limit windows in Redis on the estate's next tick: let it pass first.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    sim.kube!.reset();
    const action = resolve(sectionId, stepId, await paramsFor(sectionId, stepId, catalogAction(sectionId, stepId)));
    await prepareRedis(action);
    const executor = getExecutor(action.action.kind);
    const preview = await flow.previewAction(as('olivia', 'operator'), action, executor);
    expect(preview.changes.some((c) => JSON.stringify(c.before) !== JSON.stringify(c.after)), JSON.stringify(preview.changes)).toBe(true);
    expect(preview.nothingToChange).toBeNull();
    for (const [name, value] of Object.entries(action.params)) expect(JSON.stringify(preview.changes).concat(JSON.stringify(action.target)), `parameter ${name} reaches the change`).toContain(Array.isArray(value) ? value.join(',') : String(value));
    const { run } = await flow.requestAction(as('olivia', 'operator'), action, { reason: 'catalog walk', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: `walk-${sectionId}-${stepId}-${Date.now()}`.slice(0, 64), version: preview.version }, executor);
    const toRun = run.status === 'pending-approval' ? await flow.approveRun(as('adam', 'approver'), run, action, null, executor) : run;
    const done = await flow.executeRun(as('adam', 'approver'), toRun, action, executor);
    expect(done.status, done.result ?? '').toBe('succeeded');
    await readBack(action, JSON.parse(done.diff) as Change[], done.resource_version ?? '', JSON.parse(done.result ?? '{}') as ExecutionResult);
  });
});
