'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Panel } from '@/lib/catalog/schema';
import { formatClock } from '@/lib/format';
import { seriesStyle } from '@/lib/charts/palette';
import { nearestTickByTime } from '@/lib/charts/sync';
import type { buildChartRows } from './chart-data';
import { ThresholdLabel } from './threshold-label';

type ChartRows = ReturnType<typeof buildChartRows>;
type Threshold = Extract<Panel, { kind: 'timeseries' }>['thresholds'][number];

const severityVar = { P0: 'var(--sev-p0)', P1: 'var(--sev-p1)', P2: 'var(--sev-p2)', P3: 'var(--sev-p3)' } as const;
const axisTick = { fill: 'var(--muted)', fontSize: 11 };

function formatTick(t: number): string {
  return formatClock(t).slice(0, 5);
}

type Props = {
  sectionId: string;
  rows: ChartRows['rows'];
  lines: ChartRows['lines'];
  /** The series shown alone (legend), or null for all. */
  isolated: string | null;
  thresholds: Threshold[];
  formatY: (v: number) => string;
  /** An enumerated gauge's axis: a tick per state and nothing between (empty for a plain number). */
  booleanAxis: { ticks?: number[]; domain?: number[] };
};

/**
 * The recharts drawing of a timeseries panel (PanelChart loads this module lazily: the charting library is
 * fetched only where a chart is drawn).
 */
export function PanelChartPlot({ sectionId, rows, lines, isolated, thresholds, formatY, booleanAxis }: Props) {
  return (
    // syncId: one crosshair across the section's charts, matched by time (their samples need not line up).
    <LineChart responsive data={rows} syncId={`section-${sectionId}`} syncMethod={nearestTickByTime} style={{ width: '100%', height: 220 }} margin={{ top: 18, right: 16, bottom: 0, left: 4 }}>
      <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={formatTick} tick={axisTick} stroke="var(--line)" minTickGap={40} />
      <YAxis tickFormatter={formatY} tick={axisTick} stroke="var(--line)" width={76} {...booleanAxis} />
      <Tooltip
        labelFormatter={(t) => formatClock(Number(t))}
        formatter={(v) => formatY(Number(v))}
        contentStyle={{ background: 'var(--surface)', border: '1px solid var(--line)', borderRadius: 6, fontSize: 12 }}
        labelStyle={{ color: 'var(--muted)' }}
      />
      {thresholds.map((th) => (
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
        <Line
          key={line.key}
          dataKey={line.key}
          name={line.name}
          stroke={seriesStyle(i).colour}
          strokeDasharray={seriesStyle(i).dash || undefined}
          strokeWidth={1.75}
          dot={false}
          hide={isolated !== null && line.name !== isolated}
          isAnimationActive={false}
          connectNulls={false}
        />
      ))}
    </LineChart>
  );
}
