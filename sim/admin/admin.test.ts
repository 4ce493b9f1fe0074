import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClockedEstate, type Series } from '../clocked-estate';
import { startSimulator, type Simulator } from '../server';
import { createAdminHandler, DEFAULT_ADMIN_TOKEN } from '.';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, tickMs: 50, kube: false });
});
afterAll(async () => {
  await sim.close();
});

const ORCHESTRATOR = '/services/orchestrator/admin';
const CONNECTORS = '/services/connectors/admin';

async function call(base: string, method: string, path: string, { token = DEFAULT_ADMIN_TOKEN, body }: { token?: string | null; body?: string } = {}) {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body });
  return { status: response.status, allow: response.headers.get('allow'), json: (await response.json()) as Record<string, unknown> };
}

describe('service admin endpoints: auth and routing', () => {
  it.each([
    ['no token', null],
    ['a wrong token', 'voicehive-sim-admin-tokeN'],
    ['a shorter token', 'voicehive'],
  ])('answers 401 JSON with %s, on every path under /services', async (_what, token) => {
    for (const path of [`${ORCHESTRATOR}/circuit-breakers/pms_connector`, `${CONNECTORS}/pms/mews/token`, '/services/nope']) {
      const { status, json } = await call(sim.url, 'GET', path, { token });
      expect(status, path).toBe(401);
      expect(json.error).toEqual(expect.any(String));
    }
    expect((await call(sim.url, 'POST', `${ORCHESTRATOR}/circuit-breakers/pms_connector/reset`, { token })).status).toBe(401);
  });

  it('answers 404 for an unknown breaker, vendor, service or path', async () => {
    for (const path of [`${ORCHESTRATOR}/circuit-breakers/payments`, `${CONNECTORS}/pms/acme/token`, '/services/billing/admin/circuit-breakers/tts', `${ORCHESTRATOR}/nope`, '/services']) {
      expect((await call(sim.url, 'GET', path)).status, path).toBe(404);
    }
    expect((await call(sim.url, 'POST', `${ORCHESTRATOR}/circuit-breakers/payments/reset`)).status).toBe(404);
    expect((await call(sim.url, 'POST', `${CONNECTORS}/pms/acme/refresh-token`)).status).toBe(404);
  });

  it('answers 405 with Allow for other methods', async () => {
    const reset = await call(sim.url, 'GET', `${ORCHESTRATOR}/circuit-breakers/tts/reset`);
    expect([reset.status, reset.allow]).toEqual([405, 'POST']);
    const read = await call(sim.url, 'DELETE', `${CONNECTORS}/pms/mews/token`);
    expect([read.status, read.allow]).toEqual([405, 'GET']);
    expect((await call(sim.url, 'PUT', `${CONNECTORS}/pms/mews/refresh-token`, { body: '{}' })).allow).toBe('POST');
  });
});

describe('the orchestrator’s circuit breakers', () => {
  it('under circuit-breaker-open, a reset closes pms_connector: the metric follows and the scenario’s resolution is met', async () => {
    sim.setScenario('circuit-breaker-open');
    const since = sim.getScenario().since;
    expect((await call(sim.url, 'GET', `${ORCHESTRATOR}/circuit-breakers/pms_connector`)).json).toEqual({ name: 'pms_connector', state: 'open', since });
    expect((await call(sim.url, 'GET', `${ORCHESTRATOR}/circuit-breakers/tts`)).json).toMatchObject({ state: 'closed' });

    const before = Date.now();
    // A body that is not JSON is ignored: the reset takes none.
    const reset = await call(sim.url, 'POST', `${ORCHESTRATOR}/circuit-breakers/pms_connector/reset`, { body: 'not json' });
    expect(reset).toMatchObject({ status: 200, json: { name: 'pms_connector', state: 'closed', previous: 'open' } });
    expect(sim.estate.getRemedies()).toContainEqual({ kind: 'admin-post', service: 'orchestrator', path: '/admin/circuit-breakers/pms_connector/reset' });
    expect(sim.estate.getConditions().breakers.pms_connector).toBe(0);
    const metrics = await (await fetch(`${sim.url}/metrics`)).text();
    expect(metrics).toMatch(/voicehive_circuit_breaker_state\{namespace="voicehive",breaker="pms_connector"\} 0\n/);
    const read = (await call(sim.url, 'GET', `${ORCHESTRATOR}/circuit-breakers/pms_connector`)).json;
    expect(read.state).toBe('closed');
    expect(Date.parse(String(read.since))).toBeGreaterThanOrEqual(before - 1000);
    expect((await call(sim.url, 'POST', `${ORCHESTRATOR}/circuit-breakers/pms_connector/reset`)).json).toMatchObject({ state: 'closed', previous: 'closed' });
  });

  it('a scenario switch forgets the reset', async () => {
    sim.setScenario('circuit-breaker-open');
    await call(sim.url, 'POST', `${ORCHESTRATOR}/circuit-breakers/pms_connector/reset`);
    sim.setScenario('circuit-breaker-open');
    expect((await call(sim.url, 'GET', `${ORCHESTRATOR}/circuit-breakers/pms_connector`)).json).toMatchObject({ state: 'open' });
    expect(sim.estate.getRemedies()).toEqual([]);
    sim.setScenario('healthy');
  });
});

describe('the connectors’ PMS tokens', () => {
  const clocked = createClockedEstate({ scenario: 'pms-token-expired' });
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(createAdminHandler(clocked.estate, { now: clocked.now }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const mews = (outcome: string): Series => ['voicehive_pms_requests_total', { vendor: 'mews', outcome }];

  it('pms-token-expired: every mews call is unauthorized until the token is refreshed, then mews calls succeed', async () => {
    const expiredAt = new Date(clocked.estate.getScenario().sinceMs).toISOString();
    expect((await call(base, 'GET', `${CONNECTORS}/pms/mews/token`)).json).toEqual({ vendor: 'mews', tokenState: 'expired', expiresAt: expiredAt });
    expect((await call(base, 'GET', `${CONNECTORS}/pms/apaleo/token`)).json).toMatchObject({ tokenState: 'valid' });
    const [ok, unauthorized, apaleoOk] = await clocked.increase(10, mews('ok'), mews('unauthorized'), ['voicehive_pms_requests_total', { vendor: 'apaleo', outcome: 'ok' }]);
    expect(ok).toBe(0);
    expect(unauthorized).toBeGreaterThan(100);
    expect(apaleoOk).toBeGreaterThan(100);

    const refreshed = await call(base, 'POST', `${CONNECTORS}/pms/mews/refresh-token`, { body: '{}' });
    expect(refreshed).toMatchObject({ status: 200, json: { vendor: 'mews', tokenState: 'valid', expiresAt: new Date(clocked.now() + 3_600_000).toISOString() } });
    expect(clocked.estate.getRemedies()).toContainEqual({ kind: 'admin-post', service: 'connectors', path: '/admin/pms/mews/refresh-token' });
    const [healedOk, healedUnauthorized] = await clocked.increase(10, mews('ok'), mews('unauthorized'));
    expect(healedOk).toBeGreaterThan(100);
    expect(healedUnauthorized).toBeLessThanOrEqual(1);
    expect((await call(base, 'GET', `${CONNECTORS}/pms/mews/token`)).json).toMatchObject({ tokenState: 'valid' });
  });

  it('a valid token is renewed before it lapses; a switch forgets refreshes', async () => {
    clocked.estate.setScenario('healthy');
    const switchedAt = clocked.now();
    clocked.skip(3700);
    const { json } = await call(base, 'GET', `${CONNECTORS}/pms/opera/token`);
    expect(json).toEqual({ vendor: 'opera', tokenState: 'valid', expiresAt: new Date(switchedAt + 2 * 3_600_000).toISOString() });
  });
});

describe('the PMS health endpoint under pms-token-expired', () => {
  it('still answers 200 ok for mews: the vendor is fine, our credentials are not', async () => {
    sim.setScenario('pms-token-expired');
    const response = await fetch(`${sim.url}/pms/mews/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
    sim.setScenario('healthy');
  });
});
