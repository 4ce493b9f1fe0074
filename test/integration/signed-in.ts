// Route handlers called in-process need a real session: this creates an account in a throwaway
// SQLite store, signs it in through the same code as the login route, and builds requests with its cookie.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import type { Role } from '@/lib/catalog/schema';

export type SignedIn = { cookie: string; request(url: string, init?: ConstructorParameters<typeof NextRequest>[1]): NextRequest };

/** Call before anything reads the environment (getEnv is parsed once per test file). */
export function useThrowawayStore(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-store-'));
  process.env.STORE_PATH = path.join(dir, 'store.sqlite');
  return dir;
}

export async function signInAs(role: Role, username = `test-${role}`): Promise<SignedIn> {
  const { getStore } = await import('@/lib/server/store/store');
  const { addLocalUser } = await import('@/lib/auth/users');
  const { signInWithPassword } = await import('@/lib/auth/local-sign-in');
  const { getSessionCookieName, getSessionPolicy } = await import('@/lib/auth/session-policy');
  const { getThrottlePolicy } = await import('@/lib/auth/throttle-policy');
  const store = await getStore();
  const password = `pw-${Math.random().toString(36).slice(2)}-long-enough`;
  await addLocalUser(store, { actor: 'test-setup' }, { username, role, password });
  const { token } = await signInWithPassword(store, { username, password }, { clientAddress: '127.0.0.1', userAgent: 'vitest' }, { session: getSessionPolicy(), throttle: getThrottlePolicy() });
  const cookie = `${getSessionCookieName()}=${token}`;
  return {
    cookie,
    request: (url, init) => new NextRequest(url, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), cookie } }),
  };
}

/** A NOC display's session, made the way a screen gets one: an admin's token exchanged for a session. */
export async function signInAsDisplay(name = `test-display-${Math.random().toString(36).slice(2, 8)}`): Promise<SignedIn> {
  const { getStore } = await import('@/lib/server/store/store');
  const { createDisplayToken, exchangeDisplayToken } = await import('@/lib/auth/display-tokens');
  const { getSessionCookieName } = await import('@/lib/auth/session-policy');
  const store = await getStore();
  const { secret } = await createDisplayToken(store, { actor: 'test-setup', actorRole: 'admin', clientAddress: '127.0.0.1' }, name);
  const { sessionToken } = await exchangeDisplayToken(store, secret, { clientAddress: '127.0.0.1', userAgent: 'vitest' });
  const cookie = `${getSessionCookieName()}=${sessionToken}`;
  return {
    cookie,
    request: (url, init) => new NextRequest(url, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), cookie } }),
  };
}
