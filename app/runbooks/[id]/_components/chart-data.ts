import type { Unit } from '@/lib/catalog/schema';
import { formatValue } from '@/lib/format';

export type ChartSeries = { name: string; points: [number, number][] };
export type ChartRow = { t: number } & Record<string, number | null>;

/**
 * Recharts wants one row per timestamp with a column per series. Columns are named s0, s1 … rather than
 * by series name, because recharts reads a dotted dataKey as a path ("node-1 /var.log" would break).
 * Non-finite values (NaN, ±Inf) become gaps: they cannot be drawn, and the summary reports them.
 */
export function buildChartRows(series: ChartSeries[]): { rows: ChartRow[]; lines: { key: string; name: string }[] } {
  const byTime = new Map<number, ChartRow>();
  series.forEach((s, index) => {
    const key = `s${index}`;
    for (const [t, v] of s.points) {
      const row = byTime.get(t) ?? ({ t } as ChartRow);
      row[key] = Number.isFinite(v) ? v : null;
      byTime.set(t, row);
    }
  });
  const rows = [...byTime.values()].sort((a, b) => a.t - b.t);
  return { rows, lines: series.map((s, index) => ({ key: `s${index}`, name: s.name || `series ${index + 1}` })) };
}

/** The newest value of each series in words, for screen readers: "Latest: apaleo 12.5 %, mews 0.3 %". */
export function summarizeLatest(series: ChartSeries[], unit: Unit, maxSeries = 10): string {
  if (series.length === 0) return 'No data in this range.';
  const parts = series.slice(0, maxSeries).map((s) => {
    const last = s.points[s.points.length - 1];
    return `${s.name || 'value'} ${last ? formatValue(last[1], unit) : '—'}`;
  });
  const more = series.length > maxSeries ? `, and ${series.length - maxSeries} more series` : '';
  return `Latest: ${parts.join(', ')}${more}.`;
}
