import { getEnv, parseDurationMs, type Env } from '@/lib/env';

/** `displayMaxAgeMs`: a display's session (and cookie) ends this long after it was made or last renewed, or with its token. */
export type SessionPolicy = { idleMs: number; maxAgeMs: number; displayIdleMs: number; displayMaxAgeMs: number };

export function getSessionPolicy(env: Env = getEnv()): SessionPolicy {
  return {
    idleMs: parseDurationMs(env.SESSION_IDLE_TIMEOUT),
    maxAgeMs: parseDurationMs(env.SESSION_MAX_AGE),
    displayIdleMs: parseDurationMs(env.DISPLAY_SESSION_IDLE_TIMEOUT),
    displayMaxAgeMs: parseDurationMs(env.DISPLAY_SESSION_MAX_AGE),
  };
}

/** When a display session made (or renewed) at `now` ends: DISPLAY_SESSION_MAX_AGE later, or when its token expires if sooner. */
export function computeDisplaySessionEnd(tokenExpiresAt: number | null, policy: Pick<SessionPolicy, 'displayMaxAgeMs'>, now = Date.now()): number {
  return Math.min(now + policy.displayMaxAgeMs, tokenExpiresAt ?? Number.POSITIVE_INFINITY);
}

/** Cookies are Secure everywhere but on this machine's loopback, where the demo and the tests run over http. */
export function isLoopbackUrl(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

export function getSessionCookieName(consoleUrl = getEnv().CONSOLE_URL): string {
  // __Host- makes the browser refuse the cookie unless it is Secure, for this host only, on path /.
  return isLoopbackUrl(consoleUrl) ? 'vh_session' : '__Host-vh_session';
}
