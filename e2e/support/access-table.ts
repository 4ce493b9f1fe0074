// What every route handler and page needs (the permission table's view of the app): the access test walks
// it for every role, and the threat tests (live.threats.spec.ts) for every kind of forged request.
import type { Permission } from '../../lib/auth/permissions';

/** What each route needs. A `public` route answers every caller the same way, whoever they are. */
export const expected: Record<string, { need: Permission | 'public'; path: string; body?: unknown }> = {
  'GET /api/health': { need: 'public', path: '/api/health' },
  'GET /api/health/live': { need: 'public', path: '/api/health/live' },
  'GET /api/health/ready': { need: 'public', path: '/api/health/ready' },
  'GET /api/metrics': { need: 'metrics.read', path: '/api/metrics' },
  'GET /api/sections': { need: 'status.read', path: '/api/sections' },
  'GET /api/sections/[id]': { need: 'status.read', path: '/api/sections/redis' },
  'GET /api/sections/[id]/panels/[panelId]': { need: 'section.read', path: '/api/sections/no-such/panels/none' },
  'GET /api/sections/[id]/workloads/[panelId]': { need: 'section.read', path: '/api/sections/no-such/workloads/none' },
  'GET /api/sections/[id]/logs/[panelId]': { need: 'logs.read', path: '/api/sections/no-such/logs/none' },
  'GET /api/sections/[id]/pms/[panelId]': { need: 'section.read', path: '/api/sections/pms-connection/pms/pms-health' },
  'GET /api/auth/me': { need: 'status.read', path: '/api/auth/me' },
  'POST /api/auth/login': { need: 'public', path: '/api/auth/login', body: { username: '', password: '' } },
  'POST /api/auth/display': { need: 'public', path: '/api/auth/display', body: { token: 'vhd_not-a-token' } },
  // Renews a display's session; a person's session has nothing to renew (200, renewed: false).
  'POST /api/auth/display/session': { need: 'status.read', path: '/api/auth/display/session' },
  'GET /api/auth/oidc/start': { need: 'public', path: '/api/auth/oidc/start' },
  'GET /api/auth/oidc/callback': { need: 'public', path: '/api/auth/oidc/callback?code=x&state=y' },
  'GET /api/audit': { need: 'audit.read', path: '/api/audit?limit=1' },
  'GET /api/tokens': { need: 'tokens.manage', path: '/api/tokens' },
  // A body that fails validation: the permission is judged before it, and nothing is created.
  'POST /api/tokens': { need: 'tokens.manage', path: '/api/tokens', body: { name: '' } },
  'DELETE /api/tokens/[id]': { need: 'tokens.manage', path: '/api/tokens/00000000-0000-4000-8000-000000000000' },
  'POST /api/tokens/[id]/rotation': { need: 'tokens.manage', path: '/api/tokens/00000000-0000-4000-8000-000000000000/rotation' },
  'GET /api/users': { need: 'users.manage', path: '/api/users' },
  // Bodies that fail after the permission check (a manual step, a missing key, an unknown run): nothing runs.
  'POST /api/actions/preview': { need: 'action.request', path: '/api/actions/preview', body: { section: 'call-failures', step: 'check-twilio-sip-trunk' } },
  'GET /api/actions/runs': { need: 'section.read', path: '/api/actions/runs' },
  'POST /api/actions/runs': { need: 'action.request', path: '/api/actions/runs', body: { section: 'call-failures', step: 'restart-media-agents' } },
  'GET /api/actions/runs/[id]': { need: 'section.read', path: '/api/actions/runs/00000000-0000-4000-8000-000000000000' },
  'POST /api/actions/runs/[id]/decision': { need: 'action.approve', path: '/api/actions/runs/00000000-0000-4000-8000-000000000000/decision', body: { decision: 'approve' } },
  // An unknown run: refused after the permission check, nothing is cancelled.
  'POST /api/actions/runs/[id]/cancellation': { need: 'action.cancel', path: '/api/actions/runs/00000000-0000-4000-8000-000000000000/cancellation', body: {} },
  'GET /api/alerts': { need: 'status.read', path: '/api/alerts' },
  'GET /api/temporary-changes': { need: 'section.read', path: '/api/temporary-changes' },
  // An unknown change: refused after the permission check, nothing is set back.
  'POST /api/temporary-changes/[id]/revert': { need: 'action.request', path: '/api/temporary-changes/00000000-0000-4000-8000-000000000000/revert', body: {} },
  // An empty comment fails after the permission check: no silence is made.
  'POST /api/alerts/[fingerprint]/acknowledgement': { need: 'alert.ack', path: '/api/alerts/0000000000000000/acknowledgement', body: { comment: '', durationMinutes: 60 } },
  'DELETE /api/alerts/[fingerprint]/acknowledgement/[silenceId]': { need: 'alert.ack', path: '/api/alerts/0000000000000000/acknowledgement/00000000-0000-4000-8000-000000000000' },
  // Incidents (issue 17): bodies and ids that fail after the permission check (an empty title, an unknown incident).
  'GET /api/incidents': { need: 'incident.read', path: '/api/incidents' },
  'POST /api/incidents': { need: 'incident.manage', path: '/api/incidents', body: { title: '' } },
  'GET /api/incidents/[id]': { need: 'incident.read', path: '/api/incidents/INC-1999-999' },
  'PATCH /api/incidents/[id]': { need: 'incident.manage', path: '/api/incidents/INC-1999-999', body: { op: 'note' } },
  'POST /api/incidents/[id]/timeline': { need: 'incident.manage', path: '/api/incidents/INC-1999-999/timeline', body: { op: 'note', text: '' } },
  'GET /api/incidents/[id]/communications': { need: 'incident.manage', path: '/api/incidents/INC-1999-999/communications' },
  'POST /api/incidents/[id]/communications': { need: 'incident.manage', path: '/api/incidents/INC-1999-999/communications', body: { audience: 'internal', text: '' } },
  'GET /api/incidents/[id]/postmortem': { need: 'section.read', path: '/api/incidents/INC-1999-999/postmortem' },
  'GET /api/handover': { need: 'section.read', path: '/api/handover' },
  // Routines (issue 19): an unknown item fails after the permission check, nothing is completed.
  'GET /api/routines': { need: 'routine.read', path: '/api/routines' },
  'GET /api/routines/[id]': { need: 'routine.read', path: '/api/routines/morning-checklist' },
  'GET /api/routines/[id]/completions': { need: 'routine.read', path: '/api/routines/morning-checklist/completions' },
  'GET /api/routines/daily-report': { need: 'routine.read', path: '/api/routines/daily-report?format=md' },
  'POST /api/routines/[id]/completions': { need: 'routine.complete', path: '/api/routines/morning-checklist/completions', body: { items: [{ id: 'no-such-item', checked: true }] } },
  // Maintenance windows (issue 19): an empty reason and an unknown window fail after the permission check.
  'GET /api/maintenance': { need: 'section.read', path: '/api/maintenance' },
  'POST /api/maintenance': { need: 'maintenance.schedule', path: '/api/maintenance', body: { sections: ['redis'], endsAt: '2099-01-01T00:00:00Z', reason: '' } },
  'POST /api/maintenance/[id]/decision': { need: 'maintenance.approve', path: '/api/maintenance/MW-000000000000/decision', body: { decision: 'approve' } },
  'POST /api/maintenance/[id]/end': { need: 'maintenance.schedule', path: '/api/maintenance/MW-000000000000/end', body: {} },
  // Rotations register (issue 19): an unknown entry fails after the permission check, nothing is recorded.
  'GET /api/rotations': { need: 'section.read', path: '/api/rotations' },
  'POST /api/rotations/[id]': { need: 'rotation.record', path: '/api/rotations/no-such-entry', body: { note: 'access test' } },
};

export const pages: { route: string; path: string; need: Permission }[] = [
  { route: '/', path: '/', need: 'status.read' },
  { route: '/noc', path: '/noc', need: 'status.read' },
  { route: '/runbooks/[id]', path: '/runbooks/redis', need: 'section.read' },
  { route: '/audit', path: '/audit', need: 'audit.read' },
  { route: '/admin/tokens', path: '/admin/tokens', need: 'tokens.manage' },
  { route: '/admin/users', path: '/admin/users', need: 'users.manage' },
  { route: '/admin/estate', path: '/admin/estate', need: 'estate.check' },
  { route: '/approvals', path: '/approvals', need: 'action.approve' },
  { route: '/incidents', path: '/incidents', need: 'section.read' },
  // {incident}: an incident the access test declares first (an unknown id is a 404 for everyone signed in).
  { route: '/incidents/[id]', path: '/incidents/{incident}', need: 'section.read' },
  { route: '/incidents/[id]/postmortem', path: '/incidents/{incident}/postmortem', need: 'section.read' },
  { route: '/handover', path: '/handover', need: 'section.read' },
  { route: '/requests', path: '/requests', need: 'section.read' },
  { route: '/runs', path: '/runs', need: 'section.read' },
  { route: '/routines', path: '/routines', need: 'routine.read' },
  { route: '/routines/[id]', path: '/routines/morning-checklist', need: 'routine.read' },
  { route: '/routines/daily-report', path: '/routines/daily-report', need: 'routine.read' },
  { route: '/routines/[id]/history', path: '/routines/dr-drill/history', need: 'routine.read' },
  { route: '/maintenance', path: '/maintenance', need: 'section.read' },
  { route: '/rotations', path: '/rotations', need: 'section.read' },
];
// Pages anyone may open: they show no estate data.
export const publicPages = ['/login', '/login/refused', '/display', '/display/revoked'];
