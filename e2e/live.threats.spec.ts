// The threat list (../shared/security/threats.md) against the built console: cases 1, 3, 4, 5, 10, 11,
// 27, 28 and 29. The others are tested nearer the code (SECURITY.md maps every case to its test).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { isPinnedAllowed } from '../test/pinned-permissions';
import { NocPage } from './pages/noc-page';
import { e2eRunDir, storageStatePath } from './support/accounts';
import { expected, pages, publicPages } from './support/access-table';
import { requestFrom } from './support/from-address';

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;
const signedOut = { cookies: [], origins: [] };
const root = path.resolve(__dirname, '..');
const writeRoutes = Object.entries(expected).filter(([key, route]) => !key.startsWith('GET ') && route.need !== 'public');

async function contextAs(who: 'anonymous' | 'viewer' | 'admin', headers: Record<string, string> = {}): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: who === 'anonymous' ? signedOut : storageStatePath(who), extraHTTPHeaders: { origin: consoleUrl(), ...headers } });
}
const tokenCount = async (admin: APIRequestContext) => ((await (await admin.get('/api/tokens')).json()) as { tokens: unknown[] }).tokens.length;

test.describe('threat 1: x-middleware-subrequest (CVE-2025-29927) opens nothing', () => {
  const variants = ['middleware', 'middleware:middleware:middleware:middleware:middleware', 'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware', 'proxy:proxy:proxy:proxy:proxy', 'pages/_middleware'];

  test('every protected route answers 401 and every protected page sends to sign-in, whatever the header says', async () => {
    for (const value of variants) {
      const anonymous = await contextAs('anonymous', { 'x-middleware-subrequest': value });
      for (const [key, route] of Object.entries(expected).filter(([, r]) => r.need !== 'public')) {
        const response = await anonymous.fetch(route.path, { method: key.split(' ')[0], data: route.body, maxRedirects: 0 });
        expect(response.status(), `${key} with ${value}`).toBe(401);
      }
      for (const page of pages) {
        const response = await anonymous.get(page.path, { maxRedirects: 0 });
        expect(response.status(), `${page.path} with ${value}`).toBe(307);
        expect(response.headers().location).toMatch(/^\/login\?next=/);
      }
      await anonymous.dispose();
    }
  });

  test('a viewer sending it still gets 403 from every admin route and page', async () => {
    const viewer = await contextAs('viewer', { 'x-middleware-subrequest': variants[1]! });
    for (const [key, route] of Object.entries(expected).filter(([, r]) => r.need !== 'public' && !isPinnedAllowed('viewer', r.need as never))) {
      expect((await viewer.fetch(route.path, { method: key.split(' ')[0], data: route.body, maxRedirects: 0 })).status(), key).toBe(403);
    }
    for (const page of pages.filter((p) => !isPinnedAllowed('viewer', p.need))) expect((await viewer.get(page.path, { maxRedirects: 0 })).status(), page.path).toBe(403);
    await viewer.dispose();
  });
});

test.describe('threat 3: no server action to call by its ID', () => {
  test('the app defines no server actions, the build lists none, and an action call by ID runs nothing', async () => {
    const sources = ['app', 'lib', 'components'].flatMap((dir) => fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(root, dir, f)));
    for (const file of sources) expect(fs.readFileSync(file, 'utf8'), file).not.toMatch(/^\s*['"]use server['"]/m);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8')) as { node: Record<string, unknown>; edge: Record<string, unknown> };
    expect(Object.keys(manifest.node)).toEqual([]);
    expect(Object.keys(manifest.edge)).toEqual([]);
    const viewer = await contextAs('viewer');
    const admin = await contextAs('admin');
    const before = await tokenCount(admin);
    for (const page of ['/', '/admin/tokens', '/approvals']) {
      const response = await viewer.post(page, { headers: { 'next-action': '7f00000000000000000000000000000000000000', 'content-type': 'text/plain;charset=UTF-8' }, data: '[{"name":"x"}]', maxRedirects: 0 });
      expect(response.status(), page).not.toBe(200);
    }
    expect(await tokenCount(admin)).toBe(before);
    await viewer.dispose();
    await admin.dispose();
  });
});

test.describe('threat 4: cross-site writes are refused by every handler', () => {
  test('with the victim’s cookie from another site, with Origin: null and with no Origin, every write route answers 403 cross-site and changes nothing', async () => {
    const admin = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('admin') });
    const before = await tokenCount(admin);
    const attempts: Record<string, Record<string, string>> = {
      'another site': { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      'a same-site sibling': { origin: 'http://127.0.0.1:1', 'sec-fetch-site': 'same-site' },
      'Origin: null': { origin: 'null' },
      'no Origin': {},
    };
    for (const [key, route] of [...writeRoutes, ['POST /api/auth/login', expected['POST /api/auth/login']!] as const, ['POST /api/auth/display', expected['POST /api/auth/display']!] as const]) {
      for (const [name, headers] of Object.entries(attempts)) {
        const response = await admin.fetch(route.path, { method: key.split(' ')[0], headers, data: route.body ?? {}, maxRedirects: 0 });
        expect(response.status(), `${key} from ${name}`).toBe(403);
        expect(((await response.json()) as { error: { code: string } }).error.code, `${key} from ${name}`).toBe('cross-site');
      }
    }
    expect(await tokenCount(admin)).toBe(before);
    await admin.dispose();
  });
});

test.describe('threat 5: a spoofed Host or X-Forwarded-Host makes the server fetch nothing from it', () => {
  let attacker: http.Server;
  let hits = 0;
  test.beforeAll(async () => {
    attacker = http.createServer((_req, res) => {
      hits += 1;
      res.end('owned');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  });
  test.afterAll(async () => {
    await new Promise((resolve) => attacker.close(resolve));
  });

  test('redirecting routes keep their own host: the attacker’s host is neither fetched nor sent to', async () => {
    const evil = `127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    const viewer = JSON.parse(fs.readFileSync(storageStatePath('viewer'), 'utf8')) as { cookies: { name: string; value: string }[] };
    const cookie = viewer.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const probes: { path: string; method?: string; headers?: Record<string, string>; body?: string }[] = [
      { path: '/login?next=/noc', headers: { cookie } }, // a signed-in visit: redirect(next)
      { path: '/runbooks/redis' }, // anonymous: redirect to /login
      { path: '/api/auth/oidc/start?next=/' },
      { path: '/api/auth/oidc/callback?code=x&state=y' },
      { path: '/', method: 'POST', headers: { cookie, 'next-action': '7f00000000000000000000000000000000000000', 'content-type': 'text/plain' }, body: '[]' },
    ];
    for (const probe of probes) {
      const spoofs: Record<string, string>[] = [{ host: evil }, { 'x-forwarded-host': evil, 'x-forwarded-proto': 'http' }, { host: evil, 'x-forwarded-host': evil }];
      for (const spoof of spoofs) {
        const answer = await requestFrom('127.0.0.1', `${consoleUrl()}${probe.path}`, { method: probe.method, headers: { ...probe.headers, ...spoof }, body: probe.body });
        expect(String(answer.headers.location ?? ''), `${probe.path} with ${JSON.stringify(spoof)}`).not.toContain(evil);
      }
    }
    expect(hits).toBe(0);
  });
});

test.describe('threat 10: access is decided per handler, so no path spelling reaches another route’s data', () => {
  test('look-alike, traversing and oddly encoded paths to admin routes give a viewer nothing', async () => {
    const viewer = JSON.parse(fs.readFileSync(storageStatePath('viewer'), 'utf8')) as { cookies: { name: string; value: string }[] };
    const cookie = viewer.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const paths = ['/api/tokensX', '/api/tokens/../users', '/api/sections/../tokens', '/api/v4/../tokens', '/api//tokens', '/api/tokens/', '/api/tokens%2f..%2fusers', '/api/%74okens', '/API/TOKENS', '/api/users;x', '/api/users%00', '/api/audit/..%2f..%2fapi%2fusers', '/admin/tokensX', '/admin/../admin/users'];
    for (const p of paths) {
      const answer = await requestFrom('127.0.0.1', `${consoleUrl()}${p}`, { headers: { cookie } });
      expect([400, 403, 404, 405, 307, 308], `${p}: HTTP ${answer.status}`).toContain(answer.status);
      expect(answer.body, p).not.toMatch(/"tokens":\[|"users":\[|vhd_|password_hash/);
    }
  });
});

test.describe('threat 11: identity headers sent by a client change nobody’s identity', () => {
  test('X-User, X-Forwarded-User and their kin neither sign anyone in nor change who is signed in', async () => {
    const forged = { 'x-forwarded-user': 'ada', 'x-user': 'ada', 'remote-user': 'ada', 'x-auth-request-user': 'ada', 'x-auth-request-email': 'ada@voicehive.example', 'x-forwarded-email': 'ada@voicehive.example', 'x-remote-user': 'ada' };
    const anonymous = await contextAs('anonymous', forged);
    expect((await anonymous.get('/api/auth/me')).status()).toBe(401);
    expect((await anonymous.get('/api/users')).status()).toBe(401);
    const viewer = await contextAs('viewer', forged);
    const me = (await (await viewer.get('/api/auth/me')).json()) as { role: string; name?: string };
    expect(me.role).toBe('viewer');
    expect((await viewer.get('/api/users')).status()).toBe(403);
    await anonymous.dispose();
    await viewer.dispose();
  });
});

test.describe('threat 27: a kiosk (display) session cannot change anything or read beyond status', () => {
  test('every write route, the user list, the audit log and every chart or log query are refused to a display', async ({ browser }) => {
    const admin = await contextAs('admin');
    const { secret } = (await (await admin.post('/api/tokens', { data: { name: 'Threat 27 kiosk', binding: 'first-device' } })).json()) as { secret: string };
    const kiosk = await browser.newContext({ storageState: signedOut });
    await new NocPage(await kiosk.newPage()).signInAsDisplay(secret);
    const api = kiosk.request;
    for (const [key, route] of writeRoutes.filter(([, r]) => !isPinnedAllowed('display', r.need as never))) {
      expect((await api.fetch(`${consoleUrl()}${route.path}`, { method: key.split(' ')[0], headers: { origin: consoleUrl() }, data: route.body ?? {}, maxRedirects: 0 })).status(), key).toBe(403);
    }
    for (const p of ['/api/users', '/api/audit', '/api/tokens', '/api/metrics', '/api/sections/call-failures/panels/call-success?range=1h', '/api/sections/call-failures/logs/orchestrator-errors']) {
      expect((await api.get(`${consoleUrl()}${p}`)).status(), p).toBe(403);
    }
    // The alerts a display reads carry counts, never labels or people's comments (e-mail addresses among them).
    expect(await (await api.get(`${consoleUrl()}/api/alerts`)).text()).not.toMatch(/@|comment/);
    await kiosk.close();
    await admin.dispose();
  });
});

test.describe('threat 28: a display whose token expires says so, and never falls back to unauthenticated access', () => {
  // A screen of its own: signing a display in from the viewer's browser would end the viewer's session there.
  test.use({ storageState: signedOut });
  test('the wall goes to a page saying the token expired, with no login form and no estate data, also after a reload', async ({ page }) => {
    const admin = await contextAs('admin');
    const { token, secret } = (await (await admin.post('/api/tokens', { data: { name: 'Threat 28 wall', expiresInDays: 1 } })).json()) as { token: { id: string }; secret: string };
    const noc = new NocPage(page);
    await noc.signInAsDisplay(secret);
    await expect(noc.tiles().first()).toBeVisible();
    // A day later, as far as the store is concerned (the console reads the token's expiry on every request).
    const store = new Sqlite(path.join(e2eRunDir, 'store.sqlite'));
    store.pragma('busy_timeout = 5000');
    store.prepare('update display_tokens set expires_at = ? where id = ?').run(Date.now() - 1000, token.id);
    store.close();
    await expect(page).toHaveURL(`${consoleUrl()}/display/revoked?reason=token-expired`, { timeout: 15_000 });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("This display's token expired");
    await page.goto(`${consoleUrl()}/noc`);
    await expect(page).toHaveURL(`${consoleUrl()}/display/revoked?reason=token-expired`);
    await expect(page.getByLabel('Password')).toHaveCount(0);
    await expect(noc.tiles()).toHaveCount(0);
    expect((await page.request.get(`${consoleUrl()}/api/sections`)).status()).toBe(401);
    await admin.dispose();
  });
});

test.describe('threat 29: an external scan finds no unauthenticated admin surface', () => {
  test('without a session, every page and route but the public ones is closed, and no admin, debug or framework surface answers', async () => {
    const anonymous = await contextAs('anonymous');
    for (const [key, route] of Object.entries(expected)) {
      const status = (await anonymous.fetch(route.path, { method: key.split(' ')[0], data: route.body, maxRedirects: 0 })).status();
      if (route.need === 'public') expect([200, 302, 303, 307, 400, 401, 404], `${key}: ${status}`).toContain(status);
      else expect(status, key).toBe(401);
    }
    for (const page of pages) expect((await anonymous.get(page.path, { maxRedirects: 0 })).status(), page.path).toBe(307);
    for (const page of publicPages) expect(await (await anonymous.get(page)).text(), page).not.toMatch(/vhd_|password_hash|"role":"admin"/);
    const probes = ['/admin', '/api/admin', '/api/admin/users', '/.env', '/.git/config', '/server-status', '/debug', '/api/debug', '/metrics', '/actuator/health', '/api/v1/admin/tsdb/snapshot', '/-/quit', '/__nextjs_original-stack-frame', '/_next/webpack-hmr', '/api/graphql', '/phpmyadmin/', '/api/users/export', '/api/tokens/all'];
    for (const p of probes) {
      // Redirects followed (Next.js sends /x/ on to /x first): where they end matters.
      const response = await anonymous.get(p);
      expect([401, 404, 405], `${p}: ${response.status()} at ${response.url()}`).toContain(response.status());
    }
    // The one public route says it is alive, and nothing else.
    expect(Object.keys((await (await anonymous.get('/api/health')).json()) as object).sort()).toEqual(['status']);
    // Readiness says which check failed (store, catalog), never why: no address, no driver message.
    expect(await (await anonymous.get('/api/health/ready')).json()).toEqual({ status: 'ready', checks: { store: 'ok', catalog: 'ok' } });
    await anonymous.dispose();
  });
});
