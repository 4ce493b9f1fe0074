'use client';

import { useEffect, useMemo, useState } from 'react';
import dynamic from 'next/dynamic';
import type { ChartRange } from '@/lib/api/ids';
import type { Panel } from '@/lib/catalog/schema';
import { formatClock } from '@/lib/format';
import { formatReading, listStates } from '@/lib/severity/words';
import { usePanelSeries } from '@/lib/client/use-panel-series';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { buildChartRows, summarizeLatest } from './chart-data';
import { RangePicker } from './range-picker';
import { Icon } from '@/components/ui/icon';
import { usePageChartRange } from './chart-range';
import { SeriesLegend } from './series-legend';

type TimeseriesPanel = Extract<Panel, { kind: 'timeseries' }>;

// The drawing itself (recharts and what it brings, ~100 kB gzip) is a chunk of its own that the page's HTML does
// not name: the browser fetches it once a chart card has mounted (after hydration, so after the page's first
// data shows), in parallel with the chart's series, and never on a page, or for a link prefetch, that draws no
// full chart (the overview's tiles prefetch this route). The card around it, its title, range and legend are in
// the page's HTML as before; the plot's place keeps its height while the chunk arrives.
const loadPlot = () => import('./panel-chart-plot');
const PanelChartPlot = dynamic(() => loadPlot().then((m) => m.PanelChartPlot), {
  ssr: false,
  loading: () => <Skeleton className="h-[220px] w-full" />,
});

/**
 * A timeseries panel, live: one line per series, a labelled line per threshold. Its range is the page's
 * (ChartsGroup) unless it chose its own, which it keeps; its crosshair is shared with the section's other
 * charts; a legend entry isolates its series (again: all series).
 */
export function PanelChart({ sectionId, panel, pollMs }: { sectionId: string; panel: TimeseriesPanel; pollMs: number }) {
  const page = usePageChartRange();
  const [ownRange, setOwnRange] = useState<ChartRange | null>(null);
  const range = ownRange ?? page?.range ?? '1h';
  // Choosing the page's range again is following the page again.
  const setRange = (chosen: ChartRange) => setOwnRange(page && chosen === page.range ? null : chosen);
  const [isolatedName, setIsolatedName] = useState<string | null>(null);
  const { data, error, isPending, isPlaceholder, receivedAt } = usePanelSeries({ id: sectionId, panelId: panel.id, range, pollMs });
  const { rows, lines } = useMemo(() => buildChartRows(data?.series ?? []), [data]);
  // A series that left the answer cannot stay isolated: every series shows again.
  const isolated = lines.some((l) => l.name === isolatedName) ? isolatedName : null;
  const words = { id: panel.id, name: panel.title, unit: panel.unit, states: panel.states };
  const formatY = (v: number) => formatReading(v, words);
  // An enumerated gauge has a tick per state, and nothing between: 0.25 "up" or 1.5 "half-open" means nothing.
  const stateValues = [...(listStates(words)?.keys() ?? [])].sort((a, b) => a - b);
  const booleanAxis = stateValues.length > 0 ? { ticks: stateValues, domain: [stateValues[0]!, stateValues.at(-1)!] } : {};
  const headingId = `panel-${panel.id}-title`;
  // Fetch the plot's chunk while the series are fetched, not after (a failure is retried when the plot renders).
  useEffect(() => {
    loadPlot().catch(() => undefined);
  }, []);

  return (
    <Card
      as="section"
      id={`panel-${panel.id}`}
      data-testid="panel-chart"
      data-panel-id={panel.id}
      data-range={range}
      data-range-source={ownRange ? 'own' : 'page'}
      aria-labelledby={headingId}
      className="flex min-w-0 flex-col"
    >
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-line px-4 py-2">
        <h3 id={headingId} className="text-sm font-semibold">{panel.title}</h3>
        <div className="flex items-center gap-2">
          {ownRange && page ? (
            <button type="button" data-testid="follow-page-range" onClick={() => setOwnRange(null)} className="text-xs text-muted underline-offset-2 hover:text-fg hover:underline">
              own range · use page&apos;s {page.range}
            </button>
          ) : null}
          <RangePicker value={range} onChange={setRange} label={`Time range for ${panel.title}`} />
        </div>
      </div>
      <figure aria-label={`Chart: ${panel.title}, last ${range}`} className={`px-2 pt-3 pb-2 ${error || isPlaceholder ? 'opacity-60' : ''}`}>
        {isPending && !error ? (
          <Skeleton className="h-[220px] w-full" />
        ) : !data && error ? (
          <p className="grid h-[220px] place-items-center rounded border border-dashed border-sev-unknown text-sm text-sev-unknown-fg">No data: the chart cannot be read.</p>
        ) : rows.length === 0 ? (
          <p className="grid h-[220px] place-items-center text-sm text-muted">No data in the last {range}.</p>
        ) : (
          <PanelChartPlot sectionId={sectionId} rows={rows} lines={lines} isolated={isolated} thresholds={panel.thresholds} formatY={formatY} booleanAxis={booleanAxis} />
        )}
        {lines.length > 1 && rows.length > 0 ? <SeriesLegend title={panel.title} names={lines.map((l) => l.name)} isolated={isolated} onIsolate={setIsolatedName} /> : null}
        <figcaption className="sr-only">{summarizeLatest(data?.series ?? [], panel.unit)}</figcaption>
      </figure>
      {error ? (
        <p className="border-t border-line px-4 py-1.5 text-xs text-sev-unknown-fg">
          <Icon name="refresh" className="mr-1 size-3 align-[-2px]" />
          {receivedAt ? <>stale since <time dateTime={new Date(receivedAt).toISOString()}>{formatClock(receivedAt)}</time> — </> : 'no data — '}
          {error}
        </p>
      ) : null}
    </Card>
  );
}
