// The services' admin endpoints adapter (lib/server/services) and the http-post executor against a
// real HTTP server on 127.0.0.1 playing the orchestrator's and connectors' admin APIs: the token sent,
// paths the catalog could never produce refused before any request, redirects not followed, a hang
// answered within the timeout, errors named, bodies cut. The simulator's own endpoints are exercised
// end to end in e2e/live.actions-upstreams.spec.ts.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpExecutor } from '@/lib/actions/http-executor';
import { resolveAction } from '@/lib/actions/resolve';
import { ApiError } from '@/lib/api/errors';
import { loadCatalog } from '@/lib/catalog/load';
import { parseEnv } from '@/lib/env';
import { createServiceAdminClient } from '@/lib/server/services/client';
import { ServiceAdminError } from '@/lib/server/services/errors';
import { serviceAdminSettingsFromEnv } from '@/lib/server/services/settings';
import { findFreePort } from '@/scripts/stack/processes';

const TOKEN = 'admin-token-for-tests';
let server: http.Server;
let base: string;
const requests: { method: string; path: string; authorization?: string }[] = [];
let breaker = 'open';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? '', path: p, authorization: req.headers.authorization });
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (p === '/orchestrator/admin/circuit-breakers/pms_connector' && req.method === 'GET') json(200, { name: 'pms_connector', state: breaker });
    else if (p === '/orchestrator/admin/circuit-breakers/pms_connector/reset' && req.method === 'POST') {
      const previous = breaker;
      breaker = 'closed';
      json(200, { name: 'pms_connector', state: 'closed', previous });
    } else if (p === '/orchestrator/admin/fails') json(500, { error: 'breaker store unavailable' });
    else if (p === '/orchestrator/admin/moved') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else if (p === '/orchestrator/admin/hang') {
      // Never answers.
    } else if (p === '/orchestrator/admin/huge') res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(1_000_000));
    else json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
  breaker = 'open';
});

const settingsFor = (env: Record<string, string>) => serviceAdminSettingsFromEnv(parseEnv({ SERVICE_ADMIN_URLS: `orchestrator=${base}/orchestrator,connectors=${base}/connectors`, SERVICE_ADMIN_TOKEN: TOKEN, SERVICE_ADMIN_TIMEOUT_MS: '800', ...env }));
const client = () => createServiceAdminClient(settingsFor({}));

async function failure(promise: Promise<unknown>): Promise<ServiceAdminError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServiceAdminError) return error;
    throw error;
  }
  throw new Error('expected a ServiceAdminError');
}

describe('service admin client', () => {
  it('calls the configured base URL with the bearer token and reads JSON', async () => {
    const answer = await client().post('orchestrator', '/admin/circuit-breakers/pms_connector/reset');
    expect(answer).toEqual({ status: 200, body: { name: 'pms_connector', state: 'closed', previous: 'open' }, truncated: false });
    expect(requests).toEqual([{ method: 'POST', path: '/orchestrator/admin/circuit-breakers/pms_connector/reset', authorization: `Bearer ${TOKEN}` }]);
  });

  it('refuses a service that is not configured (503) and paths that could leave the base path, before any request', async () => {
    const missing = await failure(client().post('billing', '/admin/x'));
    expect(missing.toApiError()).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/no admin URL is configured for billing \(SERVICE_ADMIN_URLS\)/) });
    for (const bad of ['/admin/../../etc', '//evil.example/x', '/admin/x?y=1', 'admin/x', '/admin/%2e%2e/x', '/admin/x#y', 'http://evil.example/']) {
      expect((await failure(client().get('orchestrator', bad))).code).toBe('bad-path');
    }
    expect(requests).toEqual([]);
  });

  it('does not follow a redirect, even to a metadata address', async () => {
    const error = await failure(client().post('orchestrator', '/admin/moved'));
    expect(error.code).toBe('redirect');
    expect(error.message).toMatch(/orchestrator admin API: POST \/admin\/moved answered a redirect \(HTTP 302\), which is not followed/);
    expect(requests).toHaveLength(1);
  });

  it('names the status and the body of a failed call (502)', async () => {
    const error = await failure(client().post('orchestrator', '/admin/fails'));
    expect(error.toApiError()).toMatchObject({ code: 'upstream', message: 'orchestrator admin API: POST /admin/fails answered HTTP 500: {"error":"breaker store unavailable"}' });
  });

  it('answers a hanging endpoint as a timeout within SERVICE_ADMIN_TIMEOUT_MS', async () => {
    const started = Date.now();
    const error = await failure(client().post('orchestrator', '/admin/hang'));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/no answer within 800 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('answers a closed port as unreachable', async () => {
    const port = await findFreePort();
    const closed = createServiceAdminClient(serviceAdminSettingsFromEnv(parseEnv({ SERVICE_ADMIN_URLS: `orchestrator=http://127.0.0.1:${port}`, SERVICE_ADMIN_TIMEOUT_MS: '800' })));
    const error = await failure(closed.get('orchestrator', '/admin/x'));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/connection refused/);
  });

  it('cuts a huge body', async () => {
    const answer = await client().get('orchestrator', '/admin/huge');
    expect(answer.truncated).toBe(true);
    expect(String(answer.body).length).toBe(4096);
  });

  it('reads a rotated token file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-token-'));
    const file = path.join(dir, 'token');
    fs.writeFileSync(file, 'first-token\n');
    const rotating = createServiceAdminClient(settingsFor({ SERVICE_ADMIN_TOKEN: '', SERVICE_ADMIN_TOKEN_FILE: file }));
    await rotating.get('orchestrator', '/admin/circuit-breakers/pms_connector');
    fs.writeFileSync(file, 'second-token\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    await rotating.get('orchestrator', '/admin/circuit-breakers/pms_connector');
    expect(requests.map((r) => r.authorization)).toEqual(['Bearer first-token', 'Bearer second-token']);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('http-post executor with the catalog step circuit-breakers/reset-circuit-breaker', () => {
  const sections = new Map(loadCatalog('runbooks').map((s) => [s.id, s]));
  const executor = createHttpExecutor(client);
  const reset = () => resolveAction(sections, 'circuit-breakers', 'reset-circuit-breaker', { name: 'pms_connector' });
  const ctx = { requester: 'olivia' };

  it('previews from the status endpoint, sends nothing else, then resets and verifies', async () => {
    const preview = await executor.preview(reset(), ctx);
    expect(preview).toMatchObject({ target: 'orchestrator POST /admin/circuit-breakers/pms_connector/reset', changes: [{ path: 'state', before: 'open', after: 'closed' }], warnings: [] });
    expect(requests.map((r) => r.method)).toEqual(['GET']);
    expect(await executor.follow(reset(), { message: 'not yet' })).toEqual({ state: 'in-progress', message: 'orchestrator reports state is open (want closed)' });

    const result = await executor.execute(reset(), { bound: preview.bound, changes: preview.changes }, ctx);
    expect(result.message).toBe('orchestrator answered HTTP 200: {"name":"pms_connector","state":"closed","previous":"open"}; orchestrator now reports state closed');
    expect(await executor.follow(reset(), result)).toEqual({ state: 'complete', message: 'orchestrator reports state closed' });
  });

  it('warns when the breaker is already closed', async () => {
    breaker = 'closed';
    expect((await executor.preview(reset(), ctx)).warnings).toEqual(['orchestrator already reports state closed: sending it again changes nothing.']);
  });

  it('refuses a breaker name outside the allowlist with a message naming the field, and calls nothing', () => {
    for (const name of ['pms_connector/../../x', 'billing', '']) {
      expect(() => resolveAction(sections, 'circuit-breakers', 'reset-circuit-breaker', { name })).toThrow(ApiError);
      expect(() => resolveAction(sections, 'circuit-breakers', 'reset-circuit-breaker', { name })).toThrow(/params\.name: must be one of pms_connector, tts, llm/);
    }
    expect(requests).toEqual([]);
  });
});
