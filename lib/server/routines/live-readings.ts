import 'server-only';
import type { Section } from '@/lib/catalog/schema';
import { getEnv } from '@/lib/env';
import type { AnsweringStatus } from '@/lib/routines/answers';
import type { FigureSpec, RoutineItem } from '@/lib/routines/config';
import { buildFigure, type Figure } from '@/lib/routines/figures';
import { evaluateSignal } from '@/lib/severity/evaluate-signal';
import type { SeriesValue } from '@/lib/severity/types';
import { getPrometheus } from '@/lib/server/prometheus-instance';
import { expandQuery, settle } from '@/lib/server/section-status-service';

// Readings a routine asks for beyond the section's evaluation window: the same catalog query (exporter selectors
// already bound by the catalog) with `$window` set to the item's range, through the console's Prometheus client.
// Which query and which range come from config/routines.yaml, checked at start-up; the browser names neither.

const DAY_MS = 86_400_000;

/** A live item with a `window`: its signal read over that range, judged as the section judges it (no `for` history). */
export async function readWindowedStatus(section: Section, live: NonNullable<RoutineItem['live']> & { window: string }, now: number): Promise<AnsweringStatus> {
  const signal = section.signals.find((s) => s.id === live.signal)!;
  const result = await settle(getPrometheus().query(expandQuery(signal.query, live.window)));
  return { signals: [evaluateSignal(signal, result)], stale: null, error: result instanceof Error ? result.message : null, evaluatedAt: now };
}

/** The value of each series at `at` (a one-point range read: the instant client always reads now). */
async function readAt(query: string, at: number): Promise<SeriesValue[]> {
  const ranges = await getPrometheus().queryRange(query, { startMs: at, endMs: at, stepMs: 60_000 });
  return ranges.flatMap((r) => (r.points.length > 0 ? [{ labels: r.labels, value: r.points.at(-1)![1] }] : []));
}

export async function readFigure(section: Section, spec: FigureSpec, now: number): Promise<Figure> {
  // checkLiveAnswers made sure at start-up that the signal, or a chart panel, exists.
  const source = spec.signal ? section.signals.find((s) => s.id === spec.signal)! : section.panels.find((p): p is Extract<Section['panels'][number], { kind: 'timeseries' }> => p.id === spec.panel && p.kind === 'timeseries')!;
  const query = expandQuery(source.query, spec.window ?? getEnv().SIGNAL_WINDOW);
  const [current, yesterday] = await Promise.all([settle(getPrometheus().query(query)), spec.compare ? settle(readAt(query, now - DAY_MS)) : Promise.resolve(null)]);
  return buildFigure(spec, { unit: source.unit, seriesLabels: source.seriesLabels }, current, yesterday, now);
}
