// Who is engaged, the next escalation level and when it falls due, and when the next update is due:
// pure functions of the incident, the configuration and the time (tested with a fixed clock).
import type { IncidentConfig } from './config';
import type { Incident } from './types';

export type EscalationState = {
  engaged: { id: string; name: string };
  next: { level: number; id: string; name: string; dueAt: number | null; overdue: boolean } | null;
};

export function describeEscalation(incident: Pick<Incident, 'escalationLevel' | 'severity' | 'declaredAt'>, levels: IncidentConfig['escalation'], now: number): EscalationState {
  const engagedLevel = levels[Math.min(incident.escalationLevel, levels.length - 1)]!;
  const nextIndex = incident.escalationLevel + 1;
  const nextLevel = levels[nextIndex];
  if (!nextLevel) return { engaged: { id: engagedLevel.id, name: engagedLevel.name }, next: null };
  const after = nextLevel.afterMinutes[incident.severity];
  const dueAt = after === undefined ? null : incident.declaredAt + after * 60_000;
  return { engaged: { id: engagedLevel.id, name: engagedLevel.name }, next: { level: nextIndex, id: nextLevel.id, name: nextLevel.name, dueAt, overdue: dueAt !== null && now >= dueAt } };
}

/** The next stakeholder update: the cadence of the severity after the last one sent (or the declaration). */
export function nextUpdateDue(incident: Pick<Incident, 'severity' | 'declaredAt' | 'lastUpdateAt'>, cadence: IncidentConfig['updateCadenceMinutes']): number {
  return (incident.lastUpdateAt ?? incident.declaredAt) + cadence[incident.severity] * 60_000;
}
