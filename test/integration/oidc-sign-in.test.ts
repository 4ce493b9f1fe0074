import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { LOGIN_FORM, startOidcProvider, type OidcAccount } from '../../scripts/stack/oidc-provider';
import { CookieJar } from './cookie-jar';
import { useThrowawayStore } from './signed-in';

// Single sign-on end to end: the local identity provider over real HTTP, the console's start and
// callback route handlers called in-process, and a small cookie jar standing in for the browser.
// The callback URL is never served: the provider's redirect to it is caught and handed to the handler.

const CONSOLE_URL = 'http://127.0.0.1:3999';
const REDIRECT_URI = `${CONSOLE_URL}/api/auth/oidc/callback`;
const CLIENT_ID = 'voicehive-ops';
const CLIENT_SECRET = 'oidc-sign-in-test-secret';
const OIDC_ENV = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_SCOPES', 'OIDC_ROLE_MAP', 'OIDC_LABEL', 'CONSOLE_URL'] as const;

const accounts: Record<string, OidcAccount> = {
  olivia: { name: 'Olivia Operator', email: 'olivia@voicehive.test', groups: ['ops-oncall'] },
  adam: { name: 'Adam Admin', email: 'adam@voicehive.test', groups: ['ops-admins', 'ops-oncall'] },
  nora: { name: 'Nora Marketing', email: 'nora@voicehive.test', groups: ['marketing'] },
  dora: { name: 'Dora Disabled', email: 'dora@voicehive.test', groups: ['ops-oncall'] },
  ravi: { name: 'Ravi Regrouped', email: 'ravi@voicehive.test', groups: ['ops-oncall'] },
};

let provider: Awaited<ReturnType<typeof startOidcProvider>>;
let startRoute: typeof import('@/app/api/auth/oidc/start/route');
let callbackRoute: typeof import('@/app/api/auth/oidc/callback/route');
let oidc: typeof import('@/lib/auth/oidc-settings') & typeof import('@/lib/auth/oidc-cookies') & typeof import('@/lib/auth/oidc-username');
let store: import('@/lib/server/store/open-store').Store;

beforeAll(async () => {
  useThrowawayStore(); // first: getEnv() is parsed once, on first use
  provider = await startOidcProvider({ clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] }], accounts });
  Object.assign(process.env, {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_SCOPES: 'openid profile email groups',
    OIDC_ROLE_MAP: 'ops-admins=admin,ops-oncall=operator',
    OIDC_LABEL: 'Test IdP',
    CONSOLE_URL,
  });
  startRoute = await import('@/app/api/auth/oidc/start/route');
  callbackRoute = await import('@/app/api/auth/oidc/callback/route');
  oidc = { ...(await import('@/lib/auth/oidc-settings')), ...(await import('@/lib/auth/oidc-cookies')), ...(await import('@/lib/auth/oidc-username')) };
  store = await (await import('@/lib/server/store/store')).getStore();
});

afterAll(async () => {
  await provider?.stop();
  for (const key of OIDC_ENV) delete process.env[key];
});

// ---- a browser, just enough of one -------------------------------------------------------------

class Browser {
  readonly jar = new CookieJar();

  /** A request to the console: the route handler, in-process. */
  async console(url: string | URL, cookieHeader?: string): Promise<Response> {
    const target = new URL(url);
    const cookie = cookieHeader ?? this.jar.header(target);
    const request = new NextRequest(target, { headers: { ...(cookie ? { cookie } : {}), 'user-agent': 'vitest-browser' } });
    const handler = target.pathname === '/api/auth/oidc/start' ? startRoute.GET : target.pathname === '/api/auth/oidc/callback' ? callbackRoute.GET : null;
    if (!handler) throw new Error(`no handler for ${target.pathname}`);
    const response = await handler(request);
    this.jar.store(response);
    return response;
  }

  /** A request to the identity provider, over HTTP. */
  async provider(url: URL, form?: Record<string, string>) {
    const headers: Record<string, string> = {};
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: form ? 'POST' : 'GET', headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual' });
    this.jar.store(response);
    return response;
  }

  /** Follows the provider's redirects; stops at a page (returned with its HTML) or at the console's callback URL. */
  async followProvider(start: URL, form?: Record<string, string>): Promise<{ url: URL; html: string; status: number }> {
    let url = start;
    let response = await this.provider(url, form);
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url, html: await response.text(), status: response.status };
      url = new URL(location, url);
      if (url.href.startsWith(REDIRECT_URI)) return { url, html: '', status: response.status };
      response = await this.provider(url);
    }
    throw new Error('too many redirects');
  }
}

function formAction(html: string, base: URL) {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in page:\n${html}`);
  return new URL(action.replaceAll('&amp;', '&'), base);
}

/** start → provider sign-in page → the callback URL the provider sends the browser back to (not yet followed). */
async function signInAtProvider(browser: Browser, username: string, next = '/') {
  const start = await browser.console(`${CONSOLE_URL}/api/auth/oidc/start?next=${encodeURIComponent(next)}`);
  expect(start.status).toBe(302);
  const authorizationUrl = new URL(start.headers.get('location')!);
  expect(authorizationUrl.origin).toBe(provider.issuer);
  const loginPage = await browser.followProvider(authorizationUrl);
  expect(loginPage.status).toBe(200);
  const callback = await browser.followProvider(formAction(loginPage.html, loginPage.url), { [LOGIN_FORM.usernameField]: username });
  expect(callback.url.href.startsWith(REDIRECT_URI), callback.html).toBe(true);
  return callback.url;
}

async function signIn(username: string, next = '/') {
  const browser = new Browser();
  const callbackUrl = await signInAtProvider(browser, username, next);
  const stateCookie = browser.jar.header(callbackUrl);
  const response = await browser.console(callbackUrl);
  return { browser, callbackUrl, stateCookie, response, location: new URL(response.headers.get('location') ?? 'about:blank') };
}

const sessionCookie = (browser: Browser) => browser.jar.get('vh_session');
const userNamed = (username: string) => store.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
const userBySubject = (sub: string) => store.db.selectFrom('users').selectAll().where('oidc_subject', '=', `${provider.issuer}|${sub}`).executeTakeFirst();
async function auditSince(seq: number) {
  const rows = await store.db.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').execute();
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
async function auditHead() {
  return (await store.db.selectFrom('audit_head').select('seq').executeTakeFirst())?.seq ?? 0;
}
async function sessionPrincipal(browser: Browser) {
  const { lookUpSession } = await import('@/lib/auth/sessions');
  const { getSessionPolicy } = await import('@/lib/auth/session-policy');
  return lookUpSession(store.db, sessionCookie(browser)?.value, getSessionPolicy());
}

// ---- the cases ---------------------------------------------------------------------------------

describe('single sign-on', () => {
  it('signs olivia in as an operator: session cookie, oidc user, audited, back to next', async () => {
    const before = await auditHead();
    const { browser, response, location } = await signIn('olivia', '/runbooks/call-failures?range=1h');
    expect(response.status).toBe(303);
    expect(location.href).toBe(`${CONSOLE_URL}/runbooks/call-failures?range=1h`);
    expect(response.headers.get('cache-control')).toBe('no-store');

    const session = sessionCookie(browser);
    expect(session?.path).toBe('/');
    expect(session?.attributes).toMatch(/HttpOnly/i);
    expect(browser.jar.get('vh_oidc')).toBeUndefined(); // cleared by the callback

    const user = await userBySubject('olivia');
    expect(user).toMatchObject({ username: 'olivia@voicehive.test', display_name: 'Olivia Operator', email: 'olivia@voicehive.test', role: 'operator', source: 'oidc', password_hash: null });
    expect(user?.last_sign_in_at).toBeGreaterThan(0);

    const lookup = await sessionPrincipal(browser);
    expect(lookup).toMatchObject({ status: 'active', principal: { kind: 'user', username: 'olivia@voicehive.test', role: 'operator' } });

    const audit = await auditSince(before);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ['user.create', 'success'],
      ['auth.sign-in', 'success'],
    ]);
    expect(audit[1]).toMatchObject({ actor: 'olivia@voicehive.test', actor_role: 'operator', detail: { method: 'oidc', subject: `${provider.issuer}|olivia` } });
  });

  it('sets the sign-in cookie HttpOnly, SameSite=Lax, on /api/auth/oidc, for 10 minutes', async () => {
    const browser = new Browser();
    const start = await browser.console(`${CONSOLE_URL}/api/auth/oidc/start?next=/`);
    const setCookie = start.headers.getSetCookie().find((c) => c.startsWith('vh_oidc='));
    expect(setCookie).toMatch(/Path=\/api\/auth\/oidc/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Max-Age=600/);
    const authorizationUrl = new URL(start.headers.get('location')!);
    expect(Object.fromEntries(authorizationUrl.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge_method: 'S256',
      scope: 'openid profile email groups',
    });
    expect(authorizationUrl.searchParams.get('state')).toBeTruthy();
    expect(authorizationUrl.searchParams.get('nonce')).toBeTruthy();
  });

  it('signs adam in as an admin (the highest of his mapped groups); a local account with his name is not taken over', async () => {
    const { addLocalUser } = await import('@/lib/auth/users');
    await addLocalUser(store, { actor: 'test-setup' }, { username: 'adam@voicehive.test', role: 'viewer', password: 'a-long-enough-password' });

    const { browser, response, location } = await signIn('adam');
    expect(response.status).toBe(303);
    expect(location.href).toBe(`${CONSOLE_URL}/`);
    expect(await sessionPrincipal(browser)).toMatchObject({ status: 'active', principal: { username: 'adam@voicehive.test-2', role: 'admin' } });
    expect(await userBySubject('adam')).toMatchObject({ username: 'adam@voicehive.test-2', role: 'admin', source: 'oidc' });
    expect(await userNamed('adam@voicehive.test')).toMatchObject({ role: 'viewer', source: 'local', oidc_subject: null });

    // The next sign-in finds the same account by subject, not by name.
    const again = await signIn('adam');
    expect(await sessionPrincipal(again.browser)).toMatchObject({ status: 'active', principal: { username: 'adam@voicehive.test-2' } });
  });

  it('refuses nora (no mapped group): refused page with reason no-role, no session, audited denied', async () => {
    const before = await auditHead();
    const { browser, response, location } = await signIn('nora');
    expect(response.status).toBe(303);
    expect(location.href).toBe(`${CONSOLE_URL}/login/refused?reason=no-role`);
    expect(sessionCookie(browser)).toBeUndefined();
    expect(browser.jar.get('vh_oidc')).toBeUndefined();
    expect(await userBySubject('nora')).toBeUndefined();

    const audit = await auditSince(before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'auth.sign-in', outcome: 'denied', actor: 'nora@voicehive.test', detail: { method: 'oidc', groups: ['marketing'] } });

    // The refused page can name who was refused, from a signed cookie only it receives.
    const refusal = browser.jar.get('vh_oidc_refused');
    expect(refusal?.path).toBe('/login/refused');
    expect(oidc.readOidcRefusalDetails(refusal?.value, 'no-role')).toEqual({ name: 'Nora Marketing', groups: ['marketing'] });
    expect(oidc.readOidcRefusalDetails(refusal?.value, 'disabled')).toBeNull();
    expect(oidc.readOidcRefusalDetails(`${refusal?.value}x`, 'no-role')).toBeNull();
  });

  it('refuses a callback whose state was tampered with', async () => {
    const before = await auditHead();
    const browser = new Browser();
    const callbackUrl = await signInAtProvider(browser, 'olivia');
    callbackUrl.searchParams.set('state', `${callbackUrl.searchParams.get('state')}x`);
    const response = await browser.console(callbackUrl);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${CONSOLE_URL}/login/refused?reason=invalid`);
    expect(sessionCookie(browser)).toBeUndefined();
    expect(browser.jar.get('vh_oidc')).toBeUndefined();
    // Logged on the server, not audited: it proves no identity, and anyone could send many.
    expect(await auditSince(before)).toEqual([]);
  });

  it('refuses a replayed callback (the same code and cookie twice)', async () => {
    const first = await signIn('olivia');
    expect(first.location.pathname).toBe('/');
    const replayer = new Browser();
    const response = await replayer.console(first.callbackUrl, first.stateCookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${CONSOLE_URL}/login/refused?reason=invalid`);
    expect(sessionCookie(replayer)).toBeUndefined();

    // A console that never saw the first use (another instance, a restart) still gets no session:
    // the provider refuses the spent code (logged on the server, not audited: no identity was proven).
    (globalThis as { __voicehiveOidcUsedStates?: Map<string, number> }).__voicehiveOidcUsedStates?.clear();
    const before = await auditHead();
    const elsewhere = await new Browser().console(first.callbackUrl, first.stateCookie);
    expect(elsewhere.headers.get('location')).toBe(`${CONSOLE_URL}/login/refused?reason=invalid`);
    expect(await auditSince(before)).toEqual([]);
  });

  it('refuses a callback without the sign-in cookie (another browser, or after it expired)', async () => {
    const browser = new Browser();
    const callbackUrl = await signInAtProvider(browser, 'olivia');
    const response = await new Browser().console(callbackUrl);
    expect(response.headers.get('location')).toBe(`${CONSOLE_URL}/login/refused?reason=expired`);
    // A forged cookie is no better than none.
    const forged = await new Browser().console(callbackUrl, 'vh_oidc=eyJ2IjoxfQ.AAAA');
    expect(forged.headers.get('location')).toBe(`${CONSOLE_URL}/login/refused?reason=expired`);
  });

  it('sends next=//evil.example (and other off-site targets) to /', async () => {
    for (const next of ['//evil.example', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const { location, browser } = await signIn('olivia', next);
      expect(location.href, next).toBe(`${CONSOLE_URL}/`);
      expect(sessionCookie(browser)).toBeDefined();
    }
  });

  it('shows the refused page saying sign-in was cancelled when the person cancels at the provider', async () => {
    const browser = new Browser();
    const start = await browser.console(`${CONSOLE_URL}/api/auth/oidc/start?next=/`);
    const loginPage = await browser.followProvider(new URL(start.headers.get('location')!));
    const cancel = /<a href="([^"]+)">Cancel<\/a>/.exec(loginPage.html)?.[1];
    expect(cancel).toBeTruthy();
    const back = await browser.followProvider(new URL(cancel!, loginPage.url));
    expect(back.url.searchParams.get('error')).toBe('access_denied');
    const response = await browser.console(back.url);
    expect(response.headers.get('location')).toBe(`${CONSOLE_URL}/login/refused?reason=cancelled`);
    expect(sessionCookie(browser)).toBeUndefined();
  });

  it('refuses a disabled account', async () => {
    const first = await signIn('dora');
    expect(first.location.pathname).toBe('/');
    const { setUserDisabled } = await import('@/lib/auth/users');
    await setUserDisabled(store, { actor: 'test-setup' }, 'dora@voicehive.test', true);
    const before = await auditHead();
    const { browser, location } = await signIn('dora');
    expect(location.href).toBe(`${CONSOLE_URL}/login/refused?reason=disabled`);
    expect(sessionCookie(browser)).toBeUndefined();
    expect(await auditSince(before)).toMatchObject([{ action: 'auth.sign-in', outcome: 'denied', detail: { method: 'oidc', reason: 'account disabled' } }]);
  });

  it('updates the role from the groups at every sign-in, audits the change, and ends sessions when no role is left', async () => {
    const first = await signIn('ravi');
    expect(await sessionPrincipal(first.browser)).toMatchObject({ status: 'active', principal: { role: 'operator' } });

    accounts.ravi!.groups = ['ops-admins'];
    let before = await auditHead();
    const promoted = await signIn('ravi');
    expect(await sessionPrincipal(promoted.browser)).toMatchObject({ status: 'active', principal: { role: 'admin' } });
    expect((await auditSince(before)).map((a) => [a.action, a.detail.from, a.detail.to])).toEqual([
      ['user.role-from-sso', 'operator', 'admin'],
      ['auth.sign-in', undefined, undefined],
    ]);

    before = await auditHead();
    const same = await signIn('ravi');
    expect(same.location.pathname).toBe('/');
    expect((await auditSince(before)).map((a) => a.action)).toEqual(['auth.sign-in']);

    accounts.ravi!.groups = ['marketing'];
    const dropped = await signIn('ravi');
    expect(dropped.location.href).toBe(`${CONSOLE_URL}/login/refused?reason=no-role`);
    expect(await sessionPrincipal(promoted.browser)).toEqual({ status: 'none' });
    expect(await userBySubject('ravi')).toMatchObject({ role: 'admin' }); // kept, but with no session it gives nothing
  });

  it('sends the browser to the refused page while the provider is unreachable, and discovers again once it is back', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const issuer = process.env.OIDC_ISSUER;
    process.env.OIDC_ISSUER = `http://127.0.0.1:${port}`;
    vi.resetModules();
    let later: Awaited<ReturnType<typeof startOidcProvider>> | undefined;
    try {
      const freshStart = await import('@/app/api/auth/oidc/start/route');
      const down = await freshStart.GET(new NextRequest(`${CONSOLE_URL}/api/auth/oidc/start?next=/`));
      expect(down.status).toBe(303);
      expect(down.headers.get('location')).toBe(`${CONSOLE_URL}/login/refused?reason=unavailable`);
      expect(down.headers.getSetCookie().some((c) => c.startsWith('vh_oidc='))).toBe(false);

      later = await startOidcProvider({ port, clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] }], accounts });
      const up = await freshStart.GET(new NextRequest(`${CONSOLE_URL}/api/auth/oidc/start?next=/`));
      expect(up.status).toBe(302);
      expect(new URL(up.headers.get('location')!).origin).toBe(later.issuer);
    } finally {
      process.env.OIDC_ISSUER = issuer;
      await later?.stop();
    }
  });

  it('answers 404 with a clear message when single sign-on is not configured', async () => {
    // getEnv() is parsed once per module instance: load fresh copies of the routes without OIDC_ISSUER.
    const issuer = process.env.OIDC_ISSUER;
    delete process.env.OIDC_ISSUER;
    vi.resetModules();
    try {
      const freshStart = await import('@/app/api/auth/oidc/start/route');
      const response = await freshStart.GET(new NextRequest(`${CONSOLE_URL}/api/auth/oidc/start?next=/`));
      expect(response.status).toBe(404);
      expect((await response.json()).error).toMatchObject({ code: 'not-found', message: expect.stringMatching(/Single sign-on is not configured/) });
      const freshOidc = await import('@/lib/auth/oidc-settings');
      expect(freshOidc.isOidcConfigured()).toBe(false);
      expect(oidc.isOidcConfigured()).toBe(true);
      expect(oidc.getOidcLabel()).toBe('Test IdP');
      expect(oidc.oidcStartHref('/runbooks/x?y=1')).toBe('/api/auth/oidc/start?next=%2Frunbooks%2Fx%3Fy%3D1');
      expect(oidc.oidcStartHref('//evil.example')).toBe('/api/auth/oidc/start?next=%2F');
    } finally {
      process.env.OIDC_ISSUER = issuer;
    }
  });
});

describe('identity provider transport', () => {
  it('requires https, except http on loopback', () => {
    expect(oidc.checkIssuerTransport('https://idp.example')).toEqual({ allowInsecureRequests: false });
    expect(oidc.checkIssuerTransport('http://127.0.0.1:4000')).toEqual({ allowInsecureRequests: true });
    expect(oidc.checkIssuerTransport('http://localhost:4000/realms/x')).toEqual({ allowInsecureRequests: true });
    expect(oidc.checkIssuerTransport('http://[::1]:4000')).toEqual({ allowInsecureRequests: true });
    expect(() => oidc.checkIssuerTransport('http://idp.example')).toThrow(/https/);
    expect(() => oidc.checkIssuerTransport('http://127.0.0.1.evil.example')).toThrow(/https/);
  });
});

describe('usernames from claims', () => {
  it('uses preferred_username, then email, then sub, sanitised to the username rules', () => {
    expect(oidc.usernameCandidates({ preferred_username: 'Olivia.O', email: 'o@x.test', sub: 'abc' })).toEqual(['olivia.o', 'o@x.test', 'abc']);
    expect(oidc.usernameCandidates({ email: 'O@X.test', sub: '1234' })).toEqual(['o@x.test', '1234']);
    expect(oidc.toUsername('José María')).toBe('jose-maria');
    expect(oidc.toUsername('__svc account!')).toBe('svc-account');
    expect(oidc.toUsername('x')).toBeNull();
    expect(oidc.toUsername('日本')).toBeNull();
    expect(oidc.toUsername('a'.repeat(100))).toHaveLength(64);
    expect(oidc.usernameCandidates({ sub: '日本' })).toEqual([]);
  });
});
