// A routine item's live answer (issue 19), read from the section's own evaluation (the same queries, the same
// adapters, the same last-good/stale handling): green when every series is within the item's thresholds, red
// when one is outside, unknown whenever the reading cannot be trusted now (upstream down, stale, no data).
// Never green on a reading the section itself does not stand behind.
import type { Unit } from '@/lib/catalog/schema';
import type { SectionStatus } from '@/lib/severity/section-status';
import { judgeLiveValue, type RoutineItem } from './config';

export type AnswerState = 'green' | 'red' | 'unknown';

export type LiveAnswer = {
  section: string;
  signal: string;
  signalName: string | null;
  state: AnswerState;
  /** The series that decided (the one furthest outside, else the one nearest its threshold), or null. */
  value: number | null;
  series: string;
  unit: Unit | null;
  thresholds: { max?: number; min?: number };
  /** Why it is unknown, or what an empty answer means ("none: nothing matched …"). */
  reason: string | null;
  /** When the section's data was read (epoch ms), null when nothing was read. */
  readAt: number | null;
  /** The range the signal was read over when the item names one (24h), else null: the section's own window (absent in completions kept before items had windows). */
  window?: string | null;
};

/** What an answer needs of a section's evaluation: its signals and whether they can be trusted now. */
export type AnsweringStatus = Pick<SectionStatus, 'signals' | 'stale' | 'error' | 'evaluatedAt'>;

type Live = NonNullable<RoutineItem['live']>;

const thresholdsOf = (live: Live) => ({ ...(live.max !== undefined ? { max: live.max } : {}), ...(live.min !== undefined ? { min: live.min } : {}) });

/** How far a value is past (positive) or inside (negative) the item's thresholds, to pick the series that decides. */
function distanceOutside(live: Live, value: number): number {
  const over = live.max !== undefined ? value - live.max : -Infinity;
  const under = live.min !== undefined ? live.min - value : -Infinity;
  return Math.max(over, under);
}

export function answerItem(live: Live, status: AnsweringStatus | Error): LiveAnswer {
  const base = { section: live.section, signal: live.signal, thresholds: thresholdsOf(live), window: live.window ?? null };
  const unknown = (reason: string, extra: Partial<LiveAnswer> = {}): LiveAnswer => ({ ...base, signalName: null, state: 'unknown', value: null, series: '', unit: null, reason, readAt: null, ...extra });
  if (status instanceof Error) return unknown(`the section could not be evaluated: ${status.message}`);
  const signal = status.signals.find((s) => s.id === live.signal);
  const named = { signalName: signal?.name ?? null, unit: signal?.unit ?? null };
  // A reading kept from before the upstream failed is history, not an answer for today's checklist.
  if (status.stale) return unknown(`the upstream fails (${status.stale.error}); the last good reading is from ${new Date(status.evaluatedAt).toISOString()}`, named);
  if (status.error && (!signal || signal.severity === 'unknown')) return unknown(`the upstream fails: ${status.error}`, named);
  if (!signal) return unknown(`section ${live.section} has no reading for ${live.signal}`);
  if (signal.series.length === 0) {
    // An empty answer the section explained as "nothing happened" (its exporter is reporting) is within thresholds.
    if (signal.severity === 'ok' && signal.note) return { ...base, ...named, state: 'green', value: null, series: '', reason: signal.note, readAt: status.evaluatedAt };
    return unknown(signal.reason ?? 'no data', { ...named, readAt: status.evaluatedAt });
  }
  const judged = signal.series.map((s) => ({ ...s, state: judgeLiveValue(live, s.value) }));
  const readable = judged.filter((s) => s.state !== 'unknown');
  const decides = [...readable].sort((a, b) => distanceOutside(live, b.value) - distanceOutside(live, a.value))[0];
  const state: AnswerState = judged.some((s) => s.state === 'red') ? 'red' : judged.some((s) => s.state === 'unknown') ? 'unknown' : 'green';
  return {
    ...base,
    ...named,
    state,
    value: decides?.value ?? null,
    series: decides?.name ?? '',
    reason: state === 'unknown' ? (signal.reason ?? 'a series has no usable value') : null,
    readAt: status.evaluatedAt,
  };
}
