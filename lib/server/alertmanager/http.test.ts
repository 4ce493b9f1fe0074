import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findFreePort } from '@/scripts/stack/processes';
import { AlertmanagerError } from './errors';
import { MAX_ANSWER_BYTES, requestJson } from './http';
import { toEndpoint } from './settings';

// A stand-in upstream on loopback that misbehaves in the ways a real one can.
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/ok': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ auth: req.headers.authorization ?? null })),
  '/redirect': (_, res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end(),
  '/html': (_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>'),
  '/error': (_, res) => res.writeHead(500).end('"silence not found"\n'),
  '/huge': (_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    for (let i = 0; i <= MAX_ANSWER_BYTES / chunk.length; i += 1) res.write(chunk);
    res.end('[]');
  },
  '/hang': () => {},
};
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => (routes[new URL(req.url ?? '/', 'http://x').pathname] ?? ((_, r) => r.writeHead(404).end()))(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://ops:pw@127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const get = (path: string, schema: z.ZodType = z.unknown(), timeoutMs = 2000) => requestJson(toEndpoint(base, timeoutMs), 'alertmanager', { method: 'GET', path }, schema);
async function failure(call: Promise<unknown>): Promise<AlertmanagerError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AlertmanagerError);
  return error as AlertmanagerError;
}

describe('requestJson', () => {
  it('sends the URL credentials as basic auth and checks the answer against the schema', async () => {
    expect(await get('ok', z.object({ auth: z.string() }))).toEqual({ auth: `Basic ${Buffer.from('ops:pw').toString('base64')}` });
    const error = await failure(get('ok', z.array(z.string())));
    expect(error.code).toBe('bad-answer');
    expect(error.message).toMatch(/^Alertmanager \(127\.0\.0\.1:\d+\): unexpected answer to GET ok: /);
  });

  it('does not follow redirects and says what came instead of JSON', async () => {
    expect(await failure(get('redirect'))).toMatchObject({ code: 'redirect', status: 302 });
    expect((await failure(get('html'))).message).toMatch(/answered something that is not JSON: <html>proxy login/);
    expect(await failure(get('error'))).toMatchObject({ code: 'http', status: 500, message: expect.stringMatching(/GET error answered HTTP 500: "silence not found"$/) });
  });

  it('refuses an answer over the cap, and times out on one that never comes', async () => {
    expect((await failure(get('huge'))).code).toBe('too-large');
    const started = Date.now();
    const error = await failure(get('hang', z.unknown(), 300));
    expect(error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/: no answer within 300 ms$/) });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('names the upstream and address when nothing listens', async () => {
    const port = await findFreePort();
    const error = await failure(requestJson(toEndpoint(`http://127.0.0.1:${port}`, 2000), 'prometheus', { method: 'GET', path: 'api/v1/alerts' }, z.unknown()));
    expect(error).toMatchObject({ code: 'unreachable', upstream: 'prometheus', message: `Prometheus (127.0.0.1:${port}): connection refused` });
    expect(error.toApiError().code).toBe('upstream');
  });
});
