import 'server-only';
import type { ConsoleAlert } from '@/lib/alerts/types';
import { isOpen } from '@/lib/incidents/lifecycle';
import { describeEscalation, nextUpdateDue } from '@/lib/incidents/escalation';
import { computeDurations, computeMilestones, type RunVerdict } from '@/lib/incidents/milestones';
import { computeRtoClock } from '@/lib/incidents/rto';
import { showNumber } from '@/lib/incidents/show-number';
import type { Incident, SeverityLevel } from '@/lib/incidents/types';
import { listConsoleAlerts } from '@/lib/server/alerts-service';
import { getCatalog } from '@/lib/server/catalog';
import { evaluateSection } from '@/lib/server/section-status-service';
import type { Store } from '@/lib/server/store/open-store';
import type { SectionStatus } from '@/lib/severity/section-status';
import { getIncidentConfig } from './config';
import { buildTimeline, readTransitions, timelineWindow } from './timeline';

export type IncidentRunSummary = { id: string; section: string; title: string; status: string; requestedBy: string; requestedAt: number; verdict: string | null; verdictAt: number | null };
export type SectionReading = { id: string; title: string; severity: string; basis: string; evaluatedAt: number };

/** The linked sections as they read now (the shared, cached evaluation the pages use). */
export async function readLinkedSections(sections: string[], now = Date.now()): Promise<SectionReading[]> {
  const { byId } = getCatalog();
  const statuses = await Promise.all(sections.map((id) => byId.get(id)).filter((s) => s !== undefined).map((s) => evaluateSection(s, now)));
  return statuses.map((s: SectionStatus) => ({ id: s.id, title: s.title, severity: s.severity, evaluatedAt: s.evaluatedAt, basis: s.firing ? `${s.firing.signalName} ${showNumber(s.firing.value)} ${s.firing.op} ${showNumber(s.firing.threshold)} (${s.firing.description})` : s.error ?? `${s.key.name} ${s.key.value === null ? 'unknown' : showNumber(s.key.value)}` }));
}

const rank = (severity: string) => ['P0', 'P1', 'P2', 'P3'].indexOf(severity);

/** The change the linked sections suggest (worse or better than the incident's severity), unless it was dismissed. */
export function proposeSeverity(incident: Incident, sections: SectionReading[]): { to: SeverityLevel; basis: string } | null {
  if (!isOpen(incident.status)) return null;
  const firing = sections.filter((s) => rank(s.severity) >= 0).sort((a, b) => rank(a.severity) - rank(b.severity));
  const worst = firing[0];
  if (!worst || worst.severity === incident.severity) return null;
  const proposal = { to: worst.severity as SeverityLevel, basis: `${worst.id}: ${worst.basis}` };
  return incident.dismissedProposal?.to === proposal.to ? null : proposal;
}

export async function readRuns(store: Store, incident: Incident, now: number): Promise<IncidentRunSummary[]> {
  if (incident.sections.length === 0) return [];
  const window = timelineWindow(incident, now);
  const rows = await store.db.selectFrom('action_runs').selectAll().where('section_id', 'in', incident.sections).where('requested_at', '>=', window.from).where('requested_at', '<=', window.to).orderBy('requested_at').execute();
  return rows.map((r) => {
    const verdict = r.verdict ? (JSON.parse(r.verdict) as { state: string; at: number }) : null;
    return { id: r.id, section: r.section_id, title: r.title, status: r.status, requestedBy: r.requested_by, requestedAt: r.requested_at, verdict: verdict?.state ?? null, verdictAt: verdict?.at ?? null };
  });
}

async function readAlerts(): Promise<ConsoleAlert[]> {
  try {
    return (await listConsoleAlerts(false)).alerts ?? [];
  } catch {
    // Alerts unavailable: the timeline shows the rest; the page shows the alerts card's own error.
    return [];
  }
}

/** Everything the incident page shows, computed from the store and live reads. */
export async function getIncidentView(store: Store, incident: Incident, now = Date.now()) {
  const config = getIncidentConfig();
  const window = timelineWindow(incident, now);
  const [sections, alerts, runs, transitions, commanderEvent] = await Promise.all([
    readLinkedSections(incident.sections, now).catch(() => [] as SectionReading[]),
    readAlerts(),
    readRuns(store, incident, now),
    readTransitions(store.db, incident.sections, { from: window.from, to: now }),
    store.db.selectFrom('incident_events').select('at').where('incident_id', '=', incident.id).where('kind', '=', 'role').where('data', 'like', '%"role":"commander"%').orderBy('at').limit(1).executeTakeFirst(),
  ]);
  const verdicts: RunVerdict[] = runs.filter((r) => r.verdict && r.verdictAt).map((r) => ({ section: r.section, runId: r.id, title: r.title, state: r.verdict!, at: r.verdictAt! }));
  const milestones = computeMilestones({ incident, transitions, verdicts, firstCommanderAt: commanderEvent?.at ?? null, resolvedHoldMs: config.resolvedHoldMinutes * 60_000, now });
  return {
    incident,
    sections,
    runs,
    milestones,
    durations: computeDurations(milestones),
    escalation: describeEscalation(incident, config.escalation, now),
    nextUpdateAt: isOpen(incident.status) ? nextUpdateDue(incident, config.updateCadenceMinutes) : null,
    proposal: proposeSeverity(incident, sections),
    timeline: await buildTimeline(store.db, incident, now, alerts),
    audiences: Object.entries(config.audiences).map(([id, a]) => ({ id, title: a.title })),
    checklist: config.checklist,
    rto: computeRtoClock(incident, getCatalog().sections),
    now,
  };
}

export type IncidentView = Awaited<ReturnType<typeof getIncidentView>>;
