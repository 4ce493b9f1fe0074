import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthyConditions, type Conditions } from '../conditions';
import { createRouter } from '../router';
import { getScenarioConditions } from '../scenarios';
import { startSimulator, type Simulator } from '../server';
import { pmsVendors } from '../topology';
import { createPmsHealthRoutes, judgePmsVendor, PMS_DEGRADED_RATIO } from './health';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, tickMs: 50, kube: false });
});
afterAll(async () => {
  await sim.close();
});

const probe = async (base: string, vendor: string) => {
  const started = Date.now();
  const response = await fetch(`${base}/pms/${vendor}/health`, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as { status: string; components: Record<string, string> }, ms: Date.now() - started };
};

describe('GET /pms/{vendor}/health', () => {
  it('answers 200 ok JSON for every vendor when healthy, at once', async () => {
    sim.setScenario('healthy');
    for (const vendor of pmsVendors) {
      const { status, type, body, ms } = await probe(sim.url, vendor);
      expect(status).toBe(200);
      expect(type).toContain('application/json');
      expect(body).toEqual({ status: 'ok', components: { api: 'ok', auth: 'ok', database: 'ok' } });
      expect(ms).toBeLessThan(500);
    }
  });

  it('under pms-outage the failing vendor is down (503) and the others stay ok', async () => {
    sim.setScenario('pms-outage');
    const failing = pmsVendors.filter((v) => {
      const f = getScenarioConditions('pms-outage').pmsFailure[v];
      return f.error + f.timeout > PMS_DEGRADED_RATIO; // what the pms-connection P1 rule sees in the metrics
    });
    expect(failing).toEqual(['apaleo']);
    for (const vendor of pmsVendors) {
      const { status, body } = await probe(sim.url, vendor);
      if (failing.includes(vendor)) {
        expect(status).toBe(503);
        expect(body.status).toBe('down');
        expect(body.components.api).toBe('down');
      } else {
        expect(status).toBe(200);
        expect(body.status).toBe('ok');
      }
    }
    sim.setScenario('healthy');
    expect((await probe(sim.url, 'apaleo')).status).toBe(200);
  });

  it('answers 404 for an unknown vendor', async () => {
    const response = await fetch(`${sim.url}/pms/acme/health`);
    expect(response.status).toBe(404);
  });
});

describe('judging a vendor', () => {
  it('follows the failure ratio: ok, degraded, down, and hang when mostly timeouts', () => {
    expect(judgePmsVendor({ error: 0.003, timeout: 0.002 }).kind).toBe('ok');
    expect(judgePmsVendor({ error: 0.2, timeout: 0.002 }).kind).toBe('degraded'); // pms-outage after the circuit breaker
    expect(judgePmsVendor({ error: 0.2, timeout: 0.2 }).kind).toBe('down');
    expect(judgePmsVendor({ error: 0.05, timeout: 0.4 }).kind).toBe('hang');
  });
});

describe('timing-out and degraded vendors', () => {
  let conditions: Conditions = healthyConditions;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(createRouter(createPmsHealthRoutes({ getConditions: () => conditions }, { hangMs: 300 })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a degraded vendor answers 200 degraded', async () => {
    conditions = { ...healthyConditions, pmsFailure: { ...healthyConditions.pmsFailure, mews: { error: 0.2, timeout: 0.002 } } };
    const { status, body } = await probe(base, 'mews');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'degraded', components: { api: 'degraded', auth: 'ok', database: 'ok' } });
  });

  it('a vendor failing mostly by timeouts answers 503 only after pmsHangMs', async () => {
    conditions = { ...healthyConditions, pmsFailure: { ...healthyConditions.pmsFailure, opera: { error: 0.05, timeout: 0.5 } } };
    const { status, body, ms } = await probe(base, 'opera');
    expect(status).toBe(503);
    expect(body.status).toBe('down');
    expect(ms).toBeGreaterThanOrEqual(290);
    expect((await probe(base, 'protel')).status).toBe(200);
  });
});
