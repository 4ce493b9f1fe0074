// Redis and service-admin remediations end to end below the browser: the simulator (whose connectors keep
// their rate-limit counters in a real Redis from Debian, and which serves the services' admin endpoints),
// a real Prometheus, the console's routes and flow in-process on a throwaway SQLite store. Nothing mocked.
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowContext } from '@/lib/actions/flow';
import type { ResolvedAction } from '@/lib/actions/resolve';
import type { PmsPanelReport } from '@/lib/pms/panel-report';
import type { Store } from '@/lib/server/store/open-store';
import { waitUntil } from '@/scripts/stack/processes';
import type { Stack } from '@/scripts/stack/stack';
import { forgetHistory, startIntegrationStack } from './estate';
import { signInAs, useThrowawayStore, type SignedIn } from './signed-in';

let stack: Stack;
let redis: Redis;
let store: Store;
let viewer: SignedIn;
let flow: typeof import('@/lib/actions/flow');
let getExecutor: typeof import('@/lib/actions/executors').getExecutor;
let resolve: (section: string, step: string, params?: Record<string, unknown>) => ResolvedAction;
let pmsRoute: typeof import('@/app/api/sections/[id]/pms/[panelId]/route');
let sectionRoute: typeof import('@/app/api/sections/[id]/route');

beforeAll(async () => {
  useThrowawayStore();
  stack = await startIntegrationStack();
  redis = new Redis(stack.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  viewer = await signInAs('viewer');
  store = await (await import('@/lib/server/store/store')).getStore();
  flow = await import('@/lib/actions/flow');
  getExecutor = (await import('@/lib/actions/executors')).getExecutor;
  const { resolveAction } = await import('@/lib/actions/resolve');
  const { getCatalog } = await import('@/lib/server/catalog');
  resolve = (section, step, params = {}) => resolveAction(getCatalog().byId, section, step, params);
  pmsRoute = await import('@/app/api/sections/[id]/pms/[panelId]/route');
  sectionRoute = await import('@/app/api/sections/[id]/route');
});

afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
});

const as: FlowContext = { get store() { return store; }, actor: { actor: 'olivia', actorRole: 'operator', clientAddress: '127.0.0.1' }, role: 'operator' };
const request = (severity: string, version: string) => ({ reason: 'integration test', version, sectionSeverity: severity, approvalTtlMs: 60_000, idempotencyKey: `key${Math.random().toString(36).slice(2)}xxxxxxxxxxxx` });

async function severityOf(id: string): Promise<string> {
  const response = await sectionRoute.GET(viewer.request(`http://console/api/sections/${id}`), { params: Promise.resolve({ id }) });
  return ((await response.json()) as { status: { severity: string } }).status.severity;
}

async function readPmsPanel(): Promise<PmsPanelReport> {
  const params = Promise.resolve({ id: 'pms-connection', panelId: 'pms-health' });
  const response = await pmsRoute.GET(viewer.request('http://console/api/sections/pms-connection/pms/pms-health'), { params });
  expect(response.status).toBe(200);
  return (await response.json()) as PmsPanelReport;
}

async function switchTo(scenario: string, section: string, severity: string) {
  stack.setScenario(scenario);
  await forgetHistory(stack.prometheus.url);
  await expect.poll(() => severityOf(section), { timeout: 60_000, interval: 1000 }).toBe(severity);
}

const auditRecords = (target: string) => store.db.selectFrom('audit_log').select(['action', 'outcome', 'actor']).where('target', '=', target).orderBy('seq').execute();

describe('a stuck PMS rate limit in Redis', () => {
  it('shows on the apaleo tile; clearing it deletes the key in Redis, is audited, and the section recovers', async () => {
    await switchTo('pms-rate-limited', 'pms-connection', 'P1');
    await expect.poll(async () => (await readPmsPanel()).vendors.find((v) => v.vendor === 'apaleo')?.rateLimit?.state?.exists, { timeout: 30_000, interval: 1000 }).toBe(true);
    const stuck = (await readPmsPanel()).vendors.find((v) => v.vendor === 'apaleo')!;
    // The limiter counts refused calls too, so the stuck counter keeps growing from 9000, never expiring.
    expect(stuck.rateLimit).toMatchObject({ key: 'ratelimit:apaleo', state: { exists: true, ttlSeconds: null }, error: null });
    expect(Number(stuck.rateLimit?.state?.value)).toBeGreaterThanOrEqual(9000);
    expect(stuck.traffic?.errorRatio).toBeGreaterThan(0.5);
    expect(stuck.state).toBe('up'); // the vendor itself is fine: our own limiter refuses the calls

    const action = resolve('pms-connection', 'clear-rate-limit', { vendor: 'apaleo' });
    const executor = getExecutor(action.action.kind);
    const preview = await flow.previewAction(as, action, executor);
    expect(preview).toMatchObject({ target: 'Redis key ratelimit:apaleo', changes: [{ path: 'ratelimit:apaleo', before: expect.stringMatching(/^"9\d{3}" \(no expiry\)$/), after: '(deleted)' }] });
    expect(Number(await redis.ttl('ratelimit:apaleo'))).toBe(-1); // a preview writes nothing: still there, still without expiry

    const { run } = await flow.requestAction(as, action, request('P1', preview.version), executor);
    const done = await flow.executeRun(as, run, action, executor);
    expect(done.status).toBe('succeeded');
    expect(JSON.parse(done.result ?? '{}').message).toMatch(/^deleted ratelimit:apaleo \(it held "9\d{3}", with no expiry\)$/);
    // The simulator's limiter starts a fresh window: the key comes back with an expiry, under the limit.
    await expect.poll(async () => Number(await redis.ttl('ratelimit:apaleo')), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(Number(await redis.get('ratelimit:apaleo'))).toBeLessThan(1800);
    expect((await auditRecords('Redis key ratelimit:apaleo')).map((r) => `${r.action}:${r.outcome}:${r.actor}`)).toEqual(['action.preview:success:olivia', 'action.execute.start:success:olivia', 'action.execute:success:olivia']);
    await expect.poll(() => severityOf('pms-connection'), { timeout: 60_000, interval: 1000 }).toBe('ok');
  });
});

describe('a circuit breaker stuck open', () => {
  it('is reset through the orchestrator admin endpoint: the breaker closes and the section recovers', async () => {
    await switchTo('circuit-breaker-open', 'circuit-breakers', 'P2');
    // The panel is a snapshot refreshed once per interval while viewed: the switch shows by its next refresh.
    await expect.poll(async () => (await readPmsPanel()).breaker, { timeout: 30_000, interval: 1000 }).toEqual({ name: 'pms_connector', state: 'open', error: null });
    const action = resolve('circuit-breakers', 'reset-circuit-breaker', { name: 'pms_connector' });
    const executor = getExecutor(action.action.kind);
    const preview = await flow.previewAction(as, action, executor);
    expect(preview).toMatchObject({ target: 'orchestrator POST /admin/circuit-breakers/pms_connector/reset', changes: [{ path: 'state', before: 'open', after: 'closed' }], warnings: [] });

    const { run } = await flow.requestAction(as, action, request('P2', preview.version), executor);
    const done = await flow.executeRun(as, run, action, executor);
    expect(JSON.parse(done.result ?? '{}').message).toMatch(/^orchestrator answered HTTP 200: \{"name":"pms_connector","state":"closed","previous":"open"/);
    expect(await executor.follow(action, JSON.parse(done.result ?? '{}'))).toEqual({ state: 'complete', message: 'orchestrator reports state closed' });
    await expect.poll(() => severityOf('circuit-breakers'), { timeout: 60_000, interval: 1000 }).toBe('ok');
    await expect.poll(async () => (await readPmsPanel()).breaker?.state, { timeout: 30_000, interval: 1000 }).toBe('closed');
    expect((await auditRecords('orchestrator POST /admin/circuit-breakers/pms_connector/reset')).map((r) => r.action)).toEqual(['action.preview', 'action.execute.start', 'action.execute']);
  });
});

describe('an expired PMS token', () => {
  it('is refreshed through the connectors admin endpoint and mews calls succeed again', async () => {
    await switchTo('pms-token-expired', 'pms-connection', 'P1');
    const action = resolve('pms-connection', 'refresh-pms-credentials', { vendor: 'mews' });
    const executor = getExecutor(action.action.kind);
    const preview = await flow.previewAction(as, action, executor);
    expect(preview.changes).toEqual([{ path: 'tokenState', before: 'expired', after: 'valid' }]);
    const { run } = await flow.requestAction(as, action, request('P1', preview.version), executor);
    expect((await flow.executeRun(as, run, action, executor)).status).toBe('succeeded');
    await expect.poll(() => severityOf('pms-connection'), { timeout: 60_000, interval: 1000 }).toBe('ok');
  });
});

describe('the PMS panel for many viewers', () => {
  it('costs at most one probe and one rate-limit read per vendor, and one query per figure, however many watch', async () => {
    const { getConsoleMetrics } = await import('@/lib/server/console-metrics');
    const misses = async () => {
      const { values } = await getConsoleMetrics().upstreamCache.get();
      const count = (upstream: string) => values.filter((v) => v.labels.upstream === upstream && v.labels.result === 'miss').reduce((sum, v) => sum + v.value, 0);
      return { pms: count('pms'), redis: count('redis'), prometheus: count('prometheus') };
    };
    // The overview's snapshot (issue 16) may still be refreshing in the background after the tests before, reading
    // Prometheus in this process too: wait until the misses settle, so only the panel's own reads are counted.
    let settled = await misses();
    await waitUntil(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const now = await misses();
      const quiet = now.prometheus === settled.prometheus;
      settled = now;
      return quiet;
    }, 'other Prometheus reads to settle', 60_000, 0);
    const before = await misses();
    const answers = await Promise.all(Array.from({ length: 20 }, () => readPmsPanel()));
    const after = await misses();
    expect(answers.every((a) => a.vendors.length === 5)).toBe(true);
    expect(after.pms - before.pms).toBeLessThanOrEqual(5);
    expect(after.redis - before.redis).toBeLessThanOrEqual(5);
    expect(after.prometheus - before.prometheus).toBeLessThanOrEqual(3);
  });
});
