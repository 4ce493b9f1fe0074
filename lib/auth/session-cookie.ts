import 'server-only';
import type { NextResponse } from 'next/server';
import { getEnv } from '@/lib/env';
import { getSessionCookieName, getSessionPolicy, isLoopbackUrl } from './session-policy';

// Browsers cap cookie lifetimes at 400 days; a display's real limit is its token (and the idle timeout).
const DISPLAY_COOKIE_MAX_AGE_S = 400 * 24 * 3600;

export function setSessionCookie(response: NextResponse, token: string, kind: 'user' | 'display'): void {
  const { CONSOLE_URL } = getEnv();
  response.cookies.set(getSessionCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: !isLoopbackUrl(CONSOLE_URL),
    path: '/',
    maxAge: kind === 'display' ? DISPLAY_COOKIE_MAX_AGE_S : Math.floor(getSessionPolicy().maxAgeMs / 1000),
  });
}

export function clearSessionCookie(response: NextResponse): void {
  response.cookies.set(getSessionCookieName(), '', { httpOnly: true, sameSite: 'lax', secure: !isLoopbackUrl(getEnv().CONSOLE_URL), path: '/', maxAge: 0 });
}
