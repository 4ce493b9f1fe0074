import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResponse, HttpSession } from './http-session';

describe('HttpSession (the demo check’s browser)', () => {
  let server: http.Server;
  let baseUrl = '';
  beforeAll(async () => {
    // A real HTTP server on loopback: sets a session cookie on sign-in, answers the rest with what it was sent.
    server = http.createServer((req, res) => {
      if (req.url === '/sign-in') res.setHeader('set-cookie', ['vh_session=abc123; Path=/; HttpOnly; SameSite=Lax', 'other=1; Path=/']);
      if (req.url === '/moved') {
        res.writeHead(307, { location: '/login?next=%2Fnoc' }).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ cookie: req.headers.cookie ?? null, origin: req.headers.origin ?? null, method: req.method }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends back the cookies it was given, and its own Origin (writes are same-origin only)', async () => {
    const session = new HttpSession(baseUrl);
    expect(await session.getJson('/before')).toEqual({ cookie: null, origin: baseUrl, method: 'GET' });
    await session.request('/sign-in', { method: 'POST', json: {} });
    expect(await session.getJson('/after')).toEqual({ cookie: 'vh_session=abc123; other=1', origin: baseUrl, method: 'GET' });
  });

  it('does not follow a redirect: being sent to sign in is an answer to report', async () => {
    const session = new HttpSession(baseUrl);
    await expect(session.getJson('/moved')).rejects.toThrow('GET /moved: HTTP 307 to /login?next=%2Fnoc');
  });
});

describe('describeResponse', () => {
  it('gives a JSON error’s message', async () => {
    const response = new Response(JSON.stringify({ error: { code: 'forbidden', message: 'You may not read the audit log.' } }), { status: 403 });
    expect(await describeResponse(response)).toBe('HTTP 403 (You may not read the audit log.)');
  });

  it('gives an HTML page’s title, not its markup', async () => {
    const response = new Response('<!DOCTYPE html><html><head><title>500: Internal Server Error</title></head><body>…</body></html>', { status: 500 });
    expect(await describeResponse(response)).toBe('HTTP 500 (500: Internal Server Error)');
  });

  it('gives the start of any other body, and the status alone for an empty one', async () => {
    expect(await describeResponse(new Response('upstream timed out\n', { status: 502 }))).toBe('HTTP 502 (upstream timed out)');
    expect(await describeResponse(new Response(null, { status: 404 }))).toBe('HTTP 404');
  });
});
