import type { Severity } from '@/lib/severity/types';
import type { ConsoleAlert } from './types';

/** The catalog's rules label alerts P0..P3; an alert from elsewhere may say anything, which is shown as unknown. */
export function readAlertSeverity(alert: Pick<ConsoleAlert, 'severity'>): Severity {
  return alert.severity === 'P0' || alert.severity === 'P1' || alert.severity === 'P2' || alert.severity === 'P3' ? alert.severity : 'unknown';
}

const STEPS_MINUTES = [15, 30, 60, 120, 240, 480, 720, 1440, 2880, 10_080];

/** The durations an acknowledgement may be given: common steps up to the maximum, with the default among them. */
export function listAckDurations(defaultMs: number, maxMs: number): { minutes: number; isDefault: boolean }[] {
  const maxMinutes = Math.floor(maxMs / 60_000);
  const defaultMinutes = Math.min(Math.round(defaultMs / 60_000), maxMinutes);
  const minutes = [...new Set([...STEPS_MINUTES.filter((m) => m <= maxMinutes), defaultMinutes, maxMinutes])].filter((m) => m >= 5).sort((a, b) => a - b);
  return minutes.map((m) => ({ minutes: m, isDefault: m === defaultMinutes }));
}

/** "1 h", "30 min", "2 d" for a choice in minutes. */
export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** The alerts a section shows, firing before acknowledged, worst first (the list is sorted so already). */
export function selectSectionAlerts(alerts: readonly ConsoleAlert[], sectionId: string): ConsoleAlert[] {
  return alerts.filter((a) => a.sectionId === sectionId);
}

/** What a wall tile shows of a section's alerts: how many, and who is on it once every one is acknowledged. */
export type SectionAlertSummary = { count: number; acknowledgedBy: string | null; acknowledgedAt: number | null };

/** Pending alerts (waiting for their `for:`) page nobody yet and are not counted. */
export function summarizeAlertsBySection(alerts: readonly ConsoleAlert[]): Record<string, SectionAlertSummary> {
  const bySection = new Map<string, ConsoleAlert[]>();
  for (const alert of alerts) {
    if (alert.sectionId && alert.state !== 'pending') bySection.set(alert.sectionId, [...(bySection.get(alert.sectionId) ?? []), alert]);
  }
  return Object.fromEntries(
    [...bySection].map(([id, list]) => {
      // "Acknowledged" only when none is left open: one unanswered page is still a page. The latest acknowledgement speaks.
      const acks = list.map((a) => a.ack);
      const latest = acks.every((ack) => ack !== null) ? acks.reduce((a, b) => (b.at > a.at ? b : a)) : null;
      return [id, { count: list.length, acknowledgedBy: latest?.by ?? null, acknowledgedAt: latest?.at ?? null }];
    }),
  );
}

/**
 * An alert's Alertmanager state in the console's words: "firing, not acknowledged", "acknowledged by
 * olivia", "silenced by a maintenance window" (a wider silence made in Alertmanager), "held back by a more
 * urgent alert" (inhibited), "pending: waiting for its rule's duration". Never Alertmanager's "suppressed".
 */
export function describeAlertState(alert: Pick<ConsoleAlert, 'state' | 'ack'>): { word: string; detail: string | null } {
  if (alert.state === 'pending') return { word: 'pending', detail: 'waiting for its rule to hold long enough; nobody is paged yet' };
  if (alert.ack?.endable) return { word: `acknowledged by ${alert.ack.by}`, detail: null };
  if (alert.ack) return { word: 'silenced by a maintenance window', detail: `a silence made in Alertmanager by ${alert.ack.by}${alert.ack.comment ? `: “${alert.ack.comment}”` : ''}` };
  if (alert.state === 'suppressed') return { word: 'held back by a more urgent alert', detail: 'inhibited in Alertmanager: the alert it depends on is paging instead' };
  return { word: 'firing, not acknowledged', detail: null };
}
