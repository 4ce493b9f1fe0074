// Per month and severity: how many incidents, and the mean times to detect/declare, mitigate and resolve
// from what every incident records (the list shows them; the incident page has the full milestones).
import type { Incident } from './types';

export type MonthStats = { month: string; severity: string; count: number; meanToDeclareMin: number | null; meanToResolveMin: number | null };

const mean = (values: number[]) => (values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length / 60_000) : null);

export function summarizeByMonth(incidents: Incident[]): MonthStats[] {
  const groups = new Map<string, Incident[]>();
  for (const incident of incidents) {
    const key = `${new Date(incident.declaredAt).toISOString().slice(0, 7)}|${incident.severity}`;
    groups.set(key, [...(groups.get(key) ?? []), incident]);
  }
  return [...groups.entries()]
    .map(([key, group]) => {
      const [month, severity] = key.split('|') as [string, string];
      return {
        month,
        severity,
        count: group.length,
        meanToDeclareMin: mean(group.filter((i) => i.startedAt !== null).map((i) => i.declaredAt - i.startedAt!)),
        meanToResolveMin: mean(group.filter((i) => i.resolvedAt !== null).map((i) => i.resolvedAt! - (i.startedAt ?? i.declaredAt))),
      };
    })
    .sort((a, b) => b.month.localeCompare(a.month) || a.severity.localeCompare(b.severity));
}
