import 'server-only';
// The sign-in in progress (state, nonce, PKCE verifier, where to go afterwards) travels in the
// `vh_oidc` cookie, HMAC-signed with a key derived from OIDC_STATE_SECRET (shared by every replica), or,
// when that is unset, from a random secret made when this process starts.
// Why a signed cookie rather than a server-side record:
//   * /start is public: a server-side record per request would let anyone fill a table or the
//     memory by looping on it; a cookie costs the server nothing until the browser comes back.
//   * no schema change, nothing to clean up, and both engines (SQLite, PostgreSQL) behave the same.
// Why a per-process random key by default: one process needs no secret to configure, leak or rotate;
// it only has to outlive one sign-in (10 minutes). The price: a restart in the middle of a sign-in, or
// a callback that lands on a different console instance (several replicas behind a load balancer
// without sticky sessions), would end as "expired, start again" — so replicas share OIDC_STATE_SECRET
// (test/replicas/oidc-state.test.ts signs in through HAProxy across replicas). The state is also single-use
// (remembered in this process until it expires), so a replayed callback is refused before the
// provider is even asked; the provider refuses a reused code as well.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextResponse } from 'next/server';
import { z } from 'zod';
import { getEnv } from '@/lib/env';
import { OIDC_REFUSAL_REASONS, type OidcRefusalDetails, type OidcRefusalReason, type OidcSignInRefused } from './oidc-refusal';
import { OIDC_REFUSED_PATH } from './oidc-settings';
import { isLoopbackUrl } from './session-policy';

/** The sign-in-in-progress cookie: only ever sent to /api/auth/oidc/*. */
export const OIDC_STATE_COOKIE = 'vh_oidc';
const OIDC_STATE_COOKIE_PATH = '/api/auth/oidc';
const STATE_TTL_S = 10 * 60;
/** Who was refused, for the refused page to name (signed; only ever sent to /login/refused). */
export const OIDC_REFUSAL_COOKIE = 'vh_oidc_refused';
const REFUSAL_TTL_S = 5 * 60;

// Per-process state, on globalThis: Next may load this module once per route bundle.
const holder = globalThis as typeof globalThis & {
  __voicehiveOidcSecret?: Buffer;
  __voicehiveOidcUsedStates?: Map<string, number>;
};

function signingKey(purpose: 'state' | 'refusal'): Buffer {
  const configured = getEnv().OIDC_STATE_SECRET;
  const secret = configured ? Buffer.from(configured, 'utf8') : (holder.__voicehiveOidcSecret ??= randomBytes(32));
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `voicehive-ops oidc ${purpose} cookie v1`, 32));
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

function cookieSecurity() {
  return { httpOnly: true, sameSite: 'lax' as const, secure: !isLoopbackUrl(getEnv().CONSOLE_URL) };
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

/** The signed `vh_oidc` value for a sign-in that starts now; it expires with the cookie (10 min). */
export function signPendingSignIn(pending: Omit<PendingSignIn, 'v' | 'exp'>): string {
  return sign('state', { v: 1, ...pending, exp: Date.now() + STATE_TTL_S * 1000 } satisfies PendingSignIn);
}

/** The sign-in in progress, or null unless the cookie is ours (its expiry is left to the caller). */
export function readPendingSignIn(cookieValue: string | undefined): PendingSignIn | null {
  return verify('state', cookieValue, stateCookieSchema);
}

/** Sets `vh_oidc`: HttpOnly, SameSite=Lax (sent on the provider's top-level redirect back), path /api/auth/oidc, 10 min. */
export function setOidcStateCookie(response: NextResponse, cookieValue: string): void {
  response.cookies.set(OIDC_STATE_COOKIE, cookieValue, { ...cookieSecurity(), path: OIDC_STATE_COOKIE_PATH, maxAge: STATE_TTL_S });
}

export function clearOidcStateCookie(response: NextResponse): void {
  response.cookies.set(OIDC_STATE_COOKIE, '', { ...cookieSecurity(), path: OIDC_STATE_COOKIE_PATH, maxAge: 0 });
}

const MAX_USED_STATES = 10_000;

/** True the first time a state is seen (until it expires); false for a replay. */
export function consumeState(state: string, expiresAt: number, now = Date.now()): boolean {
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

// ---- the refusal cookie ---------------------------------------------------------------------------

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
