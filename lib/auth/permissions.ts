import type { Role } from '@/lib/catalog/schema';

/** Who a request acts as: a person's role, or a NOC display (a separate, read-only kind). */
export type PrincipalRole = Role | 'display';

export const roleOrder: readonly Role[] = ['viewer', 'operator', 'approver', 'admin'];

/**
 * The permission table: permission → the roles that hold it. This is the only place access is
 * decided; route handlers, pages and the UI all ask `can()`. A permission missing here is held by nobody.
 */
export const permissionTable = {
  /** Every section's severity and key figures: the overview, and all a NOC display may read. */
  'status.read': ['viewer', 'operator', 'approver', 'admin', 'display'],
  /** The runbook pages: diagnosis, steps, escalation contacts, charts. People only. */
  'section.read': ['viewer', 'operator', 'approver', 'admin'],
  'logs.read': ['operator', 'approver', 'admin'],
  'action.request': ['operator', 'approver', 'admin'],
  'action.approve': ['approver', 'admin'],
  /** Withdraw one's own pending request (the handler checks it is one's own). */
  'action.cancel': ['operator', 'approver', 'admin'],
  /** Acknowledge an alert (an Alertmanager silence on it) and end an acknowledgement early. */
  'alert.ack': ['operator', 'approver', 'admin'],
  'audit.read': ['approver', 'admin'],
  'tokens.manage': ['admin'],
  'users.manage': ['admin'],
  'metrics.read': ['admin'],
  /** The estate check: which metrics of the contract the configured Prometheus has, and with which labels. */
  'estate.check': ['admin'],
  /** Incidents: people read them; a display reads only what the wall shows (id, title, severity, commander, duration). */
  'incident.read': ['viewer', 'operator', 'approver', 'admin', 'display'],
  /** Declare and run an incident: status, roles, severity, notes, updates, escalation, the post-mortem draft. */
  'incident.manage': ['operator', 'approver', 'admin'],
  /** Close an incident and waive its post-mortem. */
  'incident.close': ['approver', 'admin'],
  /** Routines (issue 19): the checklists, their live answers, history and the daily report. People only. */
  'routine.read': ['viewer', 'operator', 'approver', 'admin'],
  /** Tick, note and complete a routine (and record a DR drill's measured recovery). */
  'routine.complete': ['operator', 'approver', 'admin'],
  /** Schedule a maintenance window (Alertmanager silences on its sections/services), end or cancel one (issue 19). */
  'maintenance.schedule': ['operator', 'approver', 'admin'],
  /** Approve or reject a window longer than MAINTENANCE_APPROVAL_OVER (a second person: never one's own). */
  'maintenance.approve': ['approver', 'admin'],
  /** Record a rotation of a secret or certificate of the rotations register (issue 19). */
  'rotation.record': ['operator', 'approver', 'admin'],
} as const satisfies Record<string, readonly PrincipalRole[]>;

export type Permission = keyof typeof permissionTable;
export const permissions = Object.keys(permissionTable) as Permission[];

export function can(role: PrincipalRole | null | undefined, permission: Permission): boolean {
  // Deny by default: no role, or a permission that is not the table's own (a typo, an inherited key such as `constructor`).
  if (!role || !Object.hasOwn(permissionTable, permission)) return false;
  const holders: unknown = permissionTable[permission];
  return Array.isArray(holders) && (holders as readonly PrincipalRole[]).includes(role);
}

/** Every permission a role holds, for the UI to decide what to render (never as the check itself). */
export function listPermissions(role: PrincipalRole): Permission[] {
  return permissions.filter((permission) => can(role, permission));
}
