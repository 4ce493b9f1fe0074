import { getEnv, parseDurationMs, type Env } from '@/lib/env';

export type SessionPolicy = { idleMs: number; maxAgeMs: number; displayIdleMs: number };

export function getSessionPolicy(env: Env = getEnv()): SessionPolicy {
  return { idleMs: parseDurationMs(env.SESSION_IDLE_TIMEOUT), maxAgeMs: parseDurationMs(env.SESSION_MAX_AGE), displayIdleMs: parseDurationMs(env.DISPLAY_SESSION_IDLE_TIMEOUT) };
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
