import type { Comparison, SeverityLevel, Unit } from '@/lib/catalog/schema';

/** A section or signal state: a severity level when a rule fires, `ok`, or `unknown` when it cannot be read. */
export type Severity = SeverityLevel | 'ok' | 'unknown';

/** Worst first: a firing rule outranks unknown, and unknown outranks ok (unknown is never green). */
export const severityOrder: readonly Severity[] = ['P0', 'P1', 'P2', 'P3', 'unknown', 'ok'];

export function compareSeverity(a: Severity, b: Severity): number {
  return severityOrder.indexOf(a) - severityOrder.indexOf(b);
}

export function worstSeverity(states: Severity[]): Severity {
  return states.reduce<Severity>((worst, s) => (compareSeverity(s, worst) < 0 ? s : worst), 'ok');
}

export type Labels = Record<string, string>;
export type SeriesValue = { labels: Labels; value: number };
export type SeriesRange = { labels: Labels; points: [number, number][] };

export type FiringRule = {
  severity: SeverityLevel;
  description: string;
  op: Comparison;
  threshold: number;
  value: number;
  /** Which series fired, named by the signal's seriesLabels (e.g. "apaleo"); empty for a single series. */
  series: string;
  /** The rule's `for` (e.g. "10m"), when it fires only after holding that long. */
  for?: string;
  /** The seed's own classification of the rule (e.g. 004: P1 Critical, 5 minutes), when its seed has its own scale. */
  classification?: { seed: string; level: string; name: string; respondWithinMinutes: number };
};

export type SignalStatus = {
  id: string;
  name: string;
  unit: Unit;
  severity: Severity;
  /** The value that decided the severity (the worst series), or null when none could be read. */
  value: number | null;
  series: { name: string; value: number; severity: Severity }[];
  firing: FiringRule | null;
  /** Why the signal is unknown, in words. */
  reason: string | null;
  /** Why an empty answer is ok ("none: nothing matched, and kube-state-metrics is reporting"). */
  note?: string;
  /** The catalog's state words by value and headline subject (lib/catalog/schema.ts), when it gives them. */
  states?: Record<string, string>;
  subject?: string;
};
