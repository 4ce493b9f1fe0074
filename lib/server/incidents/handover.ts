import 'server-only';
import { describeEscalation, nextUpdateDue } from '@/lib/incidents/escalation';
import { listIncidents } from '@/lib/incidents/records';
import { listConsoleAlerts } from '@/lib/server/alerts-service';
import type { Store } from '@/lib/server/store/open-store';
import { getIncidentConfig } from './config';

const WATCH_LOOKBACK_MS = 2 * 3_600_000;

/** What the next on-call engineer needs: open incidents and their deadlines, approvals waiting, acknowledgements and their expiry, remediations still watched. */
export async function buildHandover(store: Store, now = Date.now()) {
  const config = getIncidentConfig();
  const incidents = (await listIncidents(store.db, { openOnly: true })).map((i) => ({
    id: i.id, title: i.title, severity: i.severity, status: i.status, commander: i.roles.commander, declaredAt: i.declaredAt,
    nextUpdateAt: nextUpdateDue(i, config.updateCadenceMinutes), escalation: describeEscalation(i, config.escalation, now),
  }));
  const pending = await store.db.selectFrom('action_runs').select(['id', 'title', 'section_id', 'requested_by', 'requested_at', 'expires_at']).where('status', '=', 'pending-approval').orderBy('requested_at').execute();
  const watched = await store.db.selectFrom('action_runs').select(['id', 'title', 'section_id', 'requested_by', 'updated_at', 'status']).where((eb) => eb.or([eb('status', '=', 'executing'), eb.and([eb('status', '=', 'succeeded'), eb('verdict', 'is', null)])])).where('requested_at', '>=', now - WATCH_LOOKBACK_MS).orderBy('requested_at').execute();
  let acknowledgements: { alert: string; section: string | null; by: string; until: number; comment: string }[] = [];
  let alertsError: string | null = null;
  try {
    acknowledgements = ((await listConsoleAlerts(false)).alerts ?? []).filter((a) => a.ack).map((a) => ({ alert: a.name, section: a.sectionId, by: a.ack!.by, until: a.ack!.until, comment: a.ack!.comment }));
  } catch (error) {
    alertsError = error instanceof Error ? error.message : String(error);
  }
  return { generatedAt: now, incidents, pending, watched, acknowledgements, alertsError };
}

export type Handover = Awaited<ReturnType<typeof buildHandover>>;

const utc = (ms: number | null) => (ms === null ? '—' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`);

export function renderHandoverMarkdown(h: Handover): string {
  return [
    `# On-call handover — ${utc(h.generatedAt)}`,
    '',
    '## Open incidents',
    ...(h.incidents.length ? h.incidents.map((i) => `- **${i.id}** [${i.severity}] ${i.title} — ${i.status}, commander ${i.commander ?? '—'}; next update due ${utc(i.nextUpdateAt)}; engaged: ${i.escalation.engaged.name}${i.escalation.next ? `, next level ${i.escalation.next.name} due ${utc(i.escalation.next.dueAt)}` : ''}`) : ['_(none)_']),
    '',
    '## Approvals waiting',
    ...(h.pending.length ? h.pending.map((r) => `- ${r.title} (${r.section_id}) asked by ${r.requested_by} at ${utc(r.requested_at)}, expires ${utc(r.expires_at)}`) : ['_(none)_']),
    '',
    '## Active acknowledgements',
    ...(h.alertsError ? [`_alerts could not be read: ${h.alertsError}_`] : h.acknowledgements.length ? h.acknowledgements.map((a) => `- ${a.alert} (${a.section ?? 'other'}) by ${a.by} until ${utc(a.until)}: ${a.comment}`) : ['_(none)_']),
    '',
    '## Remediations still being watched',
    ...(h.watched.length ? h.watched.map((r) => `- ${r.title} (${r.section_id}) by ${r.requested_by}: ${r.status === 'executing' ? 'running' : 'waiting for its recovery verdict'}`) : ['_(none)_']),
    '',
  ].join('\n');
}
