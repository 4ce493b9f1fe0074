// Issue 18: PMS probes shared by replicas through the store (SQLite and PostgreSQL). Two replicas' probe sets
// share one database: the background lease holder probes each interval, and a panel on either replica shows the
// stored latest result and history without probing again: one probe per vendor per interval, not one per
// replica per viewer. A real HTTP server counts the probes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PmsSettings } from '@/lib/server/pms/probe';
import { closeStores, engines, freshConfig, open, type Engine } from './store-engines';

let server: http.Server;
let base: string;
const hits = new Map<string, number>();
let settingsFor: (env: Record<string, string>) => PmsSettings;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path.endsWith('/down')) res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'down' }));
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { parseEnv } = await import('@/lib/env');
  const probe = await import('@/lib/server/pms/probe');
  settingsFor = (env) => probe.pmsSettingsFromEnv(parseEnv({ ...process.env, PMS_ALLOW_PRIVATE_TARGETS: 'true', PMS_TIMEOUT_MS: '2000', ...env }));
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await closeStores();
});

describe.each(engines)('PMS probes shared through the store on %s', (engine: Engine) => {
  it('the lease holder probes each interval; both replicas show its results and history without probing', async () => {
    const { createPmsHealth } = await import('@/lib/server/pms/health');
    const { storePmsResults } = await import('@/lib/server/pms/shared-results');
    const config = await freshConfig(engine, 'pms');
    const [storeA, storeB] = [await open(config), await open(config)];
    const path = `/${engine}/up`;
    const settings = settingsFor({ PMS_HEALTH_URLS: `alpha=${base}${path}`, PMS_PROBE_INTERVAL_MS: '1000' });
    let clock = Date.now();
    const now = () => clock;
    const a = createPmsHealth(settings, { now, shared: storePmsResults(async () => storeA) });
    const b = createPmsHealth(settings, { now, shared: storePmsResults(async () => storeB) });
    // Three rounds of the background job on the holder (replica a), one interval apart.
    for (let round = 0; round < 3; round++) {
      await a.probeAll();
      clock += 1000;
    }
    expect(hits.get(path)).toBe(3);
    // Viewers on both replicas, many of them: no probe, the same latest result and the same history.
    const reports = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).getVendorHealth()));
    expect(hits.get(path)).toBe(3);
    for (const report of reports) {
      expect(report.vendors[0]).toMatchObject({ vendor: 'alpha', state: 'up', httpStatus: 200 });
      expect(report.vendors[0]!.history).toHaveLength(3);
    }
    // The holder is gone for longer than two intervals: a panel probes itself (and saves it for the others).
    clock += 2000;
    const alone = await b.getVendorHealth();
    expect(hits.get(path)).toBe(4);
    expect(alone.vendors[0]!.history).toHaveLength(4);
    expect((await a.getVendorHealth()).vendors[0]!.checkedAt).toBe(alone.vendors[0]!.checkedAt);
    expect(hits.get(path)).toBe(4);
    // Results older than the hour of history are dropped by the job.
    clock += 60 * 60 * 1000 + 1;
    await a.probeAll();
    expect((await b.getVendorHealth()).vendors[0]!.history).toHaveLength(1);
  });

  it('a vendor that is down is shown down on every replica, with its status', async () => {
    const { createPmsHealth } = await import('@/lib/server/pms/health');
    const { storePmsResults } = await import('@/lib/server/pms/shared-results');
    const config = await freshConfig(engine, 'pms-down');
    const [storeA, storeB] = [await open(config), await open(config)];
    const settings = settingsFor({ PMS_HEALTH_URLS: `beta=${base}/${engine}/down`, PMS_PROBE_INTERVAL_MS: '1000' });
    await createPmsHealth(settings, { shared: storePmsResults(async () => storeA) }).probeAll();
    const report = await createPmsHealth(settings, { shared: storePmsResults(async () => storeB) }).getVendorHealth();
    expect(report.vendors[0]).toMatchObject({ vendor: 'beta', state: 'down', httpStatus: 503 });
  });
});
