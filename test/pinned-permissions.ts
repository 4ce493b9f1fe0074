// Who may do what, written out by hand, apart from lib/auth/permissions.ts: the unit test
// (lib/auth/permissions.pinned.test.ts) and the browser access test (e2e/live.access.spec.ts) judge the
// product against this table, so a change to the permission table that grants or removes anything fails
// both until this file is changed too, on purpose, in the same review. Never derive it from `can()`.
import type { Permission, PrincipalRole } from '../lib/auth/permissions';

export const pinnedRoles = ['viewer', 'operator', 'approver', 'admin', 'display'] as const satisfies readonly PrincipalRole[];

const Y = true;
const N = false;

/** permission → allowed, per role in the order of `pinnedRoles`. */
export const pinnedPermissions: Record<Permission, readonly [viewer: boolean, operator: boolean, approver: boolean, admin: boolean, display: boolean]> = {
  //                  viewer operator approver admin display
  'status.read':    [ Y,     Y,       Y,       Y,    Y ],
  'section.read':   [ Y,     Y,       Y,       Y,    N ],
  'logs.read':      [ N,     Y,       Y,       Y,    N ],
  'action.request': [ N,     Y,       Y,       Y,    N ],
  'action.approve': [ N,     N,       Y,       Y,    N ],
  'action.cancel':  [ N,     Y,       Y,       Y,    N ],
  'alert.ack':      [ N,     Y,       Y,       Y,    N ],
  'audit.read':     [ N,     N,       Y,       Y,    N ],
  'tokens.manage':  [ N,     N,       N,       Y,    N ],
  'users.manage':   [ N,     N,       N,       Y,    N ],
  'metrics.read':   [ N,     N,       N,       Y,    N ],
  'estate.check':   [ N,     N,       N,       Y,    N ],
  'incident.read':  [ Y,     Y,       Y,       Y,    Y ],
  'incident.manage':[ N,     Y,       Y,       Y,    N ],
  'incident.close': [ N,     N,       Y,       Y,    N ],
  'routine.read':   [ Y,     Y,       Y,       Y,    N ],
  'routine.complete':[ N,    Y,       Y,       Y,    N ],
  'maintenance.schedule': [ N, Y,     Y,       Y,    N ],
  'maintenance.approve':  [ N, N,     Y,       Y,    N ],
  'rotation.record':      [ N, Y,     Y,       Y,    N ],
};

/** What the pinned table says `role` may do; an unknown permission is allowed to nobody. */
export function isPinnedAllowed(role: PrincipalRole, permission: Permission): boolean {
  const row = (pinnedPermissions as Record<string, readonly boolean[] | undefined>)[permission];
  return row?.[pinnedRoles.indexOf(role as (typeof pinnedRoles)[number])] === true;
}
