// The milestones of an incident, computed from evidence (never typed), each with its source; a person's
// correction replaces the computed time and says so. Pure: the evidence is read by the caller.
import type { Incident, MilestoneId } from './types';

export type Transition = { section: string; at: number; from: string | null; to: string };
export type RunVerdict = { section: string; runId: string; title: string; state: string; at: number };
export type Milestone = { id: MilestoneId; at: number | null; source: string; corrected: { reason: string; by: string; computedAt: number | null } | null };

export type MilestoneEvidence = {
  incident: Incident;
  /** Severity transitions of the linked sections, oldest first. */
  transitions: Transition[];
  /** Recovery verdicts of remediations on the linked sections. */
  verdicts: RunVerdict[];
  /** When the first commander was assigned (the incident was taken on), from the timeline. */
  firstCommanderAt: number | null;
  /** How long every linked section must stay ok for the incident to count as resolved. */
  resolvedHoldMs: number;
  now: number;
};

const isBad = (severity: string) => /^P[0-3]$/.test(severity);

/** When every linked section has been ok for the hold time: the moment the last one came back, if it held. */
function findResolved(e: MilestoneEvidence): { at: number; source: string } | null {
  const since: number[] = [];
  for (const section of e.incident.sections) {
    const own = e.transitions.filter((t) => t.section === section && t.at >= (e.incident.startedAt ?? e.incident.declaredAt) - 3_600_000);
    const last = own.at(-1);
    if (!last || last.to !== 'ok') return null;
    since.push(last.at);
  }
  if (since.length === 0) return null;
  const at = Math.max(...since);
  return e.now - at >= e.resolvedHoldMs ? { at, source: `the linked sections stayed ok for ${Math.round(e.resolvedHoldMs / 60_000)} min (recorder)` } : null;
}

/**
 * When the episode the incident was declared for began: the last moment before the declaration at which every
 * linked section was ok again (an earlier breach that had already recovered is another episode), else the window's start.
 */
function findEpisodeStart(linked: readonly Transition[], sections: readonly string[], declaredAt: number, windowStart: number): number {
  const current = new Map<string, string>();
  let allOkAt = windowStart;
  for (const t of linked) {
    if (t.at > declaredAt) break;
    current.set(t.section, t.to);
    if (t.at >= windowStart && t.to === 'ok' && sections.every((s) => (current.get(s) ?? 'ok') === 'ok')) allOkAt = t.at;
  }
  return allOkAt;
}

export function computeMilestones(e: MilestoneEvidence): Milestone[] {
  const { incident } = e;
  const linked = e.transitions.filter((t) => incident.sections.includes(t.section));
  const windowStart = findEpisodeStart(linked, incident.sections, incident.declaredAt, (incident.startedAt ?? incident.declaredAt) - 3_600_000);
  const firstBad = linked.find((t) => t.at >= windowStart && isBad(t.to));
  const alertStart = incident.alerts.map((a) => a.startsAt).filter((x): x is number => x !== null).sort((a, b) => a - b)[0];
  // A remediation that recovered an earlier episode did not mitigate this one.
  const breach = Math.min(incident.startedAt ?? Infinity, firstBad?.at ?? Infinity);
  const recovered = e.verdicts.filter((v) => v.state === 'recovered' && v.at >= (Number.isFinite(breach) ? Math.max(windowStart, breach) : windowStart)).sort((a, b) => a.at - b.at)[0];
  const backOk = linked.find((t) => t.at > (firstBad?.at ?? incident.declaredAt) && t.to === 'ok');
  const resolved = findResolved(e);
  const computed: Record<MilestoneId, { at: number | null; source: string }> = {
    // The earlier of the two: Prometheus's history (read when declared) and the recorder's first bad reading.
    started: incident.startedAt !== null && !(firstBad && firstBad.at < incident.startedAt)
      ? { at: incident.startedAt, source: incident.startedEvidence?.source ?? 'first threshold breach read back from Prometheus' }
      : firstBad ? { at: firstBad.at, source: `${firstBad.section} went ${firstBad.to} (recorder)` } : { at: null, source: 'no breach found' },
    detected: alertStart !== undefined
      ? { at: alertStart, source: 'the linked alert became active (Alertmanager)' }
      : firstBad ? { at: firstBad.at, source: `the console saw ${firstBad.section} at ${firstBad.to} (recorder)` } : { at: null, source: 'no alert or transition recorded' },
    declared: { at: incident.declaredAt, source: `declared by ${incident.declaredBy}` },
    acknowledged: e.firstCommanderAt !== null ? { at: e.firstCommanderAt, source: 'a commander took the incident on' } : { at: null, source: 'no commander yet' },
    mitigated: recovered
      ? { at: recovered.at, source: `recovery verdict of "${recovered.title}" (${recovered.runId.slice(0, 8)})` }
      : backOk ? { at: backOk.at, source: `${backOk.section} back to ok (recorder)` } : { at: null, source: 'not yet' },
    resolved: resolved ?? (incident.resolvedAt !== null ? { at: incident.resolvedAt, source: 'marked resolved' } : { at: null, source: 'not yet' }),
    closed: incident.closedAt !== null ? { at: incident.closedAt, source: 'closed' } : { at: null, source: 'not yet' },
  };
  return (Object.keys(computed) as MilestoneId[]).map((id) => {
    const correction = incident.milestoneCorrections[id];
    if (!correction) return { id, ...computed[id], corrected: null };
    return { id, at: correction.at, source: `corrected by ${correction.by}: ${correction.reason}`, corrected: { reason: correction.reason, by: correction.by, computedAt: computed[id].at } };
  });
}

export type Durations = { detect: number | null; acknowledge: number | null; mitigate: number | null; resolve: number | null };

/** Time to detect (from start), acknowledge (from detection), mitigate and resolve (from start). */
export function computeDurations(milestones: Milestone[]): Durations {
  const at = (id: MilestoneId) => milestones.find((m) => m.id === id)?.at ?? null;
  const span = (from: number | null, to: number | null) => (from !== null && to !== null ? Math.max(0, to - from) : null);
  return { detect: span(at('started'), at('detected')), acknowledge: span(at('detected') ?? at('declared'), at('acknowledged')), mitigate: span(at('started'), at('mitigated')), resolve: span(at('started'), at('resolved')) };
}
