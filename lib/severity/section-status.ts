import type { Section, SeverityLevel } from '@/lib/catalog/schema';
import type { SectionMaintenance } from '@/lib/maintenance/types';
import type { SeverityTable } from '@/lib/catalog/load';
import { nameSeries } from './compare';
import { downsample, findFiringSince } from './firing-since';
import { respondWithinMinutes } from './respond-within';
import { compareSeverity, worstSeverity, type FiringRule, type SeriesRange, type Severity, type SignalStatus } from './types';

export type SectionStatus = {
  id: string;
  title: string;
  severity: Severity;
  signals: SignalStatus[];
  /** The tile's key value: the section's key signal. */
  key: { signalId: string; name: string; unit: SignalStatus['unit']; value: number | null; series: string };
  sparkline: [number, number][];
  /** The rule that set the severity, with the value and threshold it was compared against. */
  firing: (FiringRule & { signalId: string; signalName: string }) | null;
  firingSince: number | null;
  firingSinceBound: 'exact' | 'at-least' | null;
  /** firingSince + the severity table's response time (epoch ms). */
  respondBy: number | null;
  /** When the data shown was read from Prometheus (epoch ms). */
  evaluatedAt: number;
  /** Set when the data shown is the last good reading because the upstream now fails. */
  stale: { since: number; error: string } | null;
  /** Set when the upstream failed and there is no recent good reading to show. */
  error: string | null;
  /** Issue 19: the active maintenance window covering the section (its Alertmanager silence is active); set on the overview answer. */
  maintenance?: SectionMaintenance | null;
};

export type SectionInputs = {
  section: Section;
  signals: SignalStatus[];
  /** History per signal id (range query), or an Error when it could not be read. */
  history: Record<string, SeriesRange[] | Error>;
  severityTable: SeverityTable;
  window: { start: number; stepMs: number; now: number };
};

/** Combines evaluated signals and their history into what a tile and a section page show. */
export function buildSectionStatus({ section, signals, history, severityTable, window }: SectionInputs): SectionStatus {
  const severity = worstSeverity(signals.map((s) => s.severity));
  const firingSignal = [...signals].filter((s) => s.firing).sort((a, b) => compareSeverity(a.severity, b.severity))[0];
  const firing = firingSignal?.firing ? { ...firingSignal.firing, signalId: firingSignal.id, signalName: firingSignal.name } : null;

  let firingSince: ReturnType<typeof findFiringSince> | null = null;
  if (firingSignal?.firing) {
    const signal = section.signals.find((s) => s.id === firingSignal.id)!;
    const range = history[firingSignal.id];
    firingSince = findFiringSince(signal, firingSignal.firing, range instanceof Error || !range ? [] : range, window);
  }

  const keySignal = section.signals.find((s) => s.id === section.keySignal)!;
  const keyStatus = signals.find((s) => s.id === section.keySignal);
  const keySeries = keyStatus?.firing?.series ?? keyStatus?.series[0]?.name ?? '';
  const keyHistory = history[section.keySignal];
  const keyRange = keyHistory instanceof Error || !keyHistory ? undefined : keyHistory.find((s) => nameSeries(s.labels, keySignal.seriesLabels) === keySeries) ?? keyHistory[0];

  // A seed stricter than the configured level (e.g. 004's 5 minutes for "service down") sets the deadline.
  const respondWithin = (level: SeverityLevel, rule: FiringRule) => respondWithinMinutes(severityTable, level, rule) * 60_000;
  return {
    id: section.id,
    title: section.title,
    severity,
    signals,
    key: { signalId: keySignal.id, name: keySignal.name, unit: keySignal.unit, value: keyStatus?.value ?? null, series: keySeries },
    sparkline: downsample(keyRange?.points ?? [], 60),
    firing,
    firingSince: firingSince?.since ?? null,
    firingSinceBound: firingSince?.bound ?? null,
    respondBy: firing && firingSince ? firingSince.since + respondWithin(firing.severity, firing) : null,
    evaluatedAt: window.now,
    stale: null,
    error: null,
  };
}
