// The Prometheus adapter against a real Prometheus (Debian's package, scraping the simulator) reached the way
// managed installations are: behind a path prefix and an authenticating proxy. The proxy is written here (not
// the project's code): it serves only under /prometheus/, answers 401 without the right bearer token or basic
// credentials, optionally speaks HTTPS with a certificate from a CA made here with Debian's openssl, and
// forwards everything else to Prometheus unchanged (gzip included).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { createAlertsClient } from '@/lib/server/alertmanager/client';
import { alertsSettingsFromEnv } from '@/lib/server/alertmanager/settings';
import { getCatalog } from '@/lib/server/catalog';
import { getConsoleMetrics } from '@/lib/server/console-metrics';
import { createPrometheusClient, type PrometheusClient } from '@/lib/server/prometheus';
import { prometheusConnectionOptionsFromEnv } from '@/lib/server/prometheus-connection';
import { evaluateSection } from '@/lib/server/section-status-service';
import { UpstreamError } from '@/lib/server/upstream-error';
import type { SeriesRange } from '@/lib/severity/types';
import { startSimulator, type Simulator } from '@/sim/server';
import { findFreePort, waitUntil } from '@/scripts/stack/processes';
import { startPrometheus } from '@/scripts/stack/prometheus';
import { consoleEnv } from './estate';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-prom-auth-'));
const BASIC = { user: 'grafana-reader', password: 'pw with spaces & ümlauts' };
let bearerToken = 'glc_first-token-0123456789';

type Proxy = { url: string; paths: string[]; close(): Promise<void> };
const proxies: Proxy[] = [];
let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
let sim: Simulator;
let ca: { caFile: string; otherCaFile: string; key: string; cert: string };

/** A reverse proxy on a free loopback port: only /prometheus/…, only with `accepts(authorization)`, then Prometheus. */
async function startProxy(options: { accepts: (authorization: string | undefined) => boolean; challenge: string; tls?: { key: string; cert: string } }): Promise<Proxy> {
  const paths: string[] = [];
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? '/';
    paths.push(url);
    if (!url.startsWith('/prometheus/')) return void req.resume().on('end', () => res.writeHead(404, { 'content-type': 'text/plain' }).end('404: only /prometheus/ is served here'));
    if (!options.accepts(req.headers.authorization)) {
      return void req.resume().on('end', () => res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': options.challenge }).end('401 Unauthorized'));
    }
    // Forwarded as Prometheus would see them from an ingress: without the credential, with its own host.
    const headers = { ...req.headers };
    delete headers.authorization;
    delete headers.host;
    const forwarded = http.request(new URL(url.slice('/prometheus'.length), prometheus.url), { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.writeHead(502).end('bad gateway'));
    req.pipe(forwarded);
  };
  const server = options.tls ? https.createServer(options.tls, handle) : http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy = {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
  proxies.push(proxy);
  return proxy;
}

const bearerProxy = (tls?: { key: string; cert: string }) => startProxy({ accepts: (a) => a === `Bearer ${bearerToken}`, challenge: 'Bearer realm="prometheus"', tls });
const basicProxy = () => startProxy({ accepts: (a) => a === `Basic ${Buffer.from(`${BASIC.user}:${BASIC.password}`).toString('base64')}`, challenge: 'Basic realm="prometheus"' });

/** A CA and a certificate for 127.0.0.1 signed by it, plus an unrelated CA, made with Debian's openssl. */
function makeCertificates(): typeof ca {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    openssl('version');
  } catch {
    throw new Error('openssl not found: install Debian\'s "openssl" package (scripts/ensure-system-deps.sh)');
  }
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const name of ['ca', 'other-ca']) {
    openssl('req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=voicehive test ${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  }
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext');
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  return { caFile: path.join(dir, 'ca.crt'), otherCaFile: path.join(dir, 'other-ca.crt'), key: read('server.key'), cert: read('server.crt') };
}

const clientFor = (env: Record<string, string>): PrometheusClient => createPrometheusClient({ ...prometheusConnectionOptionsFromEnv(parseEnv(env)), cacheTtlMs: 1 });
async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

/** An instant and a range query, as the console's sections and charts ask them; returns what came back. */
async function readThrough(client: PrometheusClient): Promise<{ series: number; range: SeriesRange[] }> {
  return { series: (await client.query('up')).length, range: await client.queryRange('count(up)', pastWindow) };
}

/** A window already in the past, so every read of it has the same answer; and that answer read directly. */
let pastWindow: { startMs: number; endMs: number; stepMs: number };
let expected: { series: number; range: SeriesRange[] };

beforeAll(async () => {
  ca = makeCertificates();
  sim = await startSimulator({ port: 0, scenario: 'healthy', kube: false });
  prometheus = await startPrometheus({ simUrl: sim.url, port: await findFreePort(), scrapeInterval: '1s', evaluationInterval: '1s', logDir: dir });
  // Every target scraped once (the estate and six services: seven `up` series), so all reads agree on what exists.
  const direct = createPrometheusClient({ baseUrl: prometheus.url, timeoutMs: 3000, cacheTtlMs: 1 });
  await waitUntil(async () => (await direct.query('up')).length >= 7, 'every target to be scraped');
  await waitUntil(async () => {
    pastWindow = { startMs: Date.now() - 20_000, endMs: Date.now() - 1_000, stepMs: 1_000 };
    expected = await readThrough(direct);
    return (expected.range[0]?.points.length ?? 0) >= 2;
  }, 'two seconds of history');
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await prometheus?.stop();
  await sim?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Prometheus behind a path prefix and authentication', () => {
  it('answers instant and range queries through the prefix with a bearer token, with or without the trailing slash', async () => {
    const proxy = await bearerProxy();
    for (const prefix of ['/prometheus', '/prometheus/']) {
      const read = await readThrough(clientFor({ PROMETHEUS_URL: `${proxy.url}${prefix}`, PROMETHEUS_BEARER_TOKEN: bearerToken }));
      expect(read).toEqual(expected);
    }
    expect(proxy.paths.filter((p) => !p.startsWith('/prometheus/api/v1/'))).toEqual([]);
  });

  it('answers through the prefix with basic auth from a password file, and reads the alerts there too', async () => {
    const proxy = await basicProxy();
    const passwordFile = path.join(dir, 'basic-password');
    fs.writeFileSync(passwordFile, `${BASIC.password}\n`);
    const env = { PROMETHEUS_URL: `${proxy.url}/prometheus/`, PROMETHEUS_BASIC_AUTH_USER: BASIC.user, PROMETHEUS_BASIC_AUTH_PASSWORD_FILE: passwordFile };
    expect(await readThrough(clientFor(env))).toEqual(expected);
    const alerts = await createAlertsClient(alertsSettingsFromEnv(parseEnv(env))).getConsoleAlerts(new Set());
    expect(alerts.source).toBe('prometheus');
    expect(proxy.paths).toContain('/prometheus/api/v1/alerts');
  });

  it('without the prefix, the proxy answers 404 and the error says so', async () => {
    const proxy = await bearerProxy();
    const error = await failure(clientFor({ PROMETHEUS_URL: proxy.url, PROMETHEUS_BEARER_TOKEN: bearerToken }).query('up'));
    expect(error).toMatchObject({ upstream: 'prometheus', status: 404 });
  });

  it('a wrong or missing credential is a 401 naming Prometheus and the setting, never the secret', async () => {
    const bearer = await bearerProxy();
    const basic = await basicProxy();
    const wrongToken = await failure(clientFor({ PROMETHEUS_URL: `${bearer.url}/prometheus`, PROMETHEUS_BEARER_TOKEN: 'glc_wrong-token-9876' }).query('up'));
    expect(wrongToken).toMatchObject({ upstream: 'prometheus', status: 401, message: 'prometheus: HTTP 401 unauthorized: the credentials in PROMETHEUS_BEARER_TOKEN were refused' });
    const wrongPassword = await failure(clientFor({ PROMETHEUS_URL: `${basic.url}/prometheus`, PROMETHEUS_BASIC_AUTH_USER: BASIC.user, PROMETHEUS_BASIC_AUTH_PASSWORD: 'not-the-password' }).query('up'));
    expect(wrongPassword).toMatchObject({ status: 401, message: expect.stringMatching(/PROMETHEUS_BASIC_AUTH_PASSWORD were refused$/) });
    const missing = await failure(clientFor({ PROMETHEUS_URL: `${basic.url}/prometheus` }).query('up'));
    expect(missing).toMatchObject({ status: 401, message: expect.stringMatching(/^prometheus: HTTP 401 unauthorized: Prometheus wants credentials/) });
    const everything = `${wrongToken.message}${wrongPassword.message}${missing.message}${await getConsoleMetrics().registry.metrics()}`;
    for (const secret of ['glc_wrong-token-9876', 'not-the-password', bearerToken, BASIC.password]) expect(everything).not.toContain(secret);
  });

  it('a section read with a refused token is unknown, not ok; the rotated token file is picked up and it is judged again', async () => {
    const proxy = await bearerProxy();
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'glc_stale-token-000\n');
    // The console's own singletons (getEnv, getPrometheus) read this environment on first use.
    Object.assign(process.env, consoleEnv, { PROMETHEUS_URL: `${proxy.url}/prometheus/`, PROMETHEUS_BEARER_TOKEN_FILE: tokenFile });
    const section = getCatalog().byId.get('call-failures')!;
    const refused = await evaluateSection(section);
    expect(refused.severity).toBe('unknown');
    expect(JSON.stringify(refused)).toMatch(/HTTP 401 unauthorized: the credentials in PROMETHEUS_BEARER_TOKEN_FILE were refused/);
    fs.writeFileSync(tokenFile, `${bearerToken}\n`);
    await waitUntil(async () => (await evaluateSection(section)).severity === 'ok', 'call-failures to be judged ok after the token rotation', 30_000, 500);
    // The proxy rotates the token; the file follows; the next read uses the new one.
    bearerToken = 'glc_second-token-abcdef012';
    await new Promise((resolve) => setTimeout(resolve, Number(consoleEnv.UPSTREAM_CACHE_TTL_MS) + 100)); // past the shared cache
    expect((await evaluateSection(section)).severity).toBe('unknown');
    fs.writeFileSync(tokenFile, bearerToken);
    expect((await evaluateSection(section)).severity).toBe('ok');
  });
});

describe('Prometheus over HTTPS with a private CA', () => {
  it('refuses the certificate without PROMETHEUS_CA_FILE or with another CA, naming the TLS error; works with the CA', async () => {
    const proxy = await bearerProxy({ key: ca.key, cert: ca.cert });
    const env = { PROMETHEUS_URL: `${proxy.url}/prometheus`, PROMETHEUS_BEARER_TOKEN: bearerToken };
    const untrusted = await failure(clientFor(env).query('up'));
    expect(untrusted).toMatchObject({ status: null, message: expect.stringMatching(/^prometheus: TLS: UNABLE_TO_VERIFY_LEAF_SIGNATURE: .*set PROMETHEUS_CA_FILE/) });
    const otherCa = await failure(clientFor({ ...env, PROMETHEUS_CA_FILE: ca.otherCaFile }).query('up'));
    expect(otherCa.message).toMatch(/^prometheus: TLS: UNABLE_TO_VERIFY_LEAF_SIGNATURE: .*is PROMETHEUS_CA_FILE the CA that signed/);
    const missingCa = await failure(clientFor({ ...env, PROMETHEUS_CA_FILE: path.join(dir, 'no-such-ca.pem') }).query('up'));
    expect(missingCa.message).toBe('prometheus: cannot use PROMETHEUS_CA_FILE: the file cannot be read (ENOENT)');
    const read = await readThrough(clientFor({ ...env, PROMETHEUS_CA_FILE: ca.caFile }));
    expect(read).toEqual(expected);
  });

  it('re-reads the CA file when it changes (a renewed CA bundle is picked up without a restart)', async () => {
    const proxy = await bearerProxy({ key: ca.key, cert: ca.cert });
    const caFile = path.join(dir, 'rotating-ca.pem');
    fs.copyFileSync(ca.otherCaFile, caFile);
    const client = clientFor({ PROMETHEUS_URL: `${proxy.url}/prometheus`, PROMETHEUS_BEARER_TOKEN: bearerToken, PROMETHEUS_CA_FILE: caFile });
    expect((await failure(client.query('up'))).message).toMatch(/^prometheus: TLS: /);
    fs.writeFileSync(caFile, fs.readFileSync(ca.caFile));
    expect(await client.query('up')).toHaveLength(expected.series);
  });
});

describe('Prometheus answer size', () => {
  it('an answer over PROMETHEUS_MAX_BODY_BYTES is an upstream error naming the limit; under the default it is read', async () => {
    const proxy = await bearerProxy();
    const env = { PROMETHEUS_URL: `${proxy.url}/prometheus`, PROMETHEUS_BEARER_TOKEN: bearerToken };
    // Every series the simulator exports, each second for a minute: well over 64 KiB.
    const everything = (client: PrometheusClient) => client.queryRange('{__name__=~".+"}', { startMs: Date.now() - 60_000, endMs: Date.now(), stepMs: 1_000 });
    const error = await failure(everything(clientFor({ ...env, PROMETHEUS_MAX_BODY_BYTES: '65536' })));
    expect(error).toMatchObject({ upstream: 'prometheus', message: 'prometheus: the answer is larger than PROMETHEUS_MAX_BODY_BYTES (64 KiB)' });
    expect((await everything(clientFor(env))).length).toBeGreaterThan(100);
  });
});
