import type { Rule, Signal } from '@/lib/catalog/schema';
import { parseDurationMs } from '@/lib/env';
import { compare, nameSeries } from './compare';
import { findFiringSince, type HistoryWindow } from './firing-since';
import { compareSeverity, type FiringRule, type SeriesRange, type SeriesValue, type Severity, type SignalStatus } from './types';

/** The history a rule with `for` is judged on; without it such a rule cannot be confirmed and does not fire. */
export type SignalHistory = { series: SeriesRange[]; window: HistoryWindow };

/** The most severe rule that holds for a series' value (and, for `for` rules, has held long enough). */
export function findFiringRule(signal: Signal, series: SeriesValue, history?: SignalHistory): Rule | null {
  const name = nameSeries(series.labels, signal.seriesLabels);
  const holds = (rule: Rule) => {
    if (!compare(series.value, rule.op, rule.threshold)) return false;
    if (!rule.for) return true;
    if (!history) return false;
    const probe: FiringRule = { severity: rule.severity, description: rule.description, op: rule.op, threshold: rule.threshold, value: series.value, series: name };
    const { since } = findFiringSince(signal, probe, history.series, history.window);
    return history.window.now - since >= parseDurationMs(rule.for);
  };
  const firing = signal.rules.filter(holds);
  firing.sort((a, b) => compareSeverity(a.severity, b.severity));
  return firing[0] ?? null;
}

function unknown(signal: Signal, reason: string): SignalStatus {
  return { id: signal.id, name: signal.name, unit: signal.unit, severity: 'unknown', value: null, series: [], firing: null, reason };
}

/**
 * Evaluates a signal's instant result against its rules. NaN cannot be compared, so a NaN series
 * is unknown; ±Inf compares as a number (a latency quantile of +Inf is beyond every bucket: it fires).
 * The worst series decides; a firing series outranks an unreadable one.
 */
export function evaluateSignal(signal: Signal, result: SeriesValue[] | Error, history?: SignalHistory): SignalStatus {
  if (result instanceof Error) return unknown(signal, result.message);
  if (result.length === 0) {
    if (signal.onEmpty === 'ok') {
      return { id: signal.id, name: signal.name, unit: signal.unit, severity: 'ok', value: null, series: [], firing: null, reason: null };
    }
    return unknown(signal, 'no data: the query returned no series');
  }
  const series = result.map((s) => {
    const name = nameSeries(s.labels, signal.seriesLabels);
    if (Number.isNaN(s.value)) return { name, value: s.value, severity: 'unknown' as Severity, rule: null };
    const rule = findFiringRule(signal, s, history);
    return { name, value: s.value, severity: (rule?.severity ?? 'ok') as Severity, rule };
  });
  const worst = [...series].sort((a, b) => compareSeverity(a.severity, b.severity))[0]!;
  const firing: FiringRule | null = worst.rule
    ? { severity: worst.rule.severity, description: worst.rule.description, op: worst.rule.op, threshold: worst.rule.threshold, value: worst.value, series: worst.name }
    : null;
  return {
    id: signal.id,
    name: signal.name,
    unit: signal.unit,
    severity: worst.severity,
    value: Number.isNaN(worst.value) ? null : worst.value,
    series: series.map(({ name, value, severity }) => ({ name, value, severity })),
    firing,
    reason: worst.severity === 'unknown' ? `value is NaN${worst.name ? ` for ${worst.name}` : ''}` : null,
  };
}
