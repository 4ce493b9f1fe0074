import type { Comparison, Unit } from '@/lib/catalog/schema';
import { chooseBooleanWords, formatDuration, formatValue } from '@/lib/format';
import { compare } from './compare';
import type { FiringRule, SignalStatus } from './types';

/**
 * Readings, rules and headlines in people's words: an enumerated gauge says its state ("open", "down"),
 * a rule reads as a sentence ("open for over 10 min", "above 80 %"), and a firing section's headline
 * names what is wrong ("PostgreSQL is down", "pms_connector breaker is open for 12 min"). Pure.
 */

/** What a signal needs to be put in words: its unit, and the catalog's state words and subject when given. */
export type SignalWords = { id: string; name: string; unit: Unit; states?: Record<string, string>; subject?: string };

/** The signal's states by value: the catalog's, or up/down (yes/no) for a boolean; null for a plain number. */
export function listStates(signal: SignalWords): Map<number, string> | null {
  if (signal.states) return new Map(Object.entries(signal.states).map(([value, word]) => [Number(value), word]));
  if (signal.unit === 'boolean') {
    const [whenFalse, whenTrue] = chooseBooleanWords(`${signal.id} ${signal.name}`);
    return new Map([[0, whenFalse], [1, whenTrue]]);
  }
  return null;
}

/** A reading as a person says it: the state word for an enumerated gauge ("open"), else the value in its unit. */
export function formatReading(value: number | null | undefined, signal: SignalWords): string {
  const states = listStates(signal);
  if (states && typeof value === 'number' && states.has(value)) return states.get(value)!;
  return formatValue(value, signal.unit);
}

const comparisonWords: Record<Comparison, string> = { '>': 'above', '>=': 'at or above', '<': 'below', '<=': 'at or below', '==': 'at', '!=': 'not at' };

const durationFactors: Record<string, number> = { s: 1e3, m: 6e4, h: 3.6e6 };

/** "10m" → "10 min", for a rule's `for` (the catalog allows s, m and h; lib/env stays out of the browser). */
function formatFor(duration: string): string {
  const match = /^(\d+)(s|m|h)$/.exec(duration);
  return match ? formatDuration(Number(match[1]) * durationFactors[match[2]!]!) : duration;
}

/**
 * A rule's condition without its subject: the states it matches for an enumerated gauge ("open",
 * "half-open or open", "down"), else the comparison in words ("above 80 %", "below 95 %"); with its
 * `for` ("open for over 10 min").
 */
export function describeCondition(rule: { op: Comparison; threshold: number; for?: string }, signal: SignalWords): string {
  const states = listStates(signal);
  const matching = states ? [...states].filter(([value]) => compare(value, rule.op, rule.threshold)).map(([, word]) => word) : [];
  const condition = matching.length > 0 ? matching.join(' or ') : `${comparisonWords[rule.op]} ${formatReading(rule.threshold, signal)}`;
  return rule.for ? `${condition} for over ${formatFor(rule.for)}` : condition;
}

/** A name's per-series suffix (", per instance") adds nothing once the series is named. */
function stripPerSeries(name: string): string {
  return name.replace(/,\s*(per|worst)\b.*$/i, '').trim();
}

/** Who the headline is about: the catalog's subject with its series filled in, or the signal's name and the series. */
function describeSubject(signal: SignalWords, series: string): string {
  if (signal.subject) {
    if (signal.subject.includes('{series}')) return signal.subject.replaceAll('{series}', series || 'one').trim();
    return series ? `${signal.subject} (${series})` : signal.subject;
  }
  const name = series ? stripPerSeries(signal.name) : signal.name;
  return series ? `${name} (${series})` : name;
}

/**
 * A firing rule as the sentence a tile leads with. An enumerated gauge says its state and, for a rule
 * that fires only after holding (`for`), how long it has been so ("pms_connector breaker is open for
 * 12 min"); a number says its value and the threshold it crossed ("Call success rate 81.2 %, below 95 %").
 */
export function describeFiring(firing: Pick<FiringRule, 'op' | 'threshold' | 'value' | 'series' | 'for'>, signal: SignalWords, firingForMs?: number | null): string {
  const subject = describeSubject(signal, firing.series);
  const states = listStates(signal);
  const held = firing.for && firingForMs != null && firingForMs > 0 ? ` for ${formatDuration(firingForMs)}` : '';
  if (states?.has(firing.value)) return `${subject} is ${states.get(firing.value)}${held}`;
  return `${subject} ${formatReading(firing.value, signal)}, ${describeCondition({ op: firing.op, threshold: firing.threshold }, signal)}${held}`;
}

/** The signal words of a status's signal, by id (a status carries its catalog words). */
export function findSignalWords(signals: readonly SignalStatus[], id: string, fallback: SignalWords): SignalWords {
  return signals.find((s) => s.id === id) ?? fallback;
}
