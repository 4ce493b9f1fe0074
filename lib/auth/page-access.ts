import 'server-only';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { recordAudit } from '@/lib/audit/log';
import { getEnv } from '@/lib/env';
import { getStore } from '@/lib/server/store/store';
import { actorFromPrincipal } from './actor';
import { getClientAddress } from './client-address';
import { can, type Permission } from './permissions';
import type { Principal } from './principal';
import { getSessionCookieName, getSessionPolicy } from './session-policy';
import { lookUpSession, type SessionLookup } from './sessions';

/** The session behind this page request, looked up once however many components ask. */
export const getPageSession = cache(async (): Promise<SessionLookup> => {
  const store = await getStore();
  return lookUpSession(store.db, (await cookies()).get(getSessionCookieName())?.value, getSessionPolicy());
});

// A layout and its page render in parallel and both check: one denial is one audit record per request.
const recordPageDenial = cache(async (principal: Principal, permission: Permission, path: string): Promise<void> => {
  const clientAddress = getClientAddress((await headers()).get('x-forwarded-for'), getEnv().TRUSTED_PROXY_HOPS);
  await recordAudit(await getStore(), { ...actorFromPrincipal(principal, clientAddress), action: 'access.denied', target: `page ${path}`, outcome: 'denied', detail: { permission } });
});

/** A page's own check (a layout or a hidden link is not one): sign-in, then the permission. */
export async function requirePageAccess(permission: Permission, path: string): Promise<Principal> {
  const session = await getPageSession();
  if (session.status === 'display-revoked') redirect('/display/revoked');
  if (session.status === 'display-expired') redirect('/display/revoked?reason=expired');
  if (session.status !== 'active') redirect(`/login?next=${encodeURIComponent(path)}`);
  const { principal } = session;
  if (!can(principal.role, permission)) {
    await recordPageDenial(principal, permission, path);
    forbidden();
  }
  return principal;
}
