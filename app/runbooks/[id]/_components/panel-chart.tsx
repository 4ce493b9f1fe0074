'use client';

import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartRange } from '@/lib/api/ids';
import type { Panel } from '@/lib/catalog/schema';
import { formatClock } from '@/lib/format';
import { formatReading, listStates } from '@/lib/severity/words';
import { usePanelSeries } from '@/lib/client/use-panel-series';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { buildChartRows, summarizeLatest } from './chart-data';
import { RangePicker } from './range-picker';
import { ThresholdLabel } from './threshold-label';
import { Icon } from '@/components/ui/icon';

type TimeseriesPanel = Extract<Panel, { kind: 'timeseries' }>;

// Distinct from the severity colours, so a series line is never mistaken for a threshold.
const palette = ['#22d3ee', '#a78bfa', '#34d399', '#f472b6', '#94a3b8', '#38bdf8', '#c084fc', '#2dd4bf'];
const severityVar = { P0: 'var(--sev-p0)', P1: 'var(--sev-p1)', P2: 'var(--sev-p2)', P3: 'var(--sev-p3)' } as const;
const axisTick = { fill: 'var(--muted)', fontSize: 11 };

function formatTick(t: number): string {
  return formatClock(t).slice(0, 5);
}

/** A timeseries panel, live: one line per series, a labelled line per threshold, a range picker. */
export function PanelChart({ sectionId, panel, pollMs }: { sectionId: string; panel: TimeseriesPanel; pollMs: number }) {
  const [range, setRange] = useState<ChartRange>('1h');
  const { data, error, isPending, isPlaceholder, receivedAt } = usePanelSeries({ id: sectionId, panelId: panel.id, range, pollMs });
  const { rows, lines } = useMemo(() => buildChartRows(data?.series ?? []), [data]);
  const words = { id: panel.id, name: panel.title, unit: panel.unit, states: panel.states };
  const formatY = (v: number) => formatReading(v, words);
  // An enumerated gauge has a tick per state, and nothing between: 0.25 "up" or 1.5 "half-open" means nothing.
  const stateValues = [...(listStates(words)?.keys() ?? [])].sort((a, b) => a - b);
  const booleanAxis = stateValues.length > 0 ? { ticks: stateValues, domain: [stateValues[0]!, stateValues.at(-1)!] } : {};
  const headingId = `panel-${panel.id}-title`;

  return (
    <Card
      as="section"
      id={`panel-${panel.id}`}
      data-testid="panel-chart"
      data-panel-id={panel.id}
      aria-labelledby={headingId}
      className="flex min-w-0 flex-col"
    >
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-line px-4 py-2">
        <h3 id={headingId} className="text-sm font-semibold">{panel.title}</h3>
        <RangePicker value={range} onChange={setRange} label={`Time range for ${panel.title}`} />
      </div>
      <figure aria-label={`Chart: ${panel.title}, last ${range}`} className={`px-2 pt-3 pb-2 ${error || isPlaceholder ? 'opacity-60' : ''}`}>
        {isPending && !error ? (
          <Skeleton className="h-[220px] w-full" />
        ) : !data && error ? (
          <p className="grid h-[220px] place-items-center rounded border border-dashed border-sev-unknown text-sm text-sev-unknown-fg">No data: the chart cannot be read.</p>
        ) : rows.length === 0 ? (
          <p className="grid h-[220px] place-items-center text-sm text-muted">No data in the last {range}.</p>
        ) : (
          <LineChart responsive data={rows} style={{ width: '100%', height: 220 }} margin={{ top: 18, right: 16, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={formatTick} tick={axisTick} stroke="var(--line)" minTickGap={40} />
            <YAxis tickFormatter={formatY} tick={axisTick} stroke="var(--line)" width={76} {...booleanAxis} />
            <Tooltip
              labelFormatter={(t) => formatClock(Number(t))}
              formatter={(v) => formatY(Number(v))}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--line)', borderRadius: 6, fontSize: 12 }}
              labelStyle={{ color: 'var(--muted)' }}
            />
            {lines.length > 1 ? <Legend iconType="plainline" wrapperStyle={{ fontSize: 11 }} /> : null}
            {panel.thresholds.map((th) => (
              <ReferenceLine
                key={`${th.severity}-${th.value}`}
                y={th.value}
                stroke={severityVar[th.severity]}
                strokeDasharray="6 3"
                ifOverflow="extendDomain"
                label={<ThresholdLabel text={`${th.severity} ${th.label ?? formatY(th.value)}`} color={severityVar[th.severity]} />}
              />
            ))}
            {lines.map((line, i) => (
              <Line key={line.key} dataKey={line.key} name={line.name} stroke={palette[i % palette.length]} strokeWidth={1.75} dot={false} isAnimationActive={false} connectNulls={false} />
            ))}
          </LineChart>
        )}
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
