import 'server-only';
import type { NextResponse } from 'next/server';
import { getEnv } from '@/lib/env';
import { computeDisplaySessionEnd, getSessionCookieName, getSessionPolicy, isLoopbackUrl, type SessionPolicy } from './session-policy';

/**
 * A display cookie's Max-Age: until its token expires, and at most DISPLAY_SESSION_MAX_AGE (the screen renews
 * it while in use) — not the 400 days browsers would allow, which outlived any rotation or expiry.
 */
export function displayCookieMaxAgeSeconds(tokenExpiresAt: number | null, policy: Pick<SessionPolicy, 'displayMaxAgeMs'> = getSessionPolicy(), now = Date.now()): number {
  return Math.max(0, Math.floor((computeDisplaySessionEnd(tokenExpiresAt, policy, now) - now) / 1000));
}

function writeSessionCookie(response: NextResponse, token: string, maxAgeSeconds: number): void {
  response.cookies.set(getSessionCookieName(), token, { httpOnly: true, sameSite: 'lax', secure: !isLoopbackUrl(getEnv().CONSOLE_URL), path: '/', maxAge: maxAgeSeconds });
}

/** A person's session cookie: SESSION_MAX_AGE. */
export function setSessionCookie(response: NextResponse, token: string): void {
  writeSessionCookie(response, token, Math.floor(getSessionPolicy().maxAgeMs / 1000));
}

/** A display's session cookie, ending with its session (`endsAt`: see computeDisplaySessionEnd). */
export function setDisplaySessionCookie(response: NextResponse, token: string, endsAt: number, now = Date.now()): void {
  writeSessionCookie(response, token, Math.max(0, Math.floor((endsAt - now) / 1000)));
}

export function clearSessionCookie(response: NextResponse): void {
  response.cookies.set(getSessionCookieName(), '', { httpOnly: true, sameSite: 'lax', secure: !isLoopbackUrl(getEnv().CONSOLE_URL), path: '/', maxAge: 0 });
}
