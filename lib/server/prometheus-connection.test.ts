import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { alertsSettingsFromEnv } from './alertmanager/settings';
import { createAlertsClient } from './alertmanager/client';
import { getConsoleMetrics } from './console-metrics';
import { createPrometheusClient, type PrometheusClientOptions } from './prometheus';
import { UpstreamError } from './upstream-error';

// A stand-in for a Prometheus behind an ingress on loopback: it answers only under /prometheus/ and
// records what it was sent, so the URL, headers and odd answers (echoed credentials, redirects, bodies of
// any size, gzip) can be set up on demand. The real Prometheus behind a real proxy is exercised in
// test/integration/prometheus-upstream-auth.test.ts.
type Seen = { path: string; authorization?: string };
const seen: Seen[] = [];
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
let server: http.Server;
let origin: string;
let dir: string;

const vector = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { job: 'x' }, value: [1, '1'] }] } });
const matrix = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[60, '1']] }] } });
const json = (res: http.ServerResponse, status: number, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
const underPrefix: typeof answer = (req, res) => {
  const p = new URL(req.url ?? '/', 'http://x').pathname;
  if (p === '/prometheus/api/v1/query') json(res, 200, vector);
  else if (p === '/prometheus/api/v1/query_range') json(res, 200, matrix);
  else if (p === '/prometheus/api/v1/alerts') json(res, 200, JSON.stringify({ status: 'success', data: { alerts: [] } }));
  else res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-prom-conn-'));
});
afterEach(() => {
  seen.length = 0;
  answer = underPrefix;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});
answer = underPrefix;

const client = (over: Partial<PrometheusClientOptions> = {}) => createPrometheusClient({ baseUrl: `${origin}/prometheus/`, timeoutMs: 2000, cacheTtlMs: 0, ...over });
async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('Prometheus URL with a path prefix', () => {
  it.each(['/prometheus', '/prometheus/'])('keeps the prefix for instant and range queries (%s)', async (prefix) => {
    const prom = client({ baseUrl: `${origin}${prefix}` });
    expect((await prom.query('up'))[0]?.value).toBe(1);
    expect((await prom.queryRange('up', { startMs: 0, endMs: 120_000, stepMs: 60_000 }))[0]?.points).toEqual([[60_000, 1]]);
    expect(seen.map((s) => s.path)).toEqual(['/prometheus/api/v1/query', '/prometheus/api/v1/query_range']);
  });

  it("reads the alerts from Prometheus's alerts API under the same prefix, with the same credentials", async () => {
    const alerts = createAlertsClient(alertsSettingsFromEnv(parseEnv({ PROMETHEUS_URL: `${origin}/prometheus`, PROMETHEUS_BEARER_TOKEN: 'alerts-token-1' })));
    await alerts.getConsoleAlerts(new Set());
    expect(seen).toEqual([{ path: '/prometheus/api/v1/alerts', authorization: 'Bearer alerts-token-1' }]);
  });
});

describe('Prometheus credentials', () => {
  it('sends a bearer token, or basic auth, on every request', async () => {
    await client({ bearerToken: 'tok-123' }).query('up');
    await client({ basicAuthUser: 'grafana', basicAuthPassword: 'pa:ss wörd' }).query('up');
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer tok-123', `Basic ${Buffer.from('grafana:pa:ss wörd').toString('base64')}`]);
  });

  it('re-reads a token file or password file when it changes', async () => {
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'first-token\n');
    const prom = client({ bearerTokenFile: tokenFile });
    await prom.query('up');
    fs.writeFileSync(tokenFile, 'second-token-longer\n');
    await prom.query('up + 0'); // another query: the cache must not answer it
    const passwordFile = path.join(dir, 'password');
    fs.writeFileSync(passwordFile, 'pw-one');
    const basic = client({ basicAuthUser: 'u', basicAuthPasswordFile: passwordFile });
    await basic.query('up');
    fs.writeFileSync(`${passwordFile}.new`, 'pw-two');
    fs.renameSync(`${passwordFile}.new`, passwordFile); // an atomic swap, as secret mounters do
    await basic.query('up + 0');
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer first-token', 'Bearer second-token-longer', `Basic ${Buffer.from('u:pw-one').toString('base64')}`, `Basic ${Buffer.from('u:pw-two').toString('base64')}`]);
  });

  it('says which setting is unusable when the token file is missing or empty, without sending anything', async () => {
    const missing = await failure(client({ bearerTokenFile: path.join(dir, 'nope') }).query('up'));
    expect(missing.message).toBe('prometheus: cannot use PROMETHEUS_BEARER_TOKEN_FILE: the file cannot be read (ENOENT)');
    fs.writeFileSync(path.join(dir, 'empty'), '\n');
    expect((await failure(client({ bearerTokenFile: path.join(dir, 'empty') }).query('up'))).message).toMatch(/PROMETHEUS_BEARER_TOKEN_FILE: it holds no valid token/);
    expect(seen).toEqual([]);
  });

  it('names the refused setting on a 401, a missing one on a 401 without credentials, and never the secret', async () => {
    answer = (req, res) => res.writeHead(401, { 'content-type': 'text/plain' }).end(`unauthorized: you sent ${req.headers.authorization ?? 'nothing'}`);
    const refused = await failure(client({ bearerToken: 'very-secret-token' }).query('up'));
    expect(refused).toMatchObject({ status: 401, message: 'prometheus: HTTP 401 unauthorized: the credentials in PROMETHEUS_BEARER_TOKEN were refused' });
    const none = await failure(client().query('up'));
    expect(none.message).toMatch(/^prometheus: HTTP 401 unauthorized: Prometheus wants credentials \(set PROMETHEUS_BEARER_TOKEN/);
    answer = (req, res) => res.writeHead(502, { 'content-type': 'text/plain' }).end(`bad gateway for ${req.headers.authorization}`);
    const echoed = await failure(client({ basicAuthUser: 'ops', basicAuthPassword: 'hunter22-secret' }).query('up'));
    expect(echoed.message).toMatch(/HTTP 502, unexpected answer: bad gateway for Basic \[redacted\]/);
    const exposition = await getConsoleMetrics().registry.metrics();
    for (const secret of ['very-secret-token', 'hunter22-secret', Buffer.from('ops:hunter22-secret').toString('base64')]) {
      expect(`${refused.message}${none.message}${echoed.message}${exposition}`).not.toContain(secret);
    }
  });

  it('does not follow a redirect (a sign-in page), naming where it led without its query', async () => {
    answer = (_req, res) => res.writeHead(302, { location: 'https://sso.example/oauth2/start?rd=%2Fprometheus&state=abc' }).end();
    const error = await failure(client({ bearerToken: 'tok-123' }).query('up'));
    expect(error.message).toBe(`prometheus: HTTP 302 redirect to https://sso.example/oauth2/start, not followed: PROMETHEUS_URL must be the query API's base URL (127.0.0.1:${new URL(origin).port}/prometheus/)`);
    expect(seen).toHaveLength(1);
  });
});

describe('Prometheus answer size', () => {
  const big = (bytes: number) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { pad: 'x'.repeat(bytes) }, value: [1, '1'] }] } });

  it('refuses an answer over PROMETHEUS_MAX_BODY_BYTES, announced, streamed without a length, or gzipped', async () => {
    const limit = 64 * 1024;
    answer = (_req, res) => json(res, 200, big(limit));
    const announced = await failure(client({ maxBodyBytes: limit }).query('up'));
    expect(announced).toMatchObject({ status: null, message: 'prometheus: the answer is larger than PROMETHEUS_MAX_BODY_BYTES (64 KiB)' });
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 100; i += 1) res.write('x'.repeat(1024));
      res.end();
    };
    expect((await failure(client({ maxBodyBytes: limit }).query('up'))).message).toMatch(/larger than PROMETHEUS_MAX_BODY_BYTES \(64 KiB\)/);
    // 16 MiB of spaces gzip to a few KiB: the cap counts what is decompressed.
    answer = (_req, res) => json(res, 200, gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20)), { 'content-encoding': 'gzip' });
    expect((await failure(client({ maxBodyBytes: limit }).query('up'))).message).toMatch(/larger than PROMETHEUS_MAX_BODY_BYTES/);
  });

  it('reads an answer under the limit, gzipped or not', async () => {
    answer = (_req, res) => json(res, 200, big(30 * 1024));
    expect((await client({ maxBodyBytes: 64 * 1024 }).query('up'))[0]?.labels.pad).toHaveLength(30 * 1024);
    answer = (_req, res) => json(res, 200, gzipSync(vector), { 'content-encoding': 'gzip' });
    expect((await client({ maxBodyBytes: 64 * 1024 }).query('up'))[0]?.value).toBe(1);
  });
});
