import type { AuditEvent } from '@/lib/audit/log';
import { describePrincipal, type Principal } from './principal';

/** Who made a change, as the audit log records it: a signed-in person, a display, or the CLI. */
export type Actor = Pick<AuditEvent, 'actor' | 'actorRole' | 'clientAddress'>;

export function actorFromPrincipal(principal: Principal, clientAddress: string | null): Actor {
  return { actor: describePrincipal(principal), actorRole: principal.role, clientAddress };
}
