import type { Role } from '@/lib/catalog/schema';

/** Who a request acts as, once its session has been checked. */
export type Principal =
  | { kind: 'user'; sessionId: string; userId: string; username: string; displayName: string; role: Role }
  | { kind: 'display'; sessionId: string; tokenId: string; name: string; role: 'display' };

/** The name the audit log and the header use. */
export function describePrincipal(principal: Principal): string {
  return principal.kind === 'user' ? principal.username : `display:${principal.name}`;
}
