// The store down (PostgreSQL not answering): every request needs it for its session, so the console
// answers 503 naming the store, for the API and for the login (a failed open is retried on the next request).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  process.env.DATABASE_URL = `postgres://voicehive:secret@127.0.0.1:${port}/voicehive`;
  process.env.CONSOLE_URL = 'http://127.0.0.1:3000';
});

describe('a store that cannot be reached', () => {
  it('answers 503 naming the store, not 500 or a crash', async () => {
    const sections = await import('@/app/api/sections/route');
    const response = await sections.GET(new NextRequest('http://127.0.0.1:3000/api/sections', { headers: { cookie: 'vh_session=whatever' } }));
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toMatch(/store \(PostgreSQL\) cannot be opened: .*ECONNREFUSED/);
    expect(body.error.message).not.toContain('secret');
  });

  it('refuses a sign-in the same way, with nothing written anywhere', async () => {
    const login = await import('@/app/api/auth/login/route');
    const response = await login.POST(new NextRequest('http://127.0.0.1:3000/api/auth/login', { method: 'POST', headers: { origin: 'http://127.0.0.1:3000', 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ada', password: 'x' }) }));
    expect(response.status).toBe(503);
  });
});
