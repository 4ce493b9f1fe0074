import type { Rule, Signal } from '@/lib/catalog/schema';
import { parseDurationMs } from '@/lib/env';
import { compare, nameSeries } from './compare';
import { findFiringSince, type HistoryWindow } from './firing-since';
import { compareSeverity, type FiringRule, type SeriesRange, type SeriesValue, type Severity, type SignalStatus } from './types';

/** What an empty answer means, found out from Prometheus (lib/server/no-data.ts). */
export type EmptyAnswer = { severity: 'ok' | 'unknown'; message: string };

/** The history a rule with `for` is judged on. */
export type SignalHistory = { series: SeriesRange[]; window: HistoryWindow };

const toFiringRule = (rule: Rule, value: number, series: string): FiringRule => ({
  severity: rule.severity, description: rule.description, op: rule.op, threshold: rule.threshold, value, series, ...(rule.for ? { for: rule.for } : {}),
  ...(rule.classification && rule.seed ? { classification: { seed: rule.seed, ...rule.classification } } : {}),
});

/** The catalog's words for a signal's readings, carried with every status so each screen says the same. */
const wordsOf = (signal: Signal) => ({ ...(signal.states ? { states: signal.states } : {}), ...(signal.subject ? { subject: signal.subject } : {}) });

/**
 * The most severe rule that holds for a series' value (for `for` rules: has held long enough), and a
 * `for` rule whose condition holds now but cannot be judged because the history could not be read.
 */
export function findFiringRule(signal: Signal, series: SeriesValue, history?: SignalHistory): { rule: Rule | null; unjudged: Rule | null } {
  const name = nameSeries(series.labels, signal.seriesLabels);
  let unjudged: Rule | null = null;
  const holds = (rule: Rule) => {
    if (!compare(series.value, rule.op, rule.threshold)) return false;
    if (!rule.for) return true;
    if (!history) {
      unjudged = rule;
      return false;
    }
    const { since } = findFiringSince(signal, toFiringRule(rule, series.value, name), history.series, history.window);
    return history.window.now - since >= parseDurationMs(rule.for);
  };
  const firing = signal.rules.filter(holds).sort((a, b) => compareSeverity(a.severity, b.severity));
  return { rule: firing[0] ?? null, unjudged };
}

function unknown(signal: Signal, reason: string): SignalStatus {
  return { id: signal.id, name: signal.name, unit: signal.unit, ...wordsOf(signal), severity: 'unknown', value: null, series: [], firing: null, reason };
}

/**
 * Evaluates a signal's instant result against its rules. NaN cannot be compared, so a NaN series
 * is unknown; ±Inf compares as a number (a latency quantile of +Inf is beyond every bucket: it fires).
 * The worst series decides; a firing series outranks an unreadable one.
 */
export function evaluateSignal(signal: Signal, result: SeriesValue[] | Error, history?: SignalHistory, noData?: EmptyAnswer): SignalStatus {
  if (result instanceof Error) return unknown(signal, result.message);
  if (result.length === 0) {
    // Only an explanation read from Prometheus can make an empty answer ok: the exporter must prove it is alive.
    if (!noData) return unknown(signal, 'no data: the query returned no series');
    if (noData.severity === 'unknown') return unknown(signal, noData.message);
    return { id: signal.id, name: signal.name, unit: signal.unit, ...wordsOf(signal), severity: 'ok', value: null, series: [], firing: null, reason: null, note: noData.message };
  }
  const series = result.map((s) => {
    const name = nameSeries(s.labels, signal.seriesLabels);
    if (Number.isNaN(s.value)) return { name, value: s.value, severity: 'unknown' as Severity, rule: null, why: `value is NaN${name ? ` for ${name}` : ''}` };
    const { rule, unjudged } = findFiringRule(signal, s, history);
    // A condition that holds but whose duration cannot be checked is not ok: it is unknown.
    if (!rule && unjudged) return { name, value: s.value, severity: 'unknown' as Severity, rule, why: `cannot tell whether "${unjudged.description}" has held for ${unjudged.for}: its history could not be read` };
    return { name, value: s.value, severity: (rule?.severity ?? 'ok') as Severity, rule, why: null };
  });
  const worst = [...series].sort((a, b) => compareSeverity(a.severity, b.severity))[0]!;
  const firing = worst.rule ? toFiringRule(worst.rule, worst.value, worst.name) : null;
  return {
    id: signal.id,
    name: signal.name,
    unit: signal.unit,
    ...wordsOf(signal),
    severity: worst.severity,
    value: Number.isNaN(worst.value) ? null : worst.value,
    series: series.map(({ name, value, severity }) => ({ name, value, severity })),
    firing,
    reason: worst.severity === 'unknown' ? worst.why : null,
  };
}
