import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import type { PrincipalRole } from '../lib/auth/permissions';
import { isPinnedAllowed } from '../test/pinned-permissions';
import { readSeededAccounts, storageStatePath } from './support/accounts';
import { expected, pages, publicPages } from './support/access-table';
import { listPages, listRouteHandlers } from './support/route-inventory';

const consoleUrl = () => process.env.E2E_CONSOLE_URL!;
type Caller = PrincipalRole | 'anonymous';
const callers: Caller[] = ['anonymous', 'viewer', 'operator', 'approver', 'admin', 'display'];

// Sign-out ends the caller's session, so it gets its own test below rather than a place in the matrix.
// The overview stream never ends for an allowed caller (a request that waits for its whole body would hang):
// its denials and the viewer's stream are tested in test/integration/overview-stream.test.ts.
const notInMatrix = new Set(['POST /api/auth/logout', 'GET /api/sections/stream']);

// Identity headers a proxy might set, and the header behind the 2025 Next.js middleware bypass: none may change anything.
const spoofedHeaders = {
  'x-forwarded-user': 'ada',
  'x-user': 'ada',
  'remote-user': 'ada',
  'x-auth-request-user': 'ada',
  'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware',
};

const contexts = new Map<Caller, APIRequestContext>();
// Inside a test, request.newContext() starts from the project's `use` (signed in as a viewer): a
// context meant to carry no session must say so.
const signedOut = { cookies: [], origins: [] };

test.beforeAll(async () => {
  const { display } = readSeededAccounts();
  for (const caller of callers) {
    const storageState = caller === 'anonymous' || caller === 'display' ? signedOut : storageStatePath(caller);
    contexts.set(caller, await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState, extraHTTPHeaders: { origin: consoleUrl() } }));
  }
  const exchanged = await contexts.get('display')!.post('/api/auth/display', { data: { token: display.secret } });
  expect(exchanged.status()).toBe(200);
  // An incident for the incident pages to show (declared blank: no section, nothing else changes).
  const declared = await contexts.get('operator')!.post('/api/incidents', { data: { title: 'Access test', severity: 'P3' } });
  expect(declared.status()).toBe(201);
  incidentId = ((await declared.json()) as { incident: { id: string } }).incident.id;
});
let incidentId = '';

test.afterAll(async () => {
  // Declined: no longer open, so no other spec finds it on the banner or the wall.
  if (incidentId) {
    const declined = await contexts.get('operator')!.patch(`/api/incidents/${incidentId}`, { data: { op: 'status', version: 1, to: 'declined', reason: 'access test' } });
    expect(declined.status()).toBe(200);
  }
  for (const context of contexts.values()) await context.dispose();
});

test('every route handler has an entry in the access table', () => {
  const found = listRouteHandlers(path.resolve(__dirname, '../app')).map((r) => `${r.method} ${r.route}`);
  expect(found.filter((key) => !(key in expected) && !notInMatrix.has(key))).toEqual([]);
  expect(Object.keys(expected).filter((key) => !found.includes(key))).toEqual([]);
});

for (const [key, route] of Object.entries(expected)) {
  const [method] = key.split(' ') as [string];
  test(`${key}: every role gets what the pinned permission table says, spoofed headers or not`, async () => {
    const publicAnswers = new Set<number>();
    for (const caller of callers) {
      for (const headers of [{}, spoofedHeaders]) {
        const response = await contexts.get(caller)!.fetch(route.path, { method, headers, data: route.body, maxRedirects: 0 });
        const status = response.status();
        const where = `${caller}${headers === spoofedHeaders ? ' with spoofed headers' : ''}: HTTP ${status}`;
        if (route.need === 'public') publicAnswers.add(status);
        else if (caller === 'anonymous') expect(status, where).toBe(401);
        else if (isPinnedAllowed(caller, route.need)) expect([401, 403], where).not.toContain(status);
        else expect(status, where).toBe(403);
      }
    }
    if (route.need === 'public') expect([...publicAnswers], 'one answer for every caller').toHaveLength(1);
  });
}



test('every page has an entry in the access table', () => {
  const found = listPages(path.resolve(__dirname, '../app'));
  expect(found.filter((route) => !pages.some((p) => p.route === route) && !publicPages.includes(route))).toEqual([]);
});

for (const page of pages) {
  test(`page ${page.path}: anonymous is sent to sign in, other roles per the pinned table`, async () => {
    const pagePath = page.path.replace('{incident}', incidentId);
    for (const caller of callers) {
      const response = await contexts.get(caller)!.get(pagePath, { maxRedirects: 0, headers: spoofedHeaders });
      const where = `${caller}: HTTP ${response.status()}`;
      if (caller === 'anonymous') {
        expect(response.status(), where).toBe(307);
        expect(response.headers().location).toBe(`/login?next=${encodeURIComponent(pagePath)}`);
      } else expect(response.status(), where).toBe(isPinnedAllowed(caller, page.need) ? 200 : 403);
    }
  });
}

/** Every `<link rel=… href=…>` of the given kinds in a page's HTML, whatever the attributes' order. */
function listLinks(html: string, rels: string[]): { rel: string; href: string }[] {
  return [...html.matchAll(/<link\b[^>]*>/g)].flatMap(([tag]) => {
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    return rel && href && rels.includes(rel) ? [{ rel, href: href.replaceAll('&amp;', '&') }] : [];
  });
}

test('the icons and the web manifest the pages link are served to anyone, without a session', async () => {
  const anonymous = contexts.get('anonymous')!;
  // The sign-in page is where a phone first meets the console, before anyone has signed in.
  const html = await (await anonymous.get('/login')).text();
  const links = listLinks(html, ['icon', 'apple-touch-icon', 'manifest']);
  expect(links.map((l) => l.rel).sort()).toEqual(['apple-touch-icon', 'icon', 'icon', 'manifest']);
  const expectedType: Record<string, RegExp> = { ico: /^image\/(x-icon|vnd\.microsoft\.icon)/, svg: /^image\/svg\+xml/, png: /^image\/png/, webmanifest: /^application\/manifest\+json/ };
  const fetchPublic = async (href: string) => {
    const response = await anonymous.get(href, { maxRedirects: 0 });
    const where = `${href}: HTTP ${response.status()}`;
    expect(response.status(), where).toBe(200);
    expect(response.headers()['content-type'], where).toMatch(expectedType[href.split('.').pop()!]!);
    expect(response.headers()['set-cookie'], `${href} starts no session`).toBeUndefined();
    return response;
  };
  for (const { href } of links) await fetchPublic(href);
  const manifest = (await (await fetchPublic(links.find((l) => l.rel === 'manifest')!.href)).json()) as { start_url: string; icons: { src: string }[] };
  expect(manifest.start_url).toBe('/');
  for (const icon of manifest.icons) await fetchPublic(icon.src);
});

test('writes from another site are refused and change nothing', async () => {
  const admin = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('admin') });
  const before = ((await (await admin.get('/api/tokens')).json()) as { tokens: unknown[] }).tokens.length;
  const attempts: Record<string, Record<string, string>> = {
    'a foreign Origin': { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    'a same-site sibling': { origin: 'http://127.0.0.1:1', 'sec-fetch-site': 'same-site' },
    'Origin: null': { origin: 'null' },
    'no Origin at all': {},
  };
  for (const [name, headers] of Object.entries(attempts)) {
    const response = await admin.post('/api/tokens', { headers, data: { name: 'planted by another site' } });
    expect(response.status(), name).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code, name).toBe('cross-site');
  }
  const login = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: signedOut });
  const { users } = readSeededAccounts();
  const forced = await login.post('/api/auth/login', { headers: { origin: 'https://evil.example' }, data: { username: users[0]!.username, password: users[0]!.password } });
  expect(forced.status(), 'a login posted from another site').toBe(403);
  const after = ((await (await admin.get('/api/tokens')).json()) as { tokens: unknown[] }).tokens.length;
  expect(after).toBe(before);
  await admin.dispose();
  await login.dispose();
});

test('issue 12 point 10: every route that takes a JSON body refuses another content type with 415, naming it', async () => {
  const admin = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('admin'), extraHTTPHeaders: { origin: consoleUrl() } });
  const withBody = Object.entries(expected).filter(([, route]) => route.body !== undefined);
  expect(withBody.map(([key]) => key).sort()).toEqual([
    'PATCH /api/incidents/[id]', 'POST /api/actions/preview', 'POST /api/actions/runs', 'POST /api/actions/runs/[id]/cancellation', 'POST /api/actions/runs/[id]/decision', 'POST /api/alerts/[fingerprint]/acknowledgement', 'POST /api/auth/display', 'POST /api/auth/login',
    'POST /api/incidents', 'POST /api/incidents/[id]/communications', 'POST /api/incidents/[id]/timeline', 'POST /api/maintenance', 'POST /api/maintenance/[id]/decision', 'POST /api/maintenance/[id]/end', 'POST /api/rotations/[id]', 'POST /api/routines/[id]/completions', 'POST /api/temporary-changes/[id]/revert', 'POST /api/tokens',
  ]);
  for (const [key, route] of withBody) {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await admin.fetch(route.path, { method: key.split(' ')[0]!, headers: { 'content-type': type }, data: JSON.stringify(route.body), maxRedirects: 0 });
      expect(response.status(), `${key} as ${type}`).toBe(415);
      expect(((await response.json()) as { error: { field: string; message: string } }).error, key).toMatchObject({ field: 'content-type', message: `content-type: must be application/json (got ${type})` });
    }
  }
  await admin.dispose();
});

test('signing in again, and signing out, end the previous session on the server, not only in the browser', async () => {
  const { users } = readSeededAccounts();
  const viewer = users.find((u) => u.role === 'viewer')!;
  const context = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: signedOut, extraHTTPHeaders: { origin: consoleUrl() } });
  const signIn = async () => {
    expect((await context.post('/api/auth/login', { data: { username: viewer.username, password: viewer.password } })).status()).toBe(200);
    return (await context.storageState()).cookies.find((c) => c.name === 'vh_session')!.value;
  };
  // Replaying a cookie by hand: the server must have forgotten it.
  const statusWith = async (cookie: string) => {
    const replay = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: signedOut, extraHTTPHeaders: { cookie: `vh_session=${cookie}` } });
    const status = (await replay.get('/api/sections')).status();
    await replay.dispose();
    return status;
  };
  const first = await signIn();
  const second = await signIn();
  expect(await statusWith(first), 'the session the browser arrived with').toBe(401);
  expect(await statusWith(second)).toBe(200);
  expect((await context.post('/api/auth/logout')).status()).toBe(200);
  expect(await statusWith(second), 'after sign-out').toBe(401);
  await context.dispose();
});

test('repeated wrong passwords slow down, then lock the account', async () => {
  const context = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: signedOut, extraHTTPHeaders: { origin: consoleUrl() } });
  const answers: { status: number; message: string }[] = [];
  for (let i = 0; i < 8; i++) {
    const response = await context.post('/api/auth/login', { data: { username: 'mallory', password: `guess-${i}` } });
    answers.push({ status: response.status(), message: ((await response.json()) as { error: { message: string } }).error.message });
  }
  // The first failures are answered at once; after that each attempt must wait longer, and is refused with 429 until then.
  expect(answers.slice(0, 2).map((a) => a.status)).toEqual([401, 401]);
  expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
  expect(answers.find((a) => a.status === 429)?.message).toMatch(/Wait \d+ s before trying again|Too many failed sign-ins/);
  await context.dispose();
});

test('the audit log recorded the denials and sign-ins of this run', async () => {
  const approver = await playwrightRequest.newContext({ baseURL: consoleUrl(), storageState: storageStatePath('approver') });
  const read = async (query: string) => ((await (await approver.get(`/api/audit?${query}`)).json()) as { records?: unknown[]; rows?: unknown[] });
  const denied = await read('outcome=denied&limit=1000');
  const records = (denied.records ?? denied.rows ?? []) as { action: string }[];
  expect(records.some((r) => r.action === 'access.denied')).toBe(true);
  expect(records.some((r) => r.action === 'access.cross-site')).toBe(true);

  // Anonymous refusals leave no record, so nobody can fill the log without an account.
  const lastSeq = async () => (((await read('limit=1')).records ?? []) as { seq: number }[])[0]?.seq;
  const before = await lastSeq();
  const anonymous = contexts.get('anonymous')!;
  for (let i = 0; i < 10; i++) {
    await anonymous.get('/api/audit');
    await anonymous.post('/api/tokens', { headers: { origin: 'https://evil.example' }, data: { name: 'x' } });
  }
  expect(await lastSeq()).toBe(before);
  await approver.dispose();
});
