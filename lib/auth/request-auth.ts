import 'server-only';
import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { recordAudit } from '@/lib/audit/log';
import { getEnv } from '@/lib/env';
import type { Store } from '@/lib/server/store/open-store';
import { getPeerAddress } from '@/lib/server/peer-address';
import { getStore } from '@/lib/server/store/store';
import { actorFromPrincipal, type Actor } from './actor';
import { pickClientAddress } from './client-address';
import { displayEnds } from './display-ends';
import { can, type Permission } from './permissions';
import type { Principal } from './principal';
import { checkSameOrigin, isWriteMethod } from './same-origin';
import { getSessionCache } from './session-check';
import { getSessionCookieName, getSessionPolicy } from './session-policy';
import { lookUpSession, revokeSession, type SessionLookup } from './sessions';

export type RequestContext = { store: Store; clientAddress: string | null; userAgent: string | null };
export type AuthorizedRequest = RequestContext & { principal: Principal; actor: Actor };

export async function getRequestContext(request: NextRequest): Promise<RequestContext> {
  const clientAddress = pickClientAddress({ peer: getPeerAddress(), forwardedFor: request.headers.get('x-forwarded-for') }, getEnv().TRUSTED_PROXY_HOPS);
  return { store: await getStore(), clientAddress, userAgent: request.headers.get('user-agent') };
}

/** The origins the console's own pages are served from: the configured URL and the one this request was sent to. */
function getAllowedOrigins(request: NextRequest): string[] {
  return [new URL(getEnv().CONSOLE_URL).origin, request.nextUrl.origin];
}

/** Refuses (and audits) a write that does not come from one of the console's own pages. */
export async function assertSameOrigin(request: NextRequest, context: RequestContext, who?: Principal): Promise<void> {
  const reason = checkSameOrigin({ method: request.method, origin: request.headers.get('origin'), secFetchSite: request.headers.get('sec-fetch-site') }, getAllowedOrigins(request));
  if (!reason) return;
  // Recorded when it carried a session (a forged request riding someone's cookie); an anonymous one is
  // refused without a record, so anonymous traffic cannot fill the log.
  if (who) await recordAudit(context.store, { ...actorFromPrincipal(who, context.clientAddress), action: 'access.cross-site', target: `${request.method} ${request.nextUrl.pathname}`, outcome: 'denied', detail: { reason } });
  throw new ApiError('cross-site', `Cross-site request refused: ${reason}.`);
}

export function readSessionCookie(request: NextRequest): string | undefined {
  return request.cookies.get(getSessionCookieName())?.value;
}

export async function lookUpRequestSession(request: NextRequest, store: Store, clientAddress: string | null = null): Promise<SessionLookup> {
  return lookUpSession(store.db, readSessionCookie(request), getSessionPolicy(), Date.now(), clientAddress);
}

/**
 * Ends the session this browser arrives with, if any, when it signs in again (as someone else, or as a
 * display): the old one would otherwise stay valid on the server until it timed out.
 */
export async function revokeIncomingSession(request: NextRequest, store: Store): Promise<void> {
  const session = await lookUpRequestSession(request, store);
  if (session.status === 'active') await store.writeTransaction((trx) => revokeSession(trx, session.principal.sessionId));
}

/**
 * The check every route handler makes first: a live session (the cookie, never a header a client or
 * proxy could set), same origin for writes, and the permission from the table. Denials are audited.
 */
export async function authorize(request: NextRequest, permission: Permission): Promise<AuthorizedRequest> {
  const context = await getRequestContext(request);
  // Polls trust a session validated within SESSION_CHECK_CACHE_MS (lib/auth/session-check.ts); revocations clear it.
  const session = await getSessionCache().lookUp(readSessionCookie(request), () => lookUpRequestSession(request, context.store, context.clientAddress));
  const principal = session.status === 'active' ? session.principal : undefined;
  if (isWriteMethod(request.method)) await assertSameOrigin(request, context, principal);
  if (session.status !== 'active' && session.status !== 'none') throw new ApiError(displayEnds[session.status].code, displayEnds[session.status].message);
  if (!principal) throw new ApiError('unauthenticated', 'Sign in to continue.');
  const actor = actorFromPrincipal(principal, context.clientAddress);
  if (!can(principal.role, permission)) {
    await recordAudit(context.store, { ...actor, action: 'access.denied', target: `${request.method} ${request.nextUrl.pathname}`, outcome: 'denied', detail: { permission } });
    throw new ApiError('forbidden', `Your role (${principal.role}) does not have the ${permission} permission.`);
  }
  return { ...context, principal, actor };
}
