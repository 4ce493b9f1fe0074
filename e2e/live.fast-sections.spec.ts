import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { readSeededAccounts } from './support/accounts';

// Issue 16: server.mjs answers GET /api/sections[/<id>] from the snapshot's precompressed bytes, before Next's
// pipeline, for a session found active as the route would find it (lib/server/fast-sections.ts). Everything else
// goes to the route. Here: the fast answer is the route's answer (body, security headers), a new session's first
// poll is served fast, a revoked session is refused at once, and what the fast path must not serve still reaches
// the route with its refusals.
const consoleUrl = () => process.env.E2E_CONSOLE_URL!;
// Inside a test, request.newContext() starts from the project's `use`, i.e. the shared viewer's cookie. Signing in
// with it would end that session (the login route revokes the session a browser arrives with) and fail every
// spec after this one that reads as the shared viewer: each context here says it carries no session.
const signedOut = { cookies: [], origins: [] };

async function signIn(): Promise<APIRequestContext> {
  const viewer = readSeededAccounts().users.find((u) => u.role === 'viewer')!;
  const context = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: signedOut, extraHTTPHeaders: { origin: consoleUrl() } });
  const login = await context.post('/api/auth/login', { data: { username: viewer.username, password: viewer.password } });
  expect(login.status()).toBe(200);
  return context;
}

// Headers a browser or proxy acts on: they must be the same on both paths.
const compared = ['content-type', 'cache-control', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'strict-transport-security', 'permissions-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy'];
const pick = (response: APIResponse) => Object.fromEntries(compared.map((name) => [name, response.headers()[name] ?? null]));

/** Served before Next: written whole with its length; Next's pipeline streams the route's answer (chunked). */
const servedFast = (response: APIResponse) => response.headers()['content-length'] !== undefined && response.headers()['transfer-encoding'] === undefined;

/**
 * The same URL for the route: the fast path serves only ids written plainly, and Next decodes a percent-encoded
 * one before its route sees it; the overview's route ignores a query string, which the fast path never serves.
 */
const throughRoute = (path: string) => (path === '/api/sections' ? `${path}?through=route` : path.replace('/api/sections/p', '/api/sections/%70'));

/** The same snapshot read through the route and before Next; a refresh may land between, so read until one ETag. */
async function readRouteThenFast(context: APIRequestContext, path: string): Promise<[APIResponse, APIResponse]> {
  let pair: [APIResponse, APIResponse] | undefined;
  await expect
    .poll(
      async () => {
        const route = await context.get(throughRoute(path));
        const fast = await context.get(path);
        if (!servedFast(route) && servedFast(fast) && route.headers().etag === fast.headers().etag) pair = [route, fast];
        return pair !== undefined;
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBe(true);
  return pair!;
}

test.describe('snapshot polls served before Next (the fast path)', () => {
  // The overview, a section, a chart and a PMS panel (each section id starts with "p" for throughRoute).
  for (const path of ['/api/sections', '/api/sections/pms-connection', '/api/sections/pms-connection/panels/pms-failures?range=1h', '/api/sections/pms-connection/pms/pms-health']) {
    test(`${path}: the same body and headers as the route, 304 on If-None-Match, each encoding as asked`, async () => {
      const context = await signIn();
      const [route, fast] = await readRouteThenFast(context, path);
      expect(route.status()).toBe(200);
      expect(fast.status()).toBe(200);
      expect(await fast.json()).toEqual(await route.json());
      expect(pick(fast)).toEqual(pick(route));
      expect(Number(fast.headers()['x-snapshot-age-ms'])).toBeGreaterThanOrEqual(0);

      const etag = fast.headers().etag!;
      const unchanged = await context.get(path, { headers: { 'if-none-match': etag } });
      expect([200, 304]).toContain(unchanged.status()); // 200 only if a refresh landed in between
      if (unchanged.status() === 304) expect(await unchanged.body()).toHaveLength(0);

      // The request context decompresses; the header says what was sent.
      const identity = await context.get(path, { headers: { 'accept-encoding': 'identity' } });
      expect(identity.headers()['content-encoding']).toBeUndefined();
      expect((await identity.json()) as unknown).toHaveProperty('generatedAt');
      const gzip = await context.get(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers()['content-encoding']).toBe('gzip');
      expect((await gzip.json()) as unknown).toHaveProperty('generatedAt');
      await context.dispose();
    });
  }

  test('a new session’s very first poll is served before Next (the fast path checks the session itself)', async () => {
    const context = await signIn();
    const first = await context.get('/api/sections/pms-connection');
    expect(first.status()).toBe(200);
    expect(servedFast(first)).toBe(true);
    await context.dispose();
  });

  test('a session signed out is refused on its next poll, not served from the cache', async () => {
    const context = await signIn();
    const cookie = (await context.storageState()).cookies[0]!;
    await readRouteThenFast(context, '/api/sections');
    expect((await context.post('/api/auth/logout')).status()).toBeLessThan(400);
    // The signed-out cookie, sent again at once (the browser would have dropped it; a script or a copy would not).
    const again = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: signedOut, extraHTTPHeaders: { cookie: `${cookie.name}=${cookie.value}` } });
    expect((await again.get('/api/sections')).status()).toBe(401);
    expect((await again.get('/api/sections/pms-connection')).status()).toBe(401);
    await again.dispose();
    await context.dispose();
  });

  test('what the fast path does not serve still gets the route’s answer: no session, an unknown section, a bad id, a bad range, a panel of another kind', async () => {
    const anonymous = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: signedOut });
    expect((await anonymous.get('/api/sections')).status()).toBe(401);
    expect((await anonymous.get('/api/sections/pms-connection/panels/pms-failures?range=1h')).status()).toBe(401);
    await anonymous.dispose();
    const context = await signIn();
    await readRouteThenFast(context, '/api/sections');
    const unknown = await context.get('/api/sections/no-such-section');
    expect(unknown.status()).toBe(404);
    const bad = await context.get('/api/sections/Not_An_Id');
    expect(bad.status()).toBe(400);
    expect((await bad.json()) as unknown).toMatchObject({ error: { field: expect.any(String) } });
    await readRouteThenFast(context, '/api/sections/pms-connection/panels/pms-failures?range=1h');
    for (const [path, status] of [
      ['/api/sections/pms-connection/panels/pms-failures?range=2h', 400],
      ['/api/sections/pms-connection/panels/pms-failures?range=1h&step=1s', 400],
      ['/api/sections/pms-connection/panels/pms-health?range=1h', 400],
      ['/api/sections/pms-connection/pms/pms-failures', 400],
      ['/api/sections/pms-connection/panels/no-such-panel', 404],
    ] as const) {
      // The fast path answers only 200 and 304: each of these is the route's refusal, naming the field.
      const answer = await context.get(path);
      expect(answer.status(), path).toBe(status);
      expect((await answer.json()) as unknown, path).toMatchObject({ error: { field: expect.any(String) } });
    }
    await context.dispose();
  });
});
