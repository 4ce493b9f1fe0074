// Redis and service-admin remediations when the upstream fails: a real Redis (Debian's redis-server) that
// is stopped half-way, and a real HTTP server on 127.0.0.1 playing an orchestrator whose admin API
// answers 500. Routes and flow in-process on a throwaway SQLite store. Every failure must name its
// upstream (502/503, never a 500), end the run as failed, and be in the audit log.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowContext } from '@/lib/actions/flow';
import type { Store } from '@/lib/server/store/open-store';
import { startRedis } from '@/scripts/stack/redis';
import type { Service } from '@/scripts/stack/processes';
import { signInAs, useThrowawayStore, type SignedIn } from './signed-in';

let redis: Service & { url: string };
let admin: http.Server;
let store: Store;
let operator: SignedIn;
let flow: typeof import('@/lib/actions/flow');
let getExecutor: typeof import('@/lib/actions/executors').getExecutor;
let previewRoute: typeof import('@/app/api/actions/preview/route');
let runsRoute: typeof import('@/app/api/actions/runs/route');
let sections: ReadonlyMap<string, import('@/lib/catalog/schema').Section>;
const tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-token-'));
const tokenFile = path.join(tokenDir, 'token');

beforeAll(async () => {
  useThrowawayStore();
  redis = await startRedis({ logDir: path.join(__dirname, '../../test-results/integration-logs') });
  admin = http.createServer((req, res) => {
    const body = req.method === 'GET' ? { name: 'pms_connector', state: 'open' } : { error: 'breaker store unavailable' };
    res.writeHead(req.method === 'GET' ? 200 : 500, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => admin.listen(0, '127.0.0.1', resolve));
  fs.writeFileSync(tokenFile, 'admin-token\n');
  // Before any server module reads the environment.
  Object.assign(process.env, {
    REDIS_URL: redis.url,
    REDIS_TIMEOUT_MS: '1000',
    SERVICE_ADMIN_URLS: `orchestrator=http://127.0.0.1:${(admin.address() as AddressInfo).port}`,
    SERVICE_ADMIN_TOKEN_FILE: tokenFile,
    PMS_HEALTH_URLS: 'apaleo=http://127.0.0.1:1/health,mews=http://127.0.0.1:1/health',
    PROMETHEUS_URL: 'http://127.0.0.1:1',
  });
  operator = await signInAs('operator', 'olivia');
  store = await (await import('@/lib/server/store/store')).getStore();
  flow = await import('@/lib/actions/flow');
  getExecutor = (await import('@/lib/actions/executors')).getExecutor;
  previewRoute = await import('@/app/api/actions/preview/route');
  runsRoute = await import('@/app/api/actions/runs/route');
  sections = (await import('@/lib/server/catalog')).getCatalog().byId;
});

afterAll(async () => {
  await redis?.stop();
  admin?.closeAllConnections();
  await new Promise((resolve) => admin?.close(resolve));
  fs.rmSync(tokenDir, { recursive: true, force: true });
});

const as = (): FlowContext => ({ store, actor: { actor: 'olivia', actorRole: 'operator', clientAddress: '127.0.0.1' }, role: 'operator' });
const request = { reason: 'integration test', sectionSeverity: 'P2', approvalTtlMs: 60_000 };
const key = () => `key${Math.random().toString(36).slice(2)}xxxxxxxxxxxx`;
const post = (route: { POST(r: Request): Promise<Response> }, url: string, body: unknown) =>
  route.POST(operator.request(`http://console${url}`, { method: 'POST', headers: { origin: 'http://console', 'content-type': 'application/json' }, body: JSON.stringify(body) }));
const audit = (action: string) => store.db.selectFrom('audit_log').select(['target', 'outcome', 'detail']).where('action', '=', action).orderBy('seq').execute();
const clearRateLimit = { section: 'pms-connection', step: 'clear-rate-limit', params: { vendor: 'apaleo' } };

describe('parameters outside their schema, through the route that would run them', () => {
  it.each([
    [{ section: 'rate-limiting', step: 'whitelist-ip', params: { ip: '1.2.3.4.5' } }, 'params.ip', 'params.ip: must be an IPv4 or IPv6 address'],
    [{ section: 'rate-limiting', step: 'clear-rate-limit-counters', params: { id: '12*' } }, 'params.id', 'params.id: must be a numeric id'],
    // Only the configured vendors (PMS_HEALTH_URLS) can be named, not every vendor the runbooks know.
    [{ section: 'pms-connection', step: 'clear-rate-limit', params: { vendor: 'opera' } }, 'params.vendor', 'params.vendor: must be one of apaleo, mews'],
    [{ section: 'circuit-breakers', step: 'reset-circuit-breaker', params: { name: '../../x' } }, 'params.name', 'params.name: must be one of pms_connector, tts, llm'],
    // Issue 14.10: the operator chooses among the section's deployments, and only those.
    [{ section: 'voice-latency', step: 'restart-affected-service', params: { deployment: 'connectors' } }, 'params.deployment', 'params.deployment: must be one of media-agent, orchestrator, tts-router, riva-server'],
    [{ section: 'voice-latency', step: 'restart-affected-service', params: { deployment: '../coredns' } }, 'params.deployment', 'params.deployment: must be one of media-agent, orchestrator, tts-router, riva-server'],
    // Issue 14.7: one bounded choice per key, the seed's value by default.
    [{ section: 'database', step: 'increase-connection-pool', params: { max_connections: 5000 } }, 'params.max_connections', 'params.max_connections: must be at most 200'],
    [{ section: 'monitoring', step: 'adjust-alert-thresholds', params: { high_error_rate: '0.5' } }, 'params.high_error_rate', 'params.high_error_rate: must be one of 0.01, 0.02, 0.05'],
  ])('refuses %j with a 400 naming the field: no run, no key, one audit record', async (body, field, message) => {
    const raw = new (await import('ioredis')).default(redis.url, { lazyConnect: true });
    const keysBefore = await raw.keys('*');
    const runsBefore = (await store.db.selectFrom('action_runs').select('id').execute()).length;
    const refusalsBefore = (await audit('action.refused')).length;
    const response = await post(runsRoute, '/api/actions/runs', { ...body, reason: 'x', idempotencyKey: key(), version: 'e30' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: unknown }).error).toMatchObject({ field, message });
    expect(await raw.keys('*')).toEqual(keysBefore);
    expect((await store.db.selectFrom('action_runs').select('id').execute()).length).toBe(runsBefore);
    const refusals = await audit('action.refused');
    expect(refusals.length).toBe(refusalsBefore + 1);
    expect(refusals.at(-1)).toMatchObject({ target: `${body.section}/${body.step}`, outcome: 'denied' });
    raw.disconnect();
  });
});

describe('a service admin endpoint that fails', () => {
  it('ends the run as failed with the service\'s answer, recorded in the audit log', async () => {
    const action = flow.resolveForActor(as(), sections, { section: 'circuit-breakers', step: 'reset-circuit-breaker', params: { name: 'pms_connector' } });
    const resolved = await action;
    const executor = getExecutor('http-post');
    const preview = await flow.previewAction(as(), resolved, executor);
    const { run } = await flow.requestAction(as(), resolved, { ...request, idempotencyKey: key(), version: preview.version }, executor);
    const done = await flow.executeRun(as(), run, resolved, executor);
    expect(done.status).toBe('failed');
    expect(JSON.parse(done.result ?? '{}').message).toBe('orchestrator admin API: POST /admin/circuit-breakers/pms_connector/reset answered HTTP 500: {"error":"breaker store unavailable"}');
    expect((await audit('action.execute')).at(-1)).toMatchObject({ target: 'orchestrator POST /admin/circuit-breakers/pms_connector/reset', outcome: 'failure' });
  });

  it('answers 503 naming the token file when it cannot be read, and audits the failed preview', async () => {
    fs.rmSync(tokenFile);
    const response = await post(previewRoute, '/api/actions/preview', { section: 'circuit-breakers', step: 'reset-circuit-breaker', params: { name: 'tts' } });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/the admin token file \(SERVICE_ADMIN_TOKEN_FILE\) cannot be read \(ENOENT\)/);
    expect((await audit('action.preview')).at(-1)).toMatchObject({ outcome: 'failure' });
    fs.writeFileSync(tokenFile, 'admin-token\n');
  });
});

describe('Redis going away', () => {
  it('between the request and the execution: the run fails naming Redis, and is audited', async () => {
    const raw = new (await import('ioredis')).default(redis.url);
    await raw.set('ratelimit:apaleo', '57');
    raw.disconnect();
    const resolved = await flow.resolveForActor(as(), sections, clearRateLimit);
    const executor = getExecutor('redis-del');
    const preview = await flow.previewAction(as(), resolved, executor);
    const { run } = await flow.requestAction(as(), resolved, { ...request, idempotencyKey: key(), version: preview.version }, executor);
    await redis.stop();
    const done = await flow.executeRun(as(), run, resolved, executor);
    expect(done.status).toBe('failed');
    expect(JSON.parse(done.result ?? '{}').message).toMatch(/^Redis \(127\.0\.0\.1:\d+\): connection refused/);
    expect((await audit('action.execute')).at(-1)).toMatchObject({ target: 'Redis key ratelimit:apaleo', outcome: 'failure' });
  });

  it('at preview: a 502 naming Redis, never a 500, and the failure is audited', async () => {
    const response = await post(previewRoute, '/api/actions/preview', clearRateLimit);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^Redis \(127\.0\.0\.1:\d+\): connection refused/);
    expect((await audit('action.preview')).at(-1)).toMatchObject({ target: 'Redis key ratelimit:apaleo', outcome: 'failure' });
  });

  it('at confirm: the request is refused naming Redis, no run is made, and the attempt is audited', async () => {
    const resolved = await flow.resolveForActor(as(), sections, clearRateLimit);
    const runsBefore = (await store.db.selectFrom('action_runs').select('id').execute()).length;
    await expect(flow.requestAction(as(), resolved, { ...request, idempotencyKey: key(), version: 'e30' }, getExecutor('redis-del'))).rejects.toThrow(/Redis \(127\.0\.0\.1:\d+\): connection refused/);
    expect((await store.db.selectFrom('action_runs').select('id').execute()).length).toBe(runsBefore);
    expect((await audit('action.request')).at(-1)).toMatchObject({ target: 'Redis key ratelimit:apaleo', outcome: 'failure' });
  });
});
