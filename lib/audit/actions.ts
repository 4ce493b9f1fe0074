// Every audit action name, in one typed list: the log can be filtered by them and a typo is a type error.
// Add new names at the end of their group; never rename one that has been written (old records keep it).
export const auditActions = [
  // Sign-in and sessions.
  'auth.sign-in',
  'auth.sign-out',
  'auth.display-sign-in',
  'auth.guessing',
  // Refusals by authorize() and the pages.
  'access.denied',
  'access.cross-site',
  // Accounts and display tokens.
  'user.create',
  'user.unlock',
  'user.set-role',
  'user.enable',
  'user.disable',
  'user.set-password',
  'user.role-from-sso',
  'token.create',
  'token.revoke',
  'token.rotate',
  // Remediations: preview, request, decision, execution and its outcome.
  'action.preview',
  'action.request',
  'action.refused',
  'action.denied',
  'action.approve',
  'action.reject',
  'action.expire',
  'action.execute',
  'action.execute.start',
  'action.verdict',
  'action.cancel',
  'action.interrupted',
  'action.revert',
  // Alerts and reads worth recording.
  'alert.ack',
  'alert.unack',
  'logs.read',
  'audit.export',
  // Incidents (issue 17).
  'incident.declare',
  'incident.update',
  'incident.status',
  'incident.severity',
  'incident.role',
  'incident.note',
  'incident.star',
  'incident.link',
  'incident.milestone',
  'incident.communication',
  'incident.escalate',
  'incident.postmortem',
  'incident.export',
  // Routines (issue 19).
  'routine.complete',
  // Maintenance windows and the rotations register (issue 19).
  'maintenance.schedule',
  'maintenance.approve',
  'maintenance.reject',
  'maintenance.start',
  'maintenance.end',
  'maintenance.cancel',
  'maintenance.expire',
  'rotation.record',
  // Written only by the tests and the benchmark against throwaway stores.
  'test.append',
  'bench.append',
] as const;

export type AuditAction = (typeof auditActions)[number];

export function isAuditAction(name: string): name is AuditAction {
  return (auditActions as readonly string[]).includes(name);
}
