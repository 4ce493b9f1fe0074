import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrometheusClient, parseSampleValue } from './prometheus';
import { UpstreamError } from './upstream-error';

// A stand-in Prometheus HTTP API on loopback: these cases (hangs, HTML 503s, malformed bodies) cannot
// be made to happen on demand with the real server. The real one is exercised in test/integration.
type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
const servers: http.Server[] = [];

async function startFake(handler: Handler) {
  const seen: { path: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body });
      handler(req, body, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

const vector = (value: string) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { vendor: 'apaleo' }, value: [1, value] }] } });
const answerLater = (payload: string, ms = 50): Handler => (_req, _body, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(payload), ms);

describe('Prometheus adapter', () => {
  it('coalesces identical queries in flight and answers repeats from the cache: one upstream request', async () => {
    const fake = await startFake(answerLater(vector('0.5')));
    const client = createPrometheusClient({ baseUrl: fake.url, timeoutMs: 2000, cacheTtlMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 25 }, () => client.query('up')));
    await client.query('up');
    expect(fake.seen).toHaveLength(1);
    expect(answers.every((a) => a[0]?.value === 0.5)).toBe(true);
    await client.query('sum(up)');
    expect(fake.seen).toHaveLength(2);
  });

  it('asks again once the cache entry has expired', async () => {
    const fake = await startFake(answerLater(vector('1'), 0));
    const client = createPrometheusClient({ baseUrl: fake.url, timeoutMs: 2000, cacheTtlMs: 20 });
    await client.query('up');
    await new Promise((r) => setTimeout(r, 40));
    await client.query('up');
    expect(fake.seen).toHaveLength(2);
  });

  it('aligns range queries to the cache TTL so viewers within one TTL share one request', async () => {
    const matrix = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[60, '1'], [120, '2']] }] } });
    const fake = await startFake(answerLater(matrix));
    const client = createPrometheusClient({ baseUrl: fake.url, timeoutMs: 2000, cacheTtlMs: 5_000 });
    const [a] = await Promise.all([
      client.queryRange('up', { startMs: 100_000, endMs: 161_000, stepMs: 60_000 }),
      client.queryRange('up', { startMs: 103_000, endMs: 164_000, stepMs: 60_000 }),
    ]);
    expect(fake.seen).toHaveLength(1);
    const sent = new URLSearchParams(fake.seen[0]!.body);
    expect([sent.get('start'), sent.get('end'), sent.get('step')]).toEqual(['99', '160', '60s']);
    expect(a?.[0]?.points).toEqual([[60_000, 1], [120_000, 2]]);
  });

  it('sends the query in a POST body, never in the URL', async () => {
    const fake = await startFake(answerLater(vector('1'), 0));
    await createPrometheusClient({ baseUrl: fake.url, timeoutMs: 2000, cacheTtlMs: 1 }).query('rate(x[5m])');
    expect(fake.seen[0]).toEqual({ path: '/api/v1/query', body: 'query=rate%28x%5B5m%5D%29' });
  });

  it('times out a hanging Prometheus with an UpstreamError and no status', async () => {
    const fake = await startFake(() => undefined);
    const client = createPrometheusClient({ baseUrl: fake.url, timeoutMs: 100, cacheTtlMs: 1000 });
    await expect(client.query('up')).rejects.toMatchObject({ name: 'UpstreamError', status: null, message: 'prometheus: no answer within 100 ms' });
  });

  it('times out a body that stops half-way, as an UpstreamError too', async () => {
    const fake = await startFake((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":"succ');
    });
    const client = createPrometheusClient({ baseUrl: fake.url, timeoutMs: 150, cacheTtlMs: 1000 });
    await expect(client.query('up')).rejects.toMatchObject({ name: 'UpstreamError', status: null, message: 'prometheus: no answer within 150 ms' });
  });

  it('reports a refused connection', async () => {
    const fake = await startFake(() => undefined);
    servers.pop()!.close();
    const client = createPrometheusClient({ baseUrl: fake.url, timeoutMs: 1000, cacheTtlMs: 1000 });
    await expect(client.query('up')).rejects.toThrow(/connection refused/);
  });

  it('reports a 5xx HTML page and a malformed body as upstream errors with the status, and does not cache them', async () => {
    let calls = 0;
    const fake = await startFake((_req, _body, res) => {
      calls += 1;
      if (calls === 1) res.writeHead(503, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":{"resultType":"vector"}}');
    });
    const client = createPrometheusClient({ baseUrl: fake.url, timeoutMs: 1000, cacheTtlMs: 60_000 });
    const first = await client.query('up').catch((e: unknown) => e);
    expect(first).toBeInstanceOf(UpstreamError);
    expect(first).toMatchObject({ status: 503 });
    await expect(client.query('up')).rejects.toThrow(/unexpected answer/);
    expect(calls).toBe(2);
  });

  it("passes on Prometheus's own error for a query it rejects", async () => {
    const fake = await startFake((_req, _body, res) =>
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5' })),
    );
    const client = createPrometheusClient({ baseUrl: fake.url, timeoutMs: 1000, cacheTtlMs: 1000 });
    await expect(client.query('up{')).rejects.toMatchObject({ status: 400, message: 'prometheus: HTTP 400, bad_data: parse error at char 5' });
  });
});

describe('parseSampleValue', () => {
  it('reads Prometheus special floats', () => {
    expect(parseSampleValue('+Inf')).toBe(Infinity);
    expect(parseSampleValue('-Inf')).toBe(-Infinity);
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('0.25')).toBe(0.25);
  });
});
