// The RTO as a clock (issue 14 point 4): once an incident covers a section with a recovery time objective (a
// disaster recovery under way), the time to restore service counts from the outage's start until it is resolved.
import type { Incident } from './types';

export type RtoClock = {
  section: string;
  minutes: number;
  source: string;
  /** The outage's start (the incident's `started` milestone), else its declaration. */
  from: number;
  deadline: number;
  /** When service was restored (the incident resolved); null while the clock runs. */
  stoppedAt: number | null;
  /** `running`: not restored yet; `met`/`missed`: restored within the objective or after it. */
  state: 'running' | 'met' | 'missed';
};

type WithRto = { id: string; recoveryTimeObjective?: { minutes: number; source: string } };

/** The strictest objective among the incident's sections, as a clock; null when none of them has one. */
export function computeRtoClock(incident: Pick<Incident, 'sections' | 'startedAt' | 'declaredAt' | 'resolvedAt'>, sections: readonly WithRto[]): RtoClock | null {
  const objectives = sections.filter((s) => incident.sections.includes(s.id) && s.recoveryTimeObjective).sort((a, b) => a.recoveryTimeObjective!.minutes - b.recoveryTimeObjective!.minutes);
  const strictest = objectives[0];
  if (!strictest?.recoveryTimeObjective) return null;
  const from = Math.min(incident.startedAt ?? incident.declaredAt, incident.declaredAt);
  const deadline = from + strictest.recoveryTimeObjective.minutes * 60_000;
  const stoppedAt = incident.resolvedAt;
  const state = stoppedAt === null ? 'running' : stoppedAt <= deadline ? 'met' : 'missed';
  return { section: strictest.id, minutes: strictest.recoveryTimeObjective.minutes, source: strictest.recoveryTimeObjective.source, from, deadline, stoppedAt, state };
}
