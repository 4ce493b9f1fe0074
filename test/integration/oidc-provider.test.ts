import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_FORM, startOidcProvider } from '../../scripts/stack/oidc-provider';
import { CookieJar } from './cookie-jar';

// A full authorization code + PKCE flow against the local identity provider, driven like a
// browser would: plain fetch, manual redirects, a tiny cookie jar and the sign-in form post.

const CLIENT_ID = 'voicehive-ops';
const CLIENT_SECRET = 'test-secret';
const REDIRECT_URI = 'http://127.0.0.1:4599/api/auth/callback';
const SCOPE = 'openid profile email groups';

class Browser {
  readonly jar = new CookieJar();

  async request(url: URL, init: { method?: string; form?: Record<string, string> } = {}) {
    const headers: Record<string, string> = {};
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    this.jar.store(response);
    return response;
  }

  /** Follows redirects on the provider; stops at the client's redirect_uri (returned, not fetched) or a page. */
  async follow(start: URL, init: { method?: string; form?: Record<string, string> } = {}) {
    let url = start;
    let response = await this.request(url, init);
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url, response, html: await response.text() };
      url = new URL(location, url);
      if (url.href.startsWith(REDIRECT_URI)) return { url, response, html: '' };
      response = await this.request(url);
    }
    throw new Error('too many redirects');
  }
}

function formAction(html: string, base: URL) {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in page:\n${html}`);
  return new URL(action.replaceAll('&amp;', '&'), base);
}

describe('local OpenID Connect provider', () => {
  let provider: Awaited<ReturnType<typeof startOidcProvider>>;

  beforeAll(async () => {
    provider = await startOidcProvider({
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] }],
      accounts: {
        olivia: { name: 'Olivia Operator', email: 'olivia@voicehive.test', groups: ['ops-operators'] },
        vera: { name: 'Vera Viewer', email: 'vera@voicehive.test', groups: [] },
      },
    });
  });

  afterAll(async () => {
    await provider?.stop();
  });

  const discover = (auth?: client.ClientAuth) =>
    client.discovery(new URL(provider.issuer), CLIENT_ID, CLIENT_SECRET, auth, { execute: [client.allowInsecureRequests] });

  async function startLogin(config: client.Configuration) {
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
    });
    const browser = new Browser();
    const loginPage = await browser.follow(authorizationUrl);
    return { browser, loginPage, codeVerifier, state };
  }

  async function signIn(config: client.Configuration, username: string) {
    const { browser, loginPage, codeVerifier, state } = await startLogin(config);
    expect(loginPage.response.status).toBe(200);
    expect(loginPage.url.pathname).toMatch(/^\/interaction\/[\w-]+$/);
    const callback = await browser.follow(formAction(loginPage.html, loginPage.url), {
      method: 'POST',
      form: { [LOGIN_FORM.usernameField]: username, [LOGIN_FORM.passwordField]: 'anything' },
    });
    expect(callback.url.href.startsWith(REDIRECT_URI), callback.html).toBe(true);
    expect(callback.url.searchParams.get('code')).toBeTruthy();
    const tokens = await client.authorizationCodeGrant(config, callback.url, { pkceCodeVerifier: codeVerifier, expectedState: state });
    return tokens;
  }

  it('advertises an http loopback issuer with code + PKCE S256 and the groups scope', async () => {
    expect(provider.issuer).toBe(`http://127.0.0.1:${provider.port}`);
    const config = await discover();
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(provider.issuer);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'groups']));
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post']));
  });

  it('signs in an account and returns its groups from userinfo and in the ID token (client_secret_post)', async () => {
    const config = await discover();
    const tokens = await signIn(config, 'olivia');
    const idToken = tokens.claims();
    expect(idToken).toMatchObject({
      iss: provider.issuer,
      aud: CLIENT_ID,
      sub: 'olivia',
      name: 'Olivia Operator',
      email: 'olivia@voicehive.test',
      groups: ['ops-operators'],
    });
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, 'olivia');
    expect(userinfo).toEqual({ sub: 'olivia', name: 'Olivia Operator', email: 'olivia@voicehive.test', groups: ['ops-operators'] });
  });

  it('accepts client_secret_basic at the token endpoint too', async () => {
    const config = await discover(client.ClientSecretBasic(CLIENT_SECRET));
    const tokens = await signIn(config, 'vera');
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, 'vera');
    expect(userinfo).toMatchObject({ sub: 'vera', groups: [] });
  });

  it('only releases the claims of the requested scopes', async () => {
    const config = await discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    const browser = new Browser();
    const loginPage = await browser.follow(authorizationUrl);
    const callback = await browser.follow(formAction(loginPage.html, loginPage.url), { method: 'POST', form: { login: 'olivia' } });
    const tokens = await client.authorizationCodeGrant(config, callback.url, { pkceCodeVerifier: codeVerifier });
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, 'olivia');
    expect(userinfo).toEqual({ sub: 'olivia', email: 'olivia@voicehive.test' });
  });

  it('refuses an unknown username and keeps showing the sign-in form', async () => {
    const config = await discover();
    const { browser, loginPage } = await startLogin(config);
    const action = formAction(loginPage.html, loginPage.url);
    const refused = await browser.follow(action, { method: 'POST', form: { login: 'mallory', password: 'whatever' } });
    expect(refused.response.status).toBe(401);
    expect(refused.url.href).toBe(action.href); // no redirect, certainly not to the client
    expect(refused.html).toContain(`${LOGIN_FORM.unknownAccountError}: mallory`);
    expect(refused.html).toContain(`name="${LOGIN_FORM.usernameField}"`);

    // The same interaction still works with a real account afterwards.
    const callback = await browser.follow(formAction(refused.html, refused.url), { method: 'POST', form: { login: 'olivia' } });
    expect(callback.url.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(callback.url.searchParams.get('code')).toBeTruthy();
  });

  it('requires PKCE', async () => {
    const config = await discover();
    const authorizationUrl = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: SCOPE, state: 'xyz' });
    const result = await new Browser().follow(authorizationUrl);
    expect(result.url.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(result.url.searchParams.get('error')).toBe('invalid_request');
    expect(result.url.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('rejects a code exchanged with the wrong PKCE verifier', async () => {
    const config = await discover();
    const { browser, loginPage, state } = await startLogin(config);
    const callback = await browser.follow(formAction(loginPage.html, loginPage.url), { method: 'POST', form: { login: 'olivia' } });
    await expect(
      client.authorizationCodeGrant(config, callback.url, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('stops promptly', async () => {
    const other = await startOidcProvider({ clients: [], accounts: {} });
    const response = await fetch(`${other.url}/.well-known/openid-configuration`); // leaves a keep-alive socket
    expect(response.ok).toBe(true);
    await response.arrayBuffer();
    const started = Date.now();
    await other.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(`${other.url}/.well-known/openid-configuration`)).rejects.toThrow();
  });
});
