// Figures shown beside a routine item (issue 19): "5xx responses in the last 24 h", "call volume", "API p95
// against this time yesterday". Read from a catalog signal's or panel's own query by the server; never judged
// green or red (the item's live answer is), and never a number the upstream did not give: a failed read says why.
import type { Unit } from '@/lib/catalog/schema';
import { parseDurationMs } from '@/lib/env';
import { nameSeries } from '@/lib/severity/compare';
import type { SeriesValue } from '@/lib/severity/types';
import type { FigureSpec } from './config';

export type FigureSeries = { name: string; value: number; /** The same series at this time yesterday; null when it had none. */ yesterday: number | null };

export type Figure = {
  label: string;
  section: string;
  unit: Unit;
  window: string | null;
  compare: 'yesterday' | null;
  /** `read`: the values below are Prometheus's; `unknown`: the read failed (reason says why). */
  state: 'read' | 'unknown';
  reason: string | null;
  /** With `total`: the window's count (the rate summed over every series, times the window's length). */
  total: number | null;
  series: FigureSeries[];
  /** Why yesterday's values are missing when the comparison was asked for and could not be read. */
  yesterdayReason: string | null;
  readAt: number | null;
};

/** What a figure needs of the catalog query it reads. */
export type FigureSource = { unit: Unit; seriesLabels: string[] };

export function buildFigure(spec: FigureSpec, source: FigureSource, now: SeriesValue[] | Error, yesterday: SeriesValue[] | Error | null, readAt: number): Figure {
  const base = { label: spec.label, section: spec.section, window: spec.window ?? null, compare: spec.compare ?? null, yesterdayReason: null };
  if (now instanceof Error) return { ...base, unit: source.unit, state: 'unknown', reason: now.message, total: null, series: [], readAt: null };
  const usable = now.filter((s) => Number.isFinite(s.value));
  if (spec.total) {
    if (source.unit !== 'per-second') return { ...base, unit: 'count', state: 'unknown', reason: `a count needs a per-second reading; ${spec.section}'s query reads ${source.unit}`, total: null, series: [], readAt };
    // No series at all is not a count of 0: the metric may not be exported. Say so rather than print 0.
    if (usable.length === 0) return { ...base, unit: 'count', state: 'unknown', reason: `no series over ${spec.window}: nothing recorded, or the metric is not exported`, total: null, series: [], readAt };
    const seconds = parseDurationMs(spec.window!) / 1000;
    // Largest first, and only the series that counted something: the total is what a person reads first.
    const series = usable.map((s) => ({ name: nameSeries(s.labels, source.seriesLabels), value: Math.round(s.value * seconds), yesterday: null })).filter((s) => s.value > 0).sort((a, b) => b.value - a.value);
    return { ...base, unit: 'count', state: 'read', reason: null, total: series.reduce((n, s) => n + s.value, 0), series, readAt };
  }
  if (usable.length === 0) return { ...base, unit: source.unit, state: 'unknown', reason: 'no data: the query returned no series', total: null, series: [], readAt };
  const before = yesterday instanceof Error || yesterday === null ? [] : yesterday;
  const yesterdayOf = (name: string) => before.find((s) => nameSeries(s.labels, source.seriesLabels) === name)?.value ?? null;
  const series = usable.map((s) => {
    const name = nameSeries(s.labels, source.seriesLabels);
    // A count read from increase() is extrapolated (593.14 calls): people count whole calls.
    const whole = (v: number | null) => (v !== null && source.unit === 'count' ? Math.round(v) : v);
    return { name, value: whole(s.value)!, yesterday: spec.compare ? whole(yesterdayOf(name)) : null };
  });
  const yesterdayReason = !spec.compare ? null : yesterday instanceof Error ? `yesterday could not be read: ${yesterday.message}` : series.every((s) => s.yesterday === null) ? 'no reading at this time yesterday (Prometheus keeps none that old, or the series did not exist)' : null;
  return { ...base, unit: source.unit, state: 'read', reason: null, total: null, series, yesterdayReason, readAt };
}
