import 'server-only';
import { getEnv, parseDurationMs } from '@/lib/env';
import type { ChartRange } from '@/lib/api/schemas';
import { ApiError } from '@/lib/api/errors';
import type { Panel } from '@/lib/catalog/schema';
import { nameSeries } from '@/lib/severity/compare';
import { getPrometheus } from './prometheus-instance';
import { expandQuery } from './section-status-service';
import { isUpstreamError } from './upstream-error';

/** About 120 points per chart whatever the range; steps are whole seconds so keys align across viewers. */
export function chooseStepMs(range: ChartRange): number {
  return Math.max(1000, Math.round(parseDurationMs(range) / 120 / 1000) * 1000);
}

export async function getChartSeries(panel: Extract<Panel, { kind: 'timeseries' }>, range: ChartRange) {
  const env = getEnv();
  const now = Date.now();
  try {
    const series = await getPrometheus().queryRange(expandQuery(panel.query, env.SIGNAL_WINDOW), {
      startMs: now - parseDurationMs(range),
      endMs: now,
      stepMs: chooseStepMs(range),
    });
    return series.map((s) => ({ name: nameSeries(s.labels, panel.seriesLabels) || panel.title, points: s.points }));
  } catch (error) {
    if (isUpstreamError(error)) throw new ApiError('upstream', error.message);
    throw error;
  }
}
