import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarios } from './scenarios';
import { startSimulator, type Simulator } from './server';
import { deployments } from './topology';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, tickMs: 50 });
});
afterAll(async () => {
  await sim.close();
});

const put = (body: string, contentType = 'application/json') =>
  fetch(`${sim.url}/scenario`, { method: 'PUT', headers: { 'content-type': contentType }, body });
const current = async () => ((await (await fetch(`${sim.url}/scenario`)).json()) as { current: string; since: string }).current;

describe('simulator HTTP API', () => {
  it('answers /healthz and serves the estate on /metrics', async () => {
    expect((await fetch(`${sim.url}/healthz`)).status).toBe(200);
    const response = await fetch(`${sim.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('voicehive_calls_total{namespace="voicehive",outcome="success"}');
  });

  it('lists every scenario with its expectation', async () => {
    const body = (await (await fetch(`${sim.url}/scenario`)).json()) as { current: string; since: string; scenarios: { id: string; expected: object }[] };
    expect(body.current).toBe('healthy');
    expect(Number.isNaN(Date.parse(body.since))).toBe(false);
    expect(body.scenarios.map((s) => s.id)).toEqual(scenarios.map((s) => s.id));
    expect(body.scenarios.find((s) => s.id === 'pms-outage')?.expected).toEqual({ 'pms-connection': 'P1' });
  });

  it('switches scenario with PUT and reports since when', async () => {
    const before = Date.now();
    const response = await put(JSON.stringify({ id: 'pms-outage' }), 'application/json; charset=utf-8');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { current: string; since: string };
    expect(body.current).toBe('pms-outage');
    expect(Date.parse(body.since)).toBeGreaterThanOrEqual(before - 1000);
    expect(sim.getScenario().id).toBe('pms-outage');
    expect(await current()).toBe('pms-outage');
  });

  it.each([
    ['not JSON', '{"id":', 'application/json', 400, 'body'],
    ['an unknown id', JSON.stringify({ id: 'meteor-strike' }), 'application/json', 400, 'id'],
    ['a missing id', JSON.stringify({}), 'application/json', 400, 'id'],
    ['a numeric id', JSON.stringify({ id: 5 }), 'application/json', 400, 'id'],
    ['an array', '[]', 'application/json', 400, 'body'],
    ['a form body', 'id=healthy', 'application/x-www-form-urlencoded', 415, 'content-type'],
    ['plain text', 'healthy', 'text/plain', 415, 'content-type'],
  ])('refuses %s and changes nothing', async (_what, body, contentType, status, field) => {
    sim.setScenario('error-rate');
    const response = await put(body, contentType);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ field, error: expect.any(String) });
    expect(await current()).toBe('error-rate');
  });

  it('answers 404 for unknown paths and 405 with Allow for wrong methods', async () => {
    expect((await fetch(`${sim.url}/nope`)).status).toBe(404);
    expect((await fetch(`${sim.url}/targets/%E0%A4%A/metrics`)).status).toBe(404);
    const response = await fetch(`${sim.url}/scenario`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PUT');
  });

  it('serves one build-info target per deployment, all up while healthy', async () => {
    sim.setScenario('healthy');
    for (const service of deployments) {
      const response = await fetch(`${sim.url}/targets/${service}/metrics`);
      expect(response.status, service).toBe(200);
      expect(await response.text()).toMatch(new RegExp(`voicehive_build_info\\{namespace="voicehive",service="${service}",version="[^"]+"\\} 1`));
    }
    expect((await fetch(`${sim.url}/targets/unknown/metrics`)).status).toBe(404);
  });

  it('targets-down makes three of the six targets answer 503', async () => {
    sim.setScenario('targets-down');
    const statuses = await Promise.all(deployments.map(async (service) => (await fetch(`${sim.url}/targets/${service}/metrics`)).status));
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    sim.setScenario('healthy');
  });
});
