import 'server-only';
// Single sign-on configuration: what the environment says about the identity provider, and the
// console URLs the flow goes through. Read from getEnv() at each use, never cached here.
import { nextPathSchema } from '@/lib/api/auth-schemas';
import { getEnv } from '@/lib/env';
import { parseRoleMap, type RoleMap } from './oidc-roles';
import { isLoopbackUrl } from './session-policy';

const OIDC_START_PATH = '/api/auth/oidc/start';
const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
export const OIDC_REFUSED_PATH = '/login/refused';

/** Whether single sign-on is on (OIDC_ISSUER is set; the environment schema then requires the rest). */
export function isOidcConfigured(): boolean {
  return Boolean(getEnv().OIDC_ISSUER);
}

/** What the login page's button says: "Sign in with <label>". */
export function getOidcLabel(): string {
  return getEnv().OIDC_LABEL;
}

/** The link the login page offers: starts single sign-on and comes back to `next` (a console path). */
export function oidcStartHref(next = '/'): string {
  return `${OIDC_START_PATH}?next=${encodeURIComponent(nextPathSchema.parse(next))}`;
}

/** The redirect URI to register at the identity provider: CONSOLE_URL + /api/auth/oidc/callback. */
function getOidcRedirectUri(): URL {
  return new URL(OIDC_CALLBACK_PATH, getEnv().CONSOLE_URL);
}

/** Absolute URL of a console path, from CONSOLE_URL; anything that would leave the console becomes `/`. */
export function consoleUrl(path: string): URL {
  const base = new URL(getEnv().CONSOLE_URL);
  const url = new URL(nextPathSchema.parse(path), base);
  return url.origin === base.origin ? url : new URL('/', base);
}

/**
 * https is required of the identity provider, except http on this machine's loopback (the demo and
 * the tests); only then does openid-client get `allowInsecureRequests`.
 */
export function checkIssuerTransport(issuer: string | URL): { allowInsecureRequests: boolean } {
  const url = new URL(issuer);
  if (url.protocol === 'https:') return { allowInsecureRequests: false };
  if (url.protocol === 'http:' && isLoopbackUrl(url.href)) return { allowInsecureRequests: true };
  throw new OidcConfigError(`OIDC_ISSUER must be an https:// URL (http is allowed only on 127.0.0.1, localhost or [::1]); got ${url.origin}`);
}

export class OidcConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcConfigError';
  }
}

export type OidcSettings = {
  issuer: URL;
  clientId: string;
  clientSecret: string | undefined;
  scope: string;
  roleClaim: string;
  roleMap: RoleMap;
  redirectUri: URL;
  allowInsecureRequests: boolean;
};

export function getOidcSettings(): OidcSettings {
  const env = getEnv();
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_ROLE_MAP) throw new OidcConfigError('single sign-on is not configured (OIDC_ISSUER is not set)');
  const scopes = env.OIDC_SCOPES.split(/\s+/).filter(Boolean);
  return {
    issuer: new URL(env.OIDC_ISSUER),
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    // Without `openid` this would be plain OAuth: no ID token, no nonce, no subject.
    scope: (scopes.includes('openid') ? scopes : ['openid', ...scopes]).join(' '),
    roleClaim: env.OIDC_ROLE_CLAIM,
    roleMap: parseRoleMap(env.OIDC_ROLE_MAP),
    redirectUri: getOidcRedirectUri(),
    ...checkIssuerTransport(env.OIDC_ISSUER),
  };
}
