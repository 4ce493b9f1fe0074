// The PMS health adapter (lib/server/pms) against real HTTP servers: a small node:http server on
// 127.0.0.1 serving each case (healthy, 503, hanging, huge, redirects, request counting), and the
// simulator's PMS health endpoints when it has them (GET /pms/{vendor}/health, /pms-faults/*).
// Loopback targets need PMS_ALLOW_PRIVATE_TARGETS=true, which is what these tests (and the demo) set.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PmsSettings, Resolver } from '@/lib/server/pms/probe';
import { startSimulator, type Simulator } from '@/sim/server';

let server: http.Server;
let base: string;
let port: number;
const hits = new Map<string, number>();
const hostHeaders: string[] = [];
let hugeBytesSent = 0;
let sim: Simulator | undefined;

let probeUrl: typeof import('@/lib/server/pms/probe').probeUrl;
let settingsFor: (env: Record<string, string>) => PmsSettings;

const HEALTHY = { status: 'ok', components: { reservations: 'ok', availability: { status: 'ok' } } };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    hostHeaders.push(req.headers.host ?? '');
    if (path === '/healthy' || path.startsWith('/count/')) {
      // Slow enough that 20 concurrent callers all arrive while the probe is in flight.
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(HEALTHY)), path.startsWith('/count/') ? 50 : 0);
    } else if (path === '/degraded') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'degraded', components: [{ name: 'rates', status: 'degraded' }] }));
    else if (path === '/not-json') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>fine</html>');
    else if (path === '/unavailable') res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'down' }));
    else if (path === '/hang') {
      // Never answers.
    } else if (path === '/hang-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
    } else if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let closed = false;
      res.on('close', () => (closed = true));
      const pump = () => {
        while (!closed && hugeBytesSent < 50 * 1024 * 1024) {
          hugeBytesSent += chunk.byteLength;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!closed) res.end();
      };
      pump();
    } else if (path === '/redirect-other') res.writeHead(302, { location: `http://localhost:${port}/healthy` }).end();
    else if (path === '/redirect-same') res.writeHead(302, { location: '/healthy' }).end();
    else if (path === '/redirect-loop') res.writeHead(302, { location: '/redirect-loop' }).end();
    else if (path === '/redirect-metadata') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' }).end();
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  // Set before the adapter is imported: getEnv() is read once per test file.
  Object.assign(process.env, {
    PMS_HEALTH_URLS: `alpha=${base}/count/alpha,beta=${base}/count/beta`,
    PMS_ALLOW_PRIVATE_TARGETS: 'true',
    PMS_TIMEOUT_MS: '2000',
    PMS_PROBE_INTERVAL_MS: '60000',
  });
  const { parseEnv } = await import('@/lib/env');
  const probe = await import('@/lib/server/pms/probe');
  probeUrl = probe.probeUrl;
  settingsFor = (env) => probe.pmsSettingsFromEnv(parseEnv({ ...process.env, ...env }));

  sim = await startSimulator({ port: 0 });
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await sim?.close();
});

describe('probeUrl against a local server', () => {
  const allowed = () => settingsFor({ PMS_ALLOW_PRIVATE_TARGETS: 'true', PMS_TIMEOUT_MS: '2000' });

  it('a healthy answer is up, with its status and components', async () => {
    const result = await probeUrl('apaleo', `${base}/healthy`, allowed());
    expect(result).toMatchObject({
      vendor: 'apaleo',
      state: 'up',
      httpStatus: 200,
      bodyStatus: 'ok',
      components: [
        { name: 'reservations', status: 'ok' },
        { name: 'availability', status: 'ok' },
      ],
    });
    expect(result.error).toBeUndefined();
    expect(result.truncated).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Math.abs(result.checkedAt - Date.now())).toBeLessThan(5000);
  });

  it('a degraded body is degraded; a body that is not JSON is fine', async () => {
    expect(await probeUrl('mews', `${base}/degraded`, allowed())).toMatchObject({ state: 'degraded', bodyStatus: 'degraded', components: [{ name: 'rates', status: 'degraded' }] });
    const html = await probeUrl('mews', `${base}/not-json`, allowed());
    expect(html).toMatchObject({ state: 'up', httpStatus: 200 });
    expect(html.components).toBeUndefined();
  });

  it('a 503 is down', async () => {
    expect(await probeUrl('opera', `${base}/unavailable`, allowed())).toMatchObject({ state: 'down', httpStatus: 503, error: 'HTTP 503' });
  });

  it('a server that never answers is down within the timeout', async () => {
    const settings = settingsFor({ PMS_ALLOW_PRIVATE_TARGETS: 'true', PMS_TIMEOUT_MS: '300' });
    for (const path of ['/hang', '/hang-body']) {
      const started = Date.now();
      const result = await probeUrl('opera', `${base}${path}`, settings);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(result).toMatchObject({ state: 'down', httpStatus: null, error: 'no answer within 300 ms' });
    }
  });

  it('an endless body is cut at the cap: truncated, no crash, reading stops', async () => {
    const settings = settingsFor({ PMS_ALLOW_PRIVATE_TARGETS: 'true', PMS_MAX_BODY_BYTES: '65536' });
    const before = process.memoryUsage().rss;
    const result = await probeUrl('protel', `${base}/huge`, settings);
    expect(result).toMatchObject({ state: 'up', httpStatus: 200, truncated: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The server stopped well short of its 50 MiB: the probe hung up instead of draining it.
    expect(hugeBytesSent).toBeLessThan(20 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
  });

  it('a redirect to another host is not followed', async () => {
    const before = hits.get('/healthy') ?? 0;
    const result = await probeUrl('cloudbeds', `${base}/redirect-other`, allowed());
    expect(result).toMatchObject({ state: 'down', httpStatus: null });
    expect(result.error).toBe(`HTTP 302 redirect to another host (http://localhost:${port}); not followed`);
    expect(hits.get('/healthy') ?? 0).toBe(before);
  });

  it('a same-host redirect is followed once, and only once', async () => {
    expect(await probeUrl('cloudbeds', `${base}/redirect-same`, allowed())).toMatchObject({ state: 'up', httpStatus: 200, bodyStatus: 'ok' });
    const loop = await probeUrl('cloudbeds', `${base}/redirect-loop`, allowed());
    expect(loop).toMatchObject({ state: 'down', error: 'HTTP 302: redirected more than once; not followed' });
  });

  it('the metadata address is refused even with private targets allowed', async () => {
    const result = await probeUrl('apaleo', 'http://169.254.169.254/latest/meta-data/', allowed());
    expect(result).toMatchObject({ state: 'down', httpStatus: null, error: 'target address 169.254.169.254 is not allowed (cloud metadata service)' });
    expect(await probeUrl('apaleo', 'http://[fd00:ec2::254]/', allowed())).toMatchObject({ error: expect.stringMatching(/fd00:ec2::254 is not allowed/) });
    expect(await probeUrl('apaleo', 'http://169.254.10.1/', allowed())).toMatchObject({ error: expect.stringMatching(/link-local/) });
  });

  it('a hostname resolving to the metadata address is refused (resolver stubbed: no network here)', async () => {
    const toMetadata: Resolver = async () => [{ address: '169.254.169.254', family: 4 }];
    expect(await probeUrl('apaleo', 'http://pms-health.example.test/', allowed(), { resolve: toMetadata })).toMatchObject({
      state: 'down',
      error: 'target address 169.254.169.254 is not allowed (cloud metadata service)',
    });
    // One bad address among good ones is enough to refuse the name.
    const mixed: Resolver = async () => [
      { address: '127.0.0.1', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ];
    expect(await probeUrl('apaleo', `http://pms-health.example.test:${port}/healthy`, allowed(), { resolve: mixed })).toMatchObject({ state: 'down', error: expect.stringMatching(/169\.254\.169\.254/) });
  });

  it('connects to the address it checked, keeping the hostname in the Host header (DNS rebinding)', async () => {
    let calls = 0;
    // The first answer (the one checked) is loopback; a second lookup would get the metadata address.
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }]);
    const result = await probeUrl('mews', `http://pms-health.example.test:${port}/healthy`, allowed(), { resolve: rebinding });
    expect(result).toMatchObject({ state: 'up', httpStatus: 200 });
    expect(calls).toBe(1);
    expect(hostHeaders.at(-1)).toBe(`pms-health.example.test:${port}`);
  });

  it('loopback is refused when private targets are not allowed', async () => {
    const settings = settingsFor({ PMS_ALLOW_PRIVATE_TARGETS: 'false' });
    const before = hits.get('/healthy') ?? 0;
    expect(await probeUrl('apaleo', `${base}/healthy`, settings)).toMatchObject({ state: 'down', httpStatus: null, error: 'target address 127.0.0.1 is not allowed (loopback)' });
    expect(await probeUrl('apaleo', `http://[::1]:${port}/healthy`, settings)).toMatchObject({ state: 'down', error: 'target address ::1 is not allowed (loopback)' });
    expect(hits.get('/healthy') ?? 0).toBe(before);
  });

  it('a closed port is down, connection refused', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await probeUrl('apaleo', `http://127.0.0.1:${closedPort}/`, allowed())).toMatchObject({ state: 'down', httpStatus: null, error: 'connection refused' });
  });
});

describe('threat 8: SSRF payloads for a health-check target are refused', () => {
  // The targets come from configuration (PMS_HEALTH_URLS), never from a request; this is the second lock,
  // for a configuration that was written by mistake or by someone it should not have been.
  const allowed = () => settingsFor({ PMS_ALLOW_PRIVATE_TARGETS: 'true', PMS_TIMEOUT_MS: '2000' });
  const strict = () => settingsFor({ PMS_ALLOW_PRIVATE_TARGETS: 'false', PMS_TIMEOUT_MS: '2000' });

  it.each([
    ['the metadata service', 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is not allowed \(cloud metadata service\)/],
    ['loopback', 'http://127.0.0.1/', /127\.0\.0\.1 is not allowed \(loopback\)/],
    ['an IPv4-mapped IPv6 address', 'http://[::ffff:169.254.169.254]/', /is not allowed \(cloud metadata service\)/],
    ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/', /is not allowed \(loopback\)/],
    ['a decimal IP', 'http://2852039166/', /169\.254\.169\.254 is not allowed/],
    ['a hexadecimal IP', 'http://0xa9fea9fe/', /169\.254\.169\.254 is not allowed/],
    ['an octal IP', 'http://0251.0376.0251.0376/', /169\.254\.169\.254 is not allowed/],
    ['Azure WireServer', 'http://168.63.129.16/machine?comp=goalstate', /168\.63\.129\.16 is not allowed \(cloud metadata service\)/],
    ['Oracle Cloud metadata', 'http://192.0.0.192/latest/', /192\.0\.0\.192 is not allowed \(cloud metadata service\)/],
    ['the AWS IPv6 metadata service', 'http://[fd00:ec2::254]/latest/', /fd00:ec2::254 is not allowed \(cloud metadata service\)/],
  ])('%s (%s) is refused before any connection', async (_what, target, error) => {
    expect(await probeUrl('apaleo', target, strict())).toMatchObject({ state: 'down', httpStatus: null, error: expect.stringMatching(error) });
  });

  it('a DNS-rebinding name (safe when checked, metadata after) is connected to at the address checked; a name resolving to metadata is refused', async () => {
    const toMetadata: Resolver = async () => [{ address: '169.254.169.254', family: 4 }];
    expect(await probeUrl('apaleo', 'http://metadata.rebind.example.test/', allowed(), { resolve: toMetadata })).toMatchObject({ state: 'down', error: expect.stringMatching(/cloud metadata service/) });
    let calls = 0;
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }]);
    expect(await probeUrl('mews', `http://rebind.example.test:${port}/healthy`, allowed(), { resolve: rebinding })).toMatchObject({ state: 'up' });
    expect(calls).toBe(1);
  });

  it('a target that 302-redirects to the metadata service is not followed there', async () => {
    expect(await probeUrl('apaleo', `${base}/redirect-metadata`, allowed())).toMatchObject({ state: 'down', httpStatus: null, error: 'HTTP 302 redirect to another host (http://169.254.169.254); not followed' });
  });
});

describe('getVendorHealth (configured from the environment)', () => {
  it('20 concurrent callers cost exactly one request per vendor, and later callers within the interval none', async () => {
    const { getVendorHealth, probeVendor } = await import('@/lib/server/pms/health');
    const reports = await Promise.all(Array.from({ length: 20 }, () => getVendorHealth()));
    expect(hits.get('/count/alpha')).toBe(1);
    expect(hits.get('/count/beta')).toBe(1);
    for (const report of reports) {
      expect(report.configured).toBe(true);
      expect(report.vendors.map((v) => [v.vendor, v.state])).toEqual([
        ['alpha', 'up'],
        ['beta', 'up'],
      ]);
    }
    const again = await getVendorHealth();
    await probeVendor('alpha');
    expect(hits.get('/count/alpha')).toBe(1);
    expect(again.vendors[0]!.history).toHaveLength(1);
    expect(again.vendors[0]!.history[0]).toMatchObject({ state: 'up', httpStatus: 200 });
    await expect(probeVendor('nobody')).rejects.toThrow(/not configured/);
  });

  it('keeps a history per vendor and counts its requests in the console metrics', async () => {
    const { createPmsHealth } = await import('@/lib/server/pms/health');
    const { getConsoleMetrics } = await import('@/lib/server/console-metrics');
    let clock = Date.now();
    const health = createPmsHealth(settingsFor({ PMS_HEALTH_URLS: `gamma=${base}/unavailable`, PMS_PROBE_INTERVAL_MS: '1000' }), { now: () => clock });
    for (let i = 0; i < 3; i++) {
      await health.getVendorHealth();
      clock += 1000;
    }
    const report = await health.getVendorHealth();
    expect(report.vendors[0]).toMatchObject({ vendor: 'gamma', state: 'down', httpStatus: 503 });
    expect(report.vendors[0]!.history.map((p) => p.checkedAt - report.vendors[0]!.history[0]!.checkedAt)).toEqual([0, 1000, 2000, 3000]);
    // An hour later only the newest results are kept.
    clock += 60 * 60 * 1000 - 1500;
    const later = await health.getVendorHealth();
    expect(later.vendors[0]!.history.map((p) => p.checkedAt - report.vendors[0]!.history[0]!.checkedAt)).toEqual([2000, 3000, 60 * 60 * 1000 + 1500]);
    const text = await getConsoleMetrics().registry.metrics();
    expect(text).toMatch(/voicehive_ops_upstream_requests_total\{upstream="pms",outcome="error"\} [1-9]/);
    expect(text).toMatch(/voicehive_ops_upstream_requests_total\{upstream="pms",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/voicehive_ops_upstream_request_duration_seconds_count\{upstream="pms"\} [1-9]/);
    expect(text).toMatch(/voicehive_ops_upstream_cache_total\{upstream="pms",result="coalesced"\} [1-9]/);
  });

  it('no vendors configured is reported as such, not as healthy', async () => {
    const { createPmsHealth } = await import('@/lib/server/pms/health');
    const settings = settingsFor({});
    expect(await createPmsHealth({ ...settings, vendors: [] }).getVendorHealth()).toEqual({ configured: false, intervalMs: settings.intervalMs, vendors: [] });
  });
});

describe('against the simulator', () => {
  it('under pms-outage the failing vendor is down with its cause, the others up', async () => {
    sim!.setScenario('pms-outage');
    const settings = settingsFor({ PMS_ALLOW_PRIVATE_TARGETS: 'true' });
    expect(await probeUrl('apaleo', `${sim!.url}/pms/apaleo/health`, settings)).toMatchObject({ state: 'down', httpStatus: 503, bodyStatus: 'down', error: 'HTTP 503' });
    expect(await probeUrl('mews', `${sim!.url}/pms/mews/health`, settings)).toMatchObject({ state: 'up', httpStatus: 200 });
    sim!.setScenario('healthy');
  });

  it('the fault fixtures are handled', async () => {
    const settings = settingsFor({ PMS_ALLOW_PRIVATE_TARGETS: 'true', PMS_TIMEOUT_MS: '300' });
    const fault = (name: string) => probeUrl('mews', `${sim!.url}/pms-faults/${name}`, settings);
    expect(await fault('redirect-other-host')).toMatchObject({ state: 'down', error: expect.stringMatching(/redirect to another host/) });
    expect(await fault('hang')).toMatchObject({ state: 'down', error: 'no answer within 300 ms' });
    const huge = await fault('huge');
    expect(huge.httpStatus).toBe(200);
    expect(huge.truncated).toBe(true);
    const notJson = await fault('not-json');
    expect(notJson.components).toBeUndefined();
    expect(notJson.httpStatus).not.toBeNull();
  });
});
