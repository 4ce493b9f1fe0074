import type { Signal } from '@/lib/catalog/schema';
import { compare, nameSeries } from './compare';
import type { FiringRule, SeriesRange } from './types';

export type HistoryWindow = { start: number; stepMs: number; now: number };

export type FiringSince = {
  /** Epoch milliseconds. */
  since: number;
  /** `at-least`: the rule held over the whole history looked at, so it began before `since`. */
  bound: 'exact' | 'at-least';
};

/**
 * Since when the firing rule has held for the firing series, walking back from the newest point
 * of the history. A gap in the samples (more than 1.5 steps) ends the walk: missing data is not firing.
 * When the newest point does not fire yet (history lags the instant query), the rule began just now.
 */
export function findFiringSince(
  signal: Signal,
  firing: FiringRule,
  history: SeriesRange[],
  window: HistoryWindow,
): FiringSince {
  const series = history.find((s) => nameSeries(s.labels, signal.seriesLabels) === firing.series) ?? (history.length === 1 ? history[0] : undefined);
  const points = series?.points ?? [];
  let since: number | null = null;
  let previous: number | null = null;
  for (let i = points.length - 1; i >= 0; i--) {
    const [t, v] = points[i]!;
    if (previous !== null && previous - t > 1.5 * window.stepMs) break;
    if (Number.isNaN(v) || !compare(v, firing.op, firing.threshold)) break;
    since = t;
    previous = t;
  }
  if (since === null) return { since: window.now, bound: 'exact' };
  const coversWholeHistory = since - window.start <= window.stepMs;
  return { since, bound: coversWholeHistory ? 'at-least' : 'exact' };
}

/** Keeps at most `maxPoints` evenly spaced points (the newest always kept) for a sparkline. */
export function downsample(points: [number, number][], maxPoints: number): [number, number][] {
  if (points.length <= maxPoints) return points;
  const stride = points.length / maxPoints;
  const kept: [number, number][] = [];
  for (let i = 0; i < maxPoints - 1; i++) kept.push(points[Math.floor(i * stride)]!);
  kept.push(points[points.length - 1]!);
  return kept;
}
