import 'server-only';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { recordAudit } from '@/lib/audit/log';
import { getEnv } from '@/lib/env';
import { getPeerAddress } from '@/lib/server/peer-address';
import { getStore } from '@/lib/server/store/store';
import { actorFromPrincipal } from './actor';
import { pickClientAddress } from './client-address';
import { displayEnds, findDisplayEndPage } from './display-ends';
import { can, type Permission } from './permissions';
import type { Principal } from './principal';
import { getSessionCookieName, getSessionPolicy } from './session-policy';
import { lookUpSession, type SessionLookup } from './sessions';

async function readPageClientAddress(): Promise<string | null> {
  return pickClientAddress({ peer: getPeerAddress(), forwardedFor: (await headers()).get('x-forwarded-for') }, getEnv().TRUSTED_PROXY_HOPS);
}

/** The session behind this page request, looked up once however many components ask. */
export const getPageSession = cache(async (): Promise<SessionLookup> => {
  const store = await getStore();
  return lookUpSession(store.db, (await cookies()).get(getSessionCookieName())?.value, getSessionPolicy(), Date.now(), await readPageClientAddress());
});

// A layout and its page render in parallel and both check: one denial is one audit record per request.
const recordPageDenial = cache(async (principal: Principal, permission: Permission, path: string): Promise<void> => {
  await recordAudit(await getStore(), { ...actorFromPrincipal(principal, await readPageClientAddress()), action: 'access.denied', target: `page ${path}`, outcome: 'denied', detail: { permission } });
});

/** A page's own check (a layout or a hidden link is not one): sign-in, then the permission. */
export async function requirePageAccess(permission: Permission, path: string): Promise<Principal> {
  const session = await getPageSession();
  if (session.status === 'none') redirect(`/login?next=${encodeURIComponent(path)}`);
  if (session.status !== 'active') redirect(findDisplayEndPage(displayEnds[session.status].code) ?? '/display/revoked');
  const { principal } = session;
  if (!can(principal.role, permission)) {
    await recordPageDenial(principal, permission, path);
    forbidden();
  }
  return principal;
}
