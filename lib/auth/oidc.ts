import 'server-only';
// Single sign-on: OpenID Connect authorization code flow with PKCE (S256), state and nonce, through
// openid-client 6. The console is the relying party; /api/auth/oidc/start sends the browser to the
// identity provider and /api/auth/oidc/callback brings it back here.
//
// The sign-in in progress (state, nonce, PKCE verifier, where to go afterwards) travels in the
// `vh_oidc` cookie, HMAC-signed with a key derived from a random secret made when this process starts.
// Why a signed cookie rather than a server-side record:
//   * /start is public: a server-side record per request would let anyone fill a table or the
//     memory by looping on it; a cookie costs the server nothing until the browser comes back.
//   * no schema change, nothing to clean up, and both engines (SQLite, PostgreSQL) behave the same.
// Why a per-process random key rather than a configured one: there is no secret to configure, leak
// or rotate; it only has to outlive one sign-in (10 minutes). The price: a restart in the middle of a
// sign-in, or a callback that lands on a different console instance (several instances behind a load
// balancer without sticky sessions), ends as "expired, start again". The state is also single-use
// (remembered in this process until it expires), so a replayed callback is refused before the
// provider is even asked; the provider refuses a reused code as well.
import { createHash, createHmac, hkdfSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NextResponse } from 'next/server';
import * as client from 'openid-client';
import { z } from 'zod';
import { nextPathSchema } from '@/lib/api/auth-schemas';
import { appendAudit } from '@/lib/audit/log';
import type { Role } from '@/lib/catalog/schema';
import { getEnv } from '@/lib/env';
import type { Database, User } from '@/lib/server/store/schema';
import { claimGroups, mapClaimsToRole, parseRoleMap, RoleMapError, type RoleMap } from './oidc-roles';
import type { RequestContext } from './request-auth';
import { getSessionPolicy, isLoopbackUrl } from './session-policy';
import { createUserSession, revokeUserSessions } from './sessions';
import { usernameSchema } from './users';

// ---- configuration --------------------------------------------------------------------------------

export const OIDC_START_PATH = '/api/auth/oidc/start';
export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
export const OIDC_REFUSED_PATH = '/login/refused';

/** The sign-in-in-progress cookie: only ever sent to /api/auth/oidc/*. */
export const OIDC_STATE_COOKIE = 'vh_oidc';
export const OIDC_STATE_COOKIE_PATH = '/api/auth/oidc';
const STATE_TTL_S = 10 * 60;
/** Who was refused, for the refused page to name (signed; only ever sent to /login/refused). */
export const OIDC_REFUSAL_COOKIE = 'vh_oidc_refused';
const REFUSAL_TTL_S = 5 * 60;
/** Seconds for each request to the identity provider (discovery, token, userinfo, keys). */
const PROVIDER_TIMEOUT_S = 10;

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
export function getOidcRedirectUri(): URL {
  return new URL(OIDC_CALLBACK_PATH, getEnv().CONSOLE_URL);
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

type OidcSettings = {
  issuer: URL;
  clientId: string;
  clientSecret: string | undefined;
  scope: string;
  roleClaim: string;
  roleMap: RoleMap;
  redirectUri: URL;
  allowInsecureRequests: boolean;
};

function getOidcSettings(): OidcSettings {
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

// ---- per-process state (on globalThis: Next may load this module once per route bundle) ----------

type Discovery = { key: string; config: Promise<client.Configuration> };
const holder = globalThis as typeof globalThis & {
  __voicehiveOidcDiscovery?: Discovery;
  __voicehiveOidcSecret?: Buffer;
  __voicehiveOidcUsedStates?: Map<string, number>;
};

/** The provider's metadata, fetched once per process; a failed discovery is forgotten, so the next sign-in tries again. */
function getClientConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer.href}|${settings.clientId}`;
  const cached = holder.__voicehiveOidcDiscovery;
  if (cached?.key === key) return cached.config;
  const config = client.discovery(
    settings.issuer,
    settings.clientId,
    settings.clientSecret ? { client_secret: settings.clientSecret } : undefined,
    // A confidential client authenticates with HTTP Basic (the OAuth default); a public one relies on PKCE alone.
    settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
    { timeout: PROVIDER_TIMEOUT_S, execute: settings.allowInsecureRequests ? [client.allowInsecureRequests] : [] },
  );
  const entry: Discovery = { key, config };
  config.catch(() => {
    if (holder.__voicehiveOidcDiscovery === entry) holder.__voicehiveOidcDiscovery = undefined;
  });
  holder.__voicehiveOidcDiscovery = entry;
  return config;
}

async function getReachableConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  try {
    return await getClientConfiguration(settings);
  } catch (error) {
    console.error('[oidc] discovery failed for', settings.issuer.href, describeError(error));
    throw new OidcSignInRefused('unavailable', 'The identity provider could not be reached.');
  }
}

function signingKey(purpose: 'state' | 'refusal'): Buffer {
  holder.__voicehiveOidcSecret ??= randomBytes(32);
  return Buffer.from(hkdfSync('sha256', holder.__voicehiveOidcSecret, Buffer.alloc(0), `voicehive-ops oidc ${purpose} cookie v1`, 32));
}

function sign(purpose: 'state' | 'refusal', payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', signingKey(purpose)).update(body).digest('base64url');
  return `${body}.${mac}`;
}

function verify<T>(purpose: 'state' | 'refusal', value: string | undefined, schema: z.ZodType<T>): T | null {
  if (!value || value.length > 4096) return null;
  const dot = value.indexOf('.');
  if (dot < 0) return null;
  const body = value.slice(0, dot);
  const expected = createHmac('sha256', signingKey(purpose)).update(body).digest();
  const given = Buffer.from(value.slice(dot + 1), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const MAX_USED_STATES = 10_000;

/** True the first time a state is seen (until it expires); false for a replay. */
function consumeState(state: string, expiresAt: number, now = Date.now()): boolean {
  const used = (holder.__voicehiveOidcUsedStates ??= new Map());
  if (used.has(state)) return false;
  if (used.size >= MAX_USED_STATES) {
    for (const [key, until] of used) if (until <= now) used.delete(key);
    // Still full: forget the oldest (their cookies are about to expire anyway).
    for (const key of used.keys()) {
      if (used.size < MAX_USED_STATES) break;
      used.delete(key);
    }
  }
  used.set(state, expiresAt);
  return true;
}

// ---- refusals -------------------------------------------------------------------------------------

/** Why a single sign-on did not end in a session; the refused page has one message per code. */
export const OIDC_REFUSAL_REASONS = ['cancelled', 'no-role', 'disabled', 'expired', 'invalid', 'provider-error', 'unavailable', 'error'] as const;
export type OidcRefusalReason = (typeof OIDC_REFUSAL_REASONS)[number];

export function isOidcRefusalReason(value: unknown): value is OidcRefusalReason {
  return typeof value === 'string' && (OIDC_REFUSAL_REASONS as readonly string[]).includes(value);
}

/** Who the identity provider said the person was, when the console refused them (shown on the refused page). */
export type OidcRefusalDetails = { name: string; groups: string[] };

/** A sign-in that ended without a session, for a reason the person can be told (by code, on /login/refused). */
export class OidcSignInRefused extends Error {
  constructor(
    readonly reason: OidcRefusalReason,
    message: string,
    readonly details?: OidcRefusalDetails,
  ) {
    super(message);
    this.name = 'OidcSignInRefused';
  }
}

/** Any error from the flow as a refusal; unexpected ones are logged here (server log only, never shown). */
export function toOidcRefusal(error: unknown): OidcSignInRefused {
  if (error instanceof OidcSignInRefused) return error;
  if (error instanceof OidcConfigError || error instanceof RoleMapError) {
    console.error('[oidc]', error.message);
    return new OidcSignInRefused('unavailable', error.message);
  }
  console.error('[oidc] sign-in failed', error);
  return new OidcSignInRefused('error', 'Single sign-on failed; see the console server log.');
}

/** Absolute URL of a console path, from CONSOLE_URL; anything that would leave the console becomes `/`. */
export function consoleUrl(path: string): URL {
  const base = new URL(getEnv().CONSOLE_URL);
  const url = new URL(nextPathSchema.parse(path), base);
  return url.origin === base.origin ? url : new URL('/', base);
}

export function oidcRefusedUrl(reason: OidcRefusalReason): URL {
  const url = consoleUrl(OIDC_REFUSED_PATH);
  url.searchParams.set('reason', reason);
  return url;
}

const refusalCookieSchema = z.object({
  r: z.enum(OIDC_REFUSAL_REASONS),
  n: z.string().max(200),
  g: z.array(z.string().max(200)).max(20),
  x: z.number(),
});

/** Lets the refused page say who was refused and with which groups, without putting that in the URL. */
export function setOidcRefusalCookie(response: NextResponse, refusal: OidcSignInRefused): void {
  if (!refusal.details) return;
  const value = sign('refusal', { r: refusal.reason, n: refusal.details.name, g: refusal.details.groups, x: Date.now() + REFUSAL_TTL_S * 1000 });
  response.cookies.set(OIDC_REFUSAL_COOKIE, value, { ...cookieSecurity(), path: OIDC_REFUSED_PATH, maxAge: REFUSAL_TTL_S });
}

/** The refused page's read of that cookie: null unless it is ours, fresh, and about the same reason. */
export function readOidcRefusalDetails(cookieValue: string | undefined, reason: OidcRefusalReason): OidcRefusalDetails | null {
  const payload = verify('refusal', cookieValue, refusalCookieSchema);
  if (!payload || payload.r !== reason || payload.x <= Date.now()) return null;
  return { name: payload.n, groups: payload.g };
}

// ---- the sign-in cookie ---------------------------------------------------------------------------

const stateCookieSchema = z.object({
  v: z.literal(1),
  iss: z.string(),
  state: z.string().min(20).max(200),
  nonce: z.string().min(20).max(200),
  verifier: z.string().min(43).max(128),
  next: z.string(),
  exp: z.number(),
});
type PendingSignIn = z.infer<typeof stateCookieSchema>;

function cookieSecurity() {
  return { httpOnly: true, sameSite: 'lax' as const, secure: !isLoopbackUrl(getEnv().CONSOLE_URL) };
}

/** Sets `vh_oidc`: HttpOnly, SameSite=Lax (sent on the provider's top-level redirect back), path /api/auth/oidc, 10 min. */
export function setOidcStateCookie(response: NextResponse, cookieValue: string): void {
  response.cookies.set(OIDC_STATE_COOKIE, cookieValue, { ...cookieSecurity(), path: OIDC_STATE_COOKIE_PATH, maxAge: STATE_TTL_S });
}

export function clearOidcStateCookie(response: NextResponse): void {
  response.cookies.set(OIDC_STATE_COOKIE, '', { ...cookieSecurity(), path: OIDC_STATE_COOKIE_PATH, maxAge: 0 });
}

// ---- the flow -------------------------------------------------------------------------------------

/**
 * Starts a sign-in: the provider's authorization URL (code, S256 PKCE, state, nonce) and the signed
 * cookie value that has to come back with the callback. `next` is re-checked: a console path or `/`.
 */
export async function beginOidcSignIn(next: string): Promise<{ authorizationUrl: URL; cookieValue: string }> {
  const settings = getOidcSettings();
  const config = await getReachableConfiguration(settings);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri.href,
    scope: settings.scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const pending: PendingSignIn = { v: 1, iss: settings.issuer.href, state, nonce, verifier, next: nextPathSchema.parse(next), exp: Date.now() + STATE_TTL_S * 1000 };
  return { authorizationUrl, cookieValue: sign('state', pending) };
}

export type OidcSignInResult = { token: string; username: string; role: Role; next: string; created: boolean };

/**
 * Finishes a sign-in: checks the cookie, exchanges the code (PKCE verifier, expected state and
 * nonce), reads userinfo, maps the groups to a role, and then, in one transaction, creates or updates
 * the user, creates the session and audits it. Throws OidcSignInRefused for anything that is not a session.
 */
export async function completeOidcSignIn(callbackUrl: URL, cookieValue: string | undefined, context: RequestContext): Promise<OidcSignInResult> {
  const settings = getOidcSettings();
  const pending = verify('state', cookieValue, stateCookieSchema);
  if (!pending || pending.exp <= Date.now() || pending.iss !== settings.issuer.href) {
    throw new OidcSignInRefused('expired', 'No sign-in is in progress in this browser, or it took longer than 10 minutes.');
  }
  // The provider only ever answers on the registered redirect URI; behind a proxy the request's own
  // URL may differ, so only the query is taken from it (openid-client sends the redirect_uri it is given).
  const currentUrl = new URL(settings.redirectUri);
  currentUrl.search = callbackUrl.search;
  const params = currentUrl.searchParams;
  if (params.get('state') !== pending.state) {
    logUnverifiedFailure(context, 'the state parameter does not match this browser\'s sign-in');
    throw new OidcSignInRefused('invalid', 'The answer from the identity provider does not belong to this sign-in.');
  }
  if (!consumeState(pending.state, pending.exp)) {
    logUnverifiedFailure(context, 'the sign-in response was replayed');
    throw new OidcSignInRefused('invalid', 'This sign-in response was already used.');
  }
  const providerError = params.get('error');
  if (providerError === 'access_denied') throw new OidcSignInRefused('cancelled', 'Sign-in was cancelled at the identity provider.');
  if (providerError) {
    console.warn('[oidc] the identity provider answered', providerError, params.get('error_description')?.slice(0, 300) ?? '');
    throw new OidcSignInRefused('provider-error', 'The identity provider refused the sign-in request.');
  }

  const config = await getReachableConfiguration(settings);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce });
  } catch (error) {
    throw await providerCallFailed(context, 'code exchange', error);
  }
  const idToken = tokens.claims();
  if (!idToken) throw new OidcSignInRefused('invalid', 'The identity provider sent no ID token.');

  let claims: Record<string, unknown> = { ...idToken };
  if (config.serverMetadata().userinfo_endpoint) {
    try {
      // fetchUserInfo checks that userinfo is about the ID token's subject.
      const userinfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = { ...claims, ...userinfo, iss: idToken.iss, sub: idToken.sub };
    } catch (error) {
      throw await providerCallFailed(context, 'userinfo', error);
    }
  }

  return finishSignIn(context, settings, claims as Record<string, unknown> & { iss: string; sub: string }, pending.next);
}

async function finishSignIn(context: RequestContext, settings: OidcSettings, claims: Record<string, unknown> & { iss: string; sub: string }, next: string): Promise<OidcSignInResult> {
  const subject = `${claims.iss}|${claims.sub}`;
  const role = mapClaimsToRole(claims, settings.roleClaim, settings.roleMap);
  const groups = claimGroups(claims, settings.roleClaim).slice(0, 20).map((g) => g.slice(0, 200));
  const displayName = stringClaim(claims.name, 200);
  const email = stringClaim(claims.email, 254);
  const usernames = usernameCandidates(claims);
  const shownName = displayName ?? stringClaim(claims.preferred_username, 200) ?? email ?? claims.sub.slice(0, 200);
  const meta = { clientAddress: context.clientAddress };

  const outcome = await context.store.writeTransaction(async (trx) => {
    const now = Date.now();
    const existing = await trx.selectFrom('users').selectAll().where('oidc_subject', '=', subject).executeTakeFirst();
    const who = existing?.username ?? usernames[0] ?? 'anonymous';
    const disabled = existing ? existing.disabled_at !== null : false;
    if (!role || disabled) {
      const reason = !role ? 'no console role is mapped to the identity provider groups' : 'account disabled';
      // The provider no longer gives this person a role: their other sessions end too.
      if (!role && existing) await revokeUserSessions(trx, existing.id, now);
      await appendAudit(trx, { ...meta, actor: who, actorRole: null, action: 'auth.sign-in', target: who, outcome: 'denied', detail: { method: 'oidc', reason, subject, claim: settings.roleClaim, groups } }, now);
      return { refused: !role ? ('no-role' as const) : ('disabled' as const) };
    }

    let user: User;
    if (existing) {
      // The username stays what it was at creation (audit records name it); the rest follows the provider.
      user = { ...existing, display_name: displayName ?? existing.display_name, email: email ?? existing.email, role, updated_at: now, last_sign_in_at: now };
      await trx.updateTable('users').set({ display_name: user.display_name, email: user.email, role, updated_at: now, last_sign_in_at: now }).where('id', '=', existing.id).execute();
      if (existing.role !== role) {
        await appendAudit(trx, { ...meta, actor: user.username, actorRole: role, action: 'user.role-from-sso', target: user.username, outcome: 'success', detail: { from: existing.role, to: role, claim: settings.roleClaim, groups } }, now);
      }
    } else {
      const username = await pickFreeUsername(trx, usernames, subject);
      user = { id: randomUUID(), username, display_name: displayName ?? username, email, role, source: 'oidc', password_hash: null, oidc_subject: subject, created_at: now, updated_at: now, disabled_at: null, last_sign_in_at: now };
      await trx.insertInto('users').values(user).execute();
      await appendAudit(trx, { ...meta, actor: username, actorRole: role, action: 'user.create', target: username, outcome: 'success', detail: { role, source: 'oidc', subject, claim: settings.roleClaim, groups } }, now);
    }
    const token = await createUserSession(trx, user.id, context, getSessionPolicy(), now);
    await appendAudit(trx, { ...meta, actor: user.username, actorRole: role, action: 'auth.sign-in', target: user.username, outcome: 'success', detail: { method: 'oidc', subject } }, now);
    return { token, username: user.username, role, created: !existing };
  });

  if ('refused' in outcome) {
    const details = { name: shownName, groups };
    if (outcome.refused === 'disabled') throw new OidcSignInRefused('disabled', 'This console account is disabled.', details);
    throw new OidcSignInRefused('no-role', 'No console role is mapped to any of your identity provider groups.', details);
  }
  return { ...outcome, next };
}

// ---- usernames ------------------------------------------------------------------------------------

function stringClaim(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null;
}

/** A claim as a console username (lib/auth/users.ts rules: 2–64 of a-z 0-9 . _ @ -, starting with a letter or digit), or null. */
export function toUsername(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const cleaned = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é → e
    .toLowerCase()
    .replace(/[^a-z0-9._@-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return usernameSchema.safeParse(cleaned).success ? cleaned : null;
}

/** preferred_username, then email, then sub, as usernames; the first that survives sanitising is tried first. */
export function usernameCandidates(claims: Record<string, unknown>): string[] {
  const names = [claims.preferred_username, claims.email, claims.sub].map(toUsername).filter((n): n is string => n !== null);
  return [...new Set(names)];
}

/**
 * A username nobody has yet: a local account (or another provider subject) of the same name is never
 * taken over; the newcomer gets `name-2`, `name-3`, …
 */
async function pickFreeUsername(trx: Kysely<Database>, candidates: string[], subject: string): Promise<string> {
  const base = candidates[0] ?? `sso-${createHash('sha256').update(subject).digest('hex').slice(0, 12)}`;
  for (let n = 1; n <= 100; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const name = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    const taken = await trx.selectFrom('users').select('id').where('username', '=', name).executeTakeFirst();
    if (!taken) return name;
  }
  return `sso-${randomBytes(8).toString('hex')}`;
}

// ---- failures -------------------------------------------------------------------------------------

function describeError(error: unknown): string {
  if (error instanceof client.ResponseBodyError) return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  if (error instanceof Error) return `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`;
  return String(error);
}

function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  return error instanceof TypeError && error.message === 'fetch failed';
}

/**
 * A callback that proves no identity (bad state, replay, an answer that does not verify) goes to the
 * server log, not the audit chain: anyone can send one, and recording each would let anonymous
 * traffic fill the log and hold its write lock. Refusals of a verified person are audited.
 */
function logUnverifiedFailure(context: RequestContext, reason: string): void {
  console.warn(`[oidc] sign-in refused from ${context.clientAddress ?? 'unknown address'}: ${reason.slice(0, 300)}`);
}

/** A failed call to the provider: unreachable, or an answer that does not verify (logged: it may be an attack). */
async function providerCallFailed(context: RequestContext, step: string, error: unknown): Promise<OidcSignInRefused> {
  const described = describeError(error);
  if (isUnreachable(error)) {
    console.error(`[oidc] ${step}: the identity provider could not be reached:`, described);
    return new OidcSignInRefused('unavailable', 'The identity provider could not be reached.');
  }
  logUnverifiedFailure(context, `${step}: ${described}`);
  return new OidcSignInRefused('invalid', 'The answer from the identity provider could not be verified.');
}
