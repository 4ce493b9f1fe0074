// A real, local OpenID Connect identity provider (oidc-provider 8.x) for tests and the demo.
//
// Runs in-process on 127.0.0.1 with issuer http://127.0.0.1:PORT. Authorization code flow only,
// PKCE (S256) required, client_secret_basic or client_secret_post at the token endpoint.
// Scopes: openid, profile (name), email (email), groups (groups: string[]).
//
// What a browser has to do (see also LOGIN_FORM below):
//   1. The relying party redirects to  {issuer}/auth?...  → 303 to  {issuer}/interaction/{uid}
//   2. Sign-in page: fill the text input name="login" (label "Username") with an account id
//      from `accounts`; name="password" (label "Password") is optional and ignored; click the
//      button "Sign in" (it POSTs to {issuer}/interaction/{uid}/login).
//      Unknown account → the same page again (HTTP 401) with role="alert" text
//      "Unknown account: <name>"; nothing else happens. The "Cancel" link aborts
//      (redirects back to the client with error=access_denied).
//   3. Consent is granted automatically (no page); the browser is redirected back to the
//      client's redirect_uri with ?code=…&state=…&iss=….
//   Single sign-on: once signed in, the browser holds the provider's `_session` cookie (24 h), so
//   later authorization requests in the same browser context return straight to the client with
//   no page; use a fresh context, send prompt=login, or log out at the provider first.
//   RP-initiated logout ({issuer}/session/end): a page with the button "Yes, sign me out", then a
//   "Signed out" page (or a redirect to a registered post_logout_redirect_uri).
//
// oidc-provider is ESM-only and ships no type declarations, so it is loaded with a dynamic
// import() (works under tsx's CommonJS output, vitest and plain ESM) and typed locally below.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export type OidcClient = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Optional: where {issuer}/session/end may send the browser after logout. */
  postLogoutRedirectUris?: string[];
};

export type OidcAccount = { name: string; email: string; groups: string[] };

export type OidcProviderOptions = {
  /** 0 or omitted: an ephemeral port (read it back from the result). */
  port?: number;
  clients: OidcClient[];
  /** Keyed by account id: the login name typed on the sign-in page and the `sub` claim. */
  accounts: Record<string, OidcAccount>;
};

export type RunningOidcProvider = {
  issuer: string;
  url: string;
  port: number;
  stop(): Promise<void>;
};

/** Selectors a browser test needs on the provider's sign-in page. */
export const LOGIN_FORM = {
  usernameField: 'login',
  usernameLabel: 'Username',
  passwordField: 'password',
  passwordLabel: 'Password',
  submitButton: 'Sign in',
  cancelLink: 'Cancel',
  unknownAccountError: 'Unknown account',
  logoutButton: 'Yes, sign me out',
} as const;

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'groups'] as const;

// ---- the (small) part of oidc-provider's API used here ----------------------------------------

type AdapterPayload = Record<string, unknown> & { uid?: string; grantId?: string; userCode?: string; consumed?: number };

interface OidcGrant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(indicator: string, scope: string): void;
  save(): Promise<string>;
}

type InteractionDetails = {
  uid: string;
  prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
  params: Record<string, unknown>;
  session?: { accountId?: string };
  grantId?: string;
};

interface ProviderInstance {
  proxy: boolean;
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<InteractionDetails>;
  interactionFinished(req: http.IncomingMessage, res: http.ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Grant: { new (init: { accountId?: string; clientId?: string }): OidcGrant; find(id: string): Promise<OidcGrant | undefined> };
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

type KoaLikeContext = { body: unknown; type: string; oidc?: { client?: { clientId?: string } } };

async function loadProvider(): Promise<ProviderConstructor> {
  let mod: { default?: unknown };
  try {
    // @ts-expect-error -- oidc-provider ships no type declarations; the used API is typed above
    mod = await import('oidc-provider');
  } catch (error) {
    // tsx runs a CommonJS .ts module that an ES module imported from a data: URL, where a bare
    // specifier cannot be resolved (ERR_UNSUPPORTED_RESOLVE_REQUEST); tsx's `require` still can.
    if ((error as { code?: string }).code !== 'ERR_UNSUPPORTED_RESOLVE_REQUEST' || typeof require !== 'function') throw error;
    mod = await import(/* @vite-ignore */ pathToFileURL(require.resolve('oidc-provider')).href);
  }
  // ESM namespace → .default is the class; guard against a double-wrapped CommonJS interop shape.
  let candidate: unknown = mod.default ?? mod;
  if (typeof candidate !== 'function' && candidate && typeof candidate === 'object' && 'default' in candidate) {
    candidate = (candidate as { default: unknown }).default;
  }
  if (typeof candidate !== 'function') throw new Error('oidc-provider: unexpected module shape');
  return candidate as ProviderConstructor;
}

// ---- storage: a per-instance in-memory adapter (the built-in one is process-global and warns) ----

function createMemoryAdapter() {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const index = new Map<string, string>(); // sessionUid:/userCode: → model key
  const grants = new Map<string, Set<string>>(); // grantId → model keys
  const grantable = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

  const get = (key: string | undefined): AdapterPayload | undefined => {
    if (key === undefined) return undefined;
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  class MemoryAdapter {
    constructor(private readonly model: string) {}

    private key(id: string) {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      const key = this.key(id);
      const expiresAt = Date.now() + (expiresIn > 0 ? expiresIn * 1000 : 3_600_000);
      store.set(key, { payload, expiresAt });
      if (this.model === 'Session' && payload.uid) index.set(`sessionUid:${payload.uid}`, key);
      if (payload.userCode) index.set(`userCode:${payload.userCode}`, key);
      if (grantable.has(this.model) && payload.grantId) {
        const keys = grants.get(payload.grantId) ?? new Set<string>();
        keys.add(key);
        grants.set(payload.grantId, keys);
      }
    }

    async find(id: string) {
      return get(this.key(id));
    }

    async findByUid(uid: string) {
      return get(index.get(`sessionUid:${uid}`));
    }

    async findByUserCode(userCode: string) {
      return get(index.get(`userCode:${userCode}`));
    }

    async consume(id: string) {
      const payload = get(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string) {
      store.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string) {
      for (const key of grants.get(grantId) ?? []) store.delete(key);
      grants.delete(grantId);
    }
  }

  return { MemoryAdapter, clear: () => (store.clear(), index.clear(), grants.clear()) };
}

// ---- HTML -------------------------------------------------------------------------------------

const escapeHtml = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(title: string, body: string) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:48px 16px}
main{max-width:340px;margin:0 auto;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.2);padding:24px}
h1{font-size:1.25rem;margin:0 0 4px}p{color:#555;font-size:.875rem}
label{display:block;font-size:.875rem;margin:12px 0 4px}input{width:100%;box-sizing:border-box;padding:8px;font-size:1rem}
button{margin-top:16px;width:100%;padding:10px;font-size:1rem;background:#2563eb;color:#fff;border:0;border-radius:4px;cursor:pointer}
.alert{background:#fee2e2;color:#991b1b;padding:8px;border-radius:4px;font-size:.875rem}
a{font-size:.875rem}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

function loginPage(options: { uid: string; clientId: string; login?: string; error?: string; accountIds: string[] }) {
  const uid = encodeURIComponent(options.uid);
  return page(
    'Sign in',
    `<h1>Sign in</h1>
<p>Local test identity provider: sign in to <strong>${escapeHtml(options.clientId)}</strong> with an account id (any password).</p>
${options.error ? `<p class="alert" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login" autocomplete="off">
<label for="login">${LOGIN_FORM.usernameLabel}</label>
<input id="login" name="${LOGIN_FORM.usernameField}" type="text" required autofocus value="${escapeHtml(options.login ?? '')}">
<label for="password">${LOGIN_FORM.passwordLabel}</label>
<input id="password" name="${LOGIN_FORM.passwordField}" type="password">
<button type="submit">${LOGIN_FORM.submitButton}</button>
</form>
<p>Accounts: ${options.accountIds.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ') || 'none'}</p>
<a href="/interaction/${uid}/abort">${LOGIN_FORM.cancelLink}</a>`,
  );
}

// ---- helpers ----------------------------------------------------------------------------------

function readForm(req: http.IncomingMessage, limit = 64 * 1024): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function sendHtml(res: http.ServerResponse, status: number, html: string) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

// ---- the provider -----------------------------------------------------------------------------

export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  const Provider = await loadProvider();
  const accounts = options.accounts;
  const isAccount = (id: string) => Object.hasOwn(accounts, id);

  // Listen first: with port 0 the issuer (which embeds the port) is only known afterwards.
  let handle: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handle(req, res));
  server.keepAliveTimeout = 1000;
  const port = await listen(server, options.port ?? 0);
  const issuer = `http://127.0.0.1:${port}`;

  const signingKey = {
    ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    kid: randomUUID(),
    alg: 'RS256',
    use: 'sig',
  };
  const storage = createMemoryAdapter();

  const provider = new Provider(issuer, {
    adapter: storage.MemoryAdapter,
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      // oidc-provider treats client_secret_basic and client_secret_post as interchangeable for a
      // client registered with either, so both are accepted at the token endpoint.
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    responseTypes: ['code'],
    pkce: { methods: ['S256'], required: () => true },
    scopes: [...OIDC_SCOPES],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
    // Put scope-requested claims (name, email, groups) in the ID token as well, not only in userinfo.
    conformIdTokenClaims: false,
    async findAccount(_ctx: unknown, sub: string) {
      if (!isAccount(sub)) return undefined;
      const account = accounts[sub]!;
      return {
        accountId: sub,
        async claims() {
          return { sub, name: account.name, email: account.email, groups: [...account.groups] };
        },
      };
    },
    jwks: { keys: [signingKey] },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      // http issuer: never `secure`; SameSite=None without Secure is rejected by Chromium, so lax.
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    interactions: { url: async (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaLikeContext, form: string) {
          ctx.type = 'html';
          ctx.body = page('Sign out', `<h1>Sign out</h1><p>Sign out of the local test identity provider?</p>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">${LOGIN_FORM.logoutButton}</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
        },
        async postLogoutSuccessSource(ctx: KoaLikeContext) {
          ctx.type = 'html';
          ctx.body = page('Signed out', '<h1>Signed out</h1><p>You have been signed out.</p>');
        },
      },
    },
    async renderError(ctx: KoaLikeContext, out: Record<string, unknown>) {
      ctx.type = 'html';
      ctx.body = page(
        'Error',
        `<h1>Something went wrong</h1>${Object.entries(out)
          .map(([k, v]) => `<p role="alert"><strong>${escapeHtml(k)}</strong>: ${escapeHtml(v)}</p>`)
          .join('')}`,
      );
    },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 3600, Session: 86_400, Grant: 86_400 },
  });
  provider.proxy = false;
  provider.on('server_error', (_ctx, error) => console.error('[oidc-provider] server_error', error));

  const providerCallback = provider.callback();

  async function handleInteraction(req: http.IncomingMessage, res: http.ServerResponse, uid: string, action: string | undefined) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) {
      return sendHtml(res, 400, page('Error', '<p role="alert">This sign-in request has expired; start again.</p>'));
    }
    const clientId = String(details.params.client_id ?? '');
    const accountIds = Object.keys(accounts);

    if (req.method === 'GET' && action === undefined) {
      if (details.prompt.name === 'login') {
        return sendHtml(res, 200, loginPage({ uid: details.uid, clientId, accountIds }));
      }
      if (details.prompt.name === 'consent') {
        // Auto-consent: grant exactly what is missing, no page shown.
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId: details.session?.accountId, clientId });
        if (!grant) throw new Error('grant not found');
        const promptDetails = details.prompt.details as {
          missingOIDCScope?: string[];
          missingOIDCClaims?: string[];
          missingResourceScopes?: Record<string, string[]>;
        };
        if (promptDetails.missingOIDCScope) grant.addOIDCScope(promptDetails.missingOIDCScope.join(' '));
        if (promptDetails.missingOIDCClaims) grant.addOIDCClaims(promptDetails.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(promptDetails.missingResourceScopes ?? {})) {
          grant.addResourceScope(indicator, scopes.join(' '));
        }
        const grantId = await grant.save();
        return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      }
      return sendHtml(res, 501, page('Error', `<p role="alert">Unsupported prompt: ${escapeHtml(details.prompt.name)}</p>`));
    }

    if (req.method === 'POST' && action === 'login') {
      const form = await readForm(req);
      const login = (form.get(LOGIN_FORM.usernameField) ?? '').trim();
      if (details.prompt.name !== 'login') {
        return sendHtml(res, 400, page('Error', '<p role="alert">This sign-in request is not waiting for a login.</p>'));
      }
      if (!login || !isAccount(login)) {
        const error = login ? `${LOGIN_FORM.unknownAccountError}: ${login}` : 'Enter a username.';
        return sendHtml(res, 401, loginPage({ uid: details.uid, clientId, login, error, accountIds }));
      }
      return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    }

    if (req.method === 'GET' && action === 'abort') {
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      );
    }

    res.statusCode = 405;
    res.end();
  }

  handle = (req, res) => {
    const pathname = new URL(req.url ?? '/', issuer).pathname;
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?\/?$/.exec(pathname);
    if (!match) {
      providerCallback(req, res);
      return;
    }
    handleInteraction(req, res, match[1]!, match[2]).catch((error: unknown) => {
      // e.g. SessionNotFound: the interaction cookie is missing or expired.
      const err = error as { statusCode?: number; error?: string; error_description?: string; message?: string };
      if (res.headersSent) {
        res.end();
        return;
      }
      const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
      if (status === 500) console.error('[oidc-provider] interaction error', error);
      sendHtml(
        res,
        status,
        page('Error', `<h1>Sign-in failed</h1><p role="alert">${escapeHtml(err.error_description ?? err.message ?? 'error')}</p>`),
      );
    });
  };

  let stopped: Promise<void> | undefined;
  return {
    issuer,
    url: issuer,
    port,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // keep-alive sockets would hold close() open
      }).finally(() => storage.clear());
      return stopped;
    },
  };
}
