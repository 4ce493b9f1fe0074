import 'server-only';
import type { Kysely } from 'kysely';
import type { ConsoleAlert } from '@/lib/alerts/types';
import { parseDetail } from '@/lib/audit/query';
import { showNumber } from '@/lib/incidents/show-number';
import type { Incident, TimelineCategory, TimelineEvent } from '@/lib/incidents/types';
import type { Transition } from '@/lib/incidents/milestones';
import type { Database } from '@/lib/server/store/schema';

const categoryOfKind: Record<string, TimelineCategory> = { declared: 'status', status: 'status', role: 'role', severity: 'severity', note: 'note', link: 'other', communication: 'communication', delivery: 'communication', escalation: 'escalation', milestone: 'other', postmortem: 'other' };

/** The window the timeline reads: from an hour before the start (the breach that led to it) to the close. */
export function timelineWindow(incident: Incident, now: number): { from: number; to: number } {
  return { from: (incident.startedAt ?? incident.declaredAt) - 3_600_000, to: incident.closedAt ?? now };
}

function describeAudit(action: string, target: string | null, outcome: string, detail: Record<string, unknown>): string {
  const verdict = action === 'action.verdict' ? ` — verdict: ${String(detail.verdict)}` : '';
  const why = typeof detail.why === 'string' ? ` (${detail.why})` : typeof detail.error === 'string' ? ` (${detail.error})` : '';
  const comment = typeof detail.comment === 'string' && detail.comment ? `: ${detail.comment}` : '';
  return `${action} ${target ?? ''} → ${outcome}${verdict}${why}${comment}`.replace(/\s+/g, ' ').trim();
}

export async function readTransitions(db: Kysely<Database>, sections: string[], window: { from: number; to: number }): Promise<Transition[]> {
  if (sections.length === 0) return [];
  const rows = await db.selectFrom('section_transitions').selectAll().where('section_id', 'in', sections).where('at', '>=', window.from).where('at', '<=', window.to).orderBy('at').execute();
  return rows.map((r) => ({ section: r.section_id, at: r.at, from: r.from_severity, to: r.to_severity, id: r.id, evidence: r.evidence })) as (Transition & { id: string; evidence: string })[];
}

/**
 * The timeline, merged from what people added (incident events), what the recorder saw (severity transitions of
 * the linked sections), what the audit log holds for those sections (every remediation step, acknowledgements)
 * and the alerts firing now. Oldest first.
 */
export async function buildTimeline(db: Kysely<Database>, incident: Incident, now: number, alerts: ConsoleAlert[] = []): Promise<TimelineEvent[]> {
  const window = timelineWindow(incident, now);
  const stars = new Set((await db.selectFrom('incident_stars').select('event_key').where('incident_id', '=', incident.id).execute()).map((s) => s.event_key));
  const events: Omit<TimelineEvent, 'starred'>[] = [];

  for (const e of await db.selectFrom('incident_events').selectAll().where('incident_id', '=', incident.id).orderBy('at').execute()) {
    events.push({ key: `event:${e.id}`, at: e.at, category: categoryOfKind[e.kind] ?? 'other', source: 'incident', actor: e.actor, text: e.text });
  }
  for (const t of (await readTransitions(db, incident.sections, window)) as (Transition & { id: string; evidence: string })[]) {
    const evidence = parseDetail(t.evidence);
    const basis = typeof evidence.rule === 'string' ? `: ${evidence.rule} (value ${showNumber(evidence.value)}, threshold ${showNumber(evidence.threshold)})` : typeof evidence.error === 'string' ? `: ${evidence.error}` : '';
    events.push({ key: `transition:${t.id}`, at: t.at, category: 'severity', source: 'recorder', actor: 'system', text: `${t.section} ${t.from ?? 'first reading'} → ${t.to}${basis}` });
  }
  if (incident.sections.length > 0) {
    const audit = await db.selectFrom('audit_log').selectAll().where('section', 'in', incident.sections).where('at', '>=', window.from).where('at', '<=', window.to)
      .where((eb) => eb.or([eb('action', 'like', 'action.%'), eb('action', 'like', 'alert.%')])).orderBy('seq').limit(1000).execute();
    for (const r of audit) {
      events.push({ key: `audit:${r.seq}`, at: r.at, category: r.action.startsWith('alert.') ? 'alert' : 'remediation', source: 'audit', actor: r.actor, text: describeAudit(r.action, r.target, r.outcome, parseDetail(r.detail)) });
    }
  }
  for (const a of alerts.filter((alert) => alert.sectionId !== null && incident.sections.includes(alert.sectionId))) {
    events.push({ key: `alert:${a.fingerprint}:${a.startsAt}`, at: a.startsAt, category: 'alert', source: 'alertmanager', actor: 'alertmanager', text: `Alert ${a.name} firing${a.severity ? ` (${a.severity})` : ''}${a.summary ? `: ${a.summary}` : ''}${a.ack ? ` — acknowledged by ${a.ack.by} until ${new Date(a.ack.until).toISOString()}` : ''}` });
  }
  return events.sort((a, b) => a.at - b.at).map((e) => ({ ...e, starred: stars.has(e.key) }));
}
