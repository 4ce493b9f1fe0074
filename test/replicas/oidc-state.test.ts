// Single sign-on through three built consoles behind HAProxy (round robin, no stickiness): the sign-in starts
// on one replica and the identity provider's callback lands on another. The sign-in-in-progress cookie
// (`vh_oidc`) is signed with a key derived from OIDC_STATE_SECRET, the same on every replica (a per-process
// random key, the single-process default, would make that callback "expired, start again").
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_FORM, startOidcProvider, type RunningOidcProvider } from '@/scripts/stack/oidc-provider';
import { findFreePort } from '@/scripts/stack/processes';
import { startReplicaSet, type ReplicaSet } from '@/scripts/stack/replicas';
import { Client } from './client';

const root = path.resolve(__dirname, '../..');
const CLIENT = { clientId: 'voicehive-ops-replicas', clientSecret: 'replicas-client-secret-not-for-production' };
let provider: RunningOidcProvider;
let set: ReplicaSet;
let redirectUri: string;

beforeAll(async () => {
  const port = await findFreePort();
  redirectUri = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
  provider = await startOidcProvider({ clients: [{ ...CLIENT, redirectUris: [redirectUri] }], accounts: { olivia: { name: 'Olivia Operator', email: 'olivia@voicehive.test', groups: ['ops-oncall'] } } });
  set = await startReplicaSet({
    root,
    name: 'oidc-state',
    count: 3,
    port,
    consoleEnv: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT.clientId,
      OIDC_CLIENT_SECRET: CLIENT.clientSecret,
      OIDC_SCOPES: 'openid profile email groups',
      OIDC_ROLE_MAP: 'ops-oncall=operator',
    },
  });
});

afterAll(async () => {
  await set?.stop();
  await provider?.stop();
});

/** The provider's side, as a browser: follows its redirects until its sign-in page, or until the console's callback URL. */
async function atProvider(browser: Client, start: URL, form?: Record<string, string>): Promise<{ url: URL; html: string }> {
  let url = start;
  let method = form ? 'POST' : 'GET';
  let body: string | undefined = form ? new URLSearchParams(form).toString() : undefined;
  for (let hops = 0; hops < 10; hops++) {
    const cookie = browser.jar.header(url);
    const response = await fetch(url, { method, redirect: 'manual', body, headers: { ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } });
    browser.jar.store(response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { url, html: await response.text() };
    url = new URL(location, url);
    if (url.href.startsWith(redirectUri)) return { url, html: '' };
    method = 'GET';
    body = undefined;
  }
  throw new Error('too many redirects');
}

/** Starts a sign-in on the console (`console`: the balancer or one replica), signs in at the provider, and returns the callback URL (not yet followed). */
async function signInAtProvider(browser: Client, console: Client): Promise<{ callback: URL; startedOn: string | null }> {
  const start = await console.get('/api/auth/oidc/start?next=%2Fapprovals');
  expect(start.status).toBe(302);
  const page = await atProvider(browser, new URL(start.headers.get('location')!));
  const action = /<form[^>]*action="([^"]+)"/.exec(page.html)?.[1];
  if (!action) throw new Error(`no sign-in form at the provider:\n${page.html}`);
  const back = await atProvider(browser, new URL(action.replaceAll('&amp;', '&'), page.url), { [LOGIN_FORM.usernameField]: 'olivia' });
  expect(back.url.href.startsWith(redirectUri), back.html).toBe(true);
  return { callback: back.url, startedOn: start.replica };
}

const pathOf = (url: URL) => `${url.pathname}${url.search}`;

describe('single sign-on behind the balancer', () => {
  it('ends on another replica than the one it started on, signed in, and the session works on every replica', async () => {
    const browser = new Client(set.url);
    const { callback, startedOn } = await signInAtProvider(browser, browser);
    const ended = await browser.get(pathOf(callback));
    // Round robin with nothing else in between: the callback was answered by the next replica.
    expect(ended.replica).not.toBe(startedOn);
    expect(ended.status).toBe(303);
    expect(ended.headers.get('location')).toBe(`${set.url}/approvals`);
    expect(browser.jar.get('vh_session')).toBeDefined();
    for (const replica of set.replicas) expect((await browser.at(replica.url).get<{ name: string; role: string }>('/api/auth/me')).body).toMatchObject({ role: 'operator' });
  });

  it('works for every pair of replicas: started on one, called back on another', async () => {
    for (const first of set.replicas) {
      for (const second of set.replicas.filter((r) => r !== first)) {
        const browser = new Client(set.url);
        const { callback } = await signInAtProvider(browser, browser.at(first.url));
        const ended = await browser.at(second.url).get(pathOf(callback));
        expect([first.name, second.name, ended.status, ended.headers.get('location')]).toEqual([first.name, second.name, 303, `${set.url}/approvals`]);
      }
    }
  });

  it('refuses the same callback replayed on a third replica: no second session', async () => {
    const browser = new Client(set.url);
    const { callback } = await signInAtProvider(browser, browser.at(set.replicas[0]!.url));
    const stateCookie = browser.jar.header(callback);
    expect((await browser.at(set.replicas[1]!.url).get(pathOf(callback))).status).toBe(303);
    // An attacker holding the callback URL and the state cookie, on another replica.
    const replay = await fetch(`${set.replicas[2]!.url}${pathOf(callback)}`, { redirect: 'manual', headers: { cookie: stateCookie } });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toMatch(/\/login\/refused\?reason=/);
    expect(replay.headers.getSetCookie().filter((c) => c.startsWith('vh_session=') && !/max-age=0/i.test(c))).toEqual([]);
  });
});
