'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';
import type { ChartRange } from '@/lib/api/ids';
import { RangePicker } from './range-picker';

type PageRange = { range: ChartRange; setRange: (range: ChartRange) => void };

const PageRangeContext = createContext<PageRange | null>(null);

/** The page's time range, for a chart that has not chosen its own; null outside a ChartsGroup. */
export function usePageChartRange(): PageRange | null {
  return useContext(PageRangeContext);
}

/**
 * The section's charts under one heading with one time range for them all (issue 15 point 7); a chart
 * may still choose its own range, which it keeps when the page's changes. The charts share a crosshair
 * (PanelChart's syncId), so a moment is read across all of them at once.
 */
export function ChartsGroup({ children, defaultRange = '1h' }: { children: ReactNode; defaultRange?: ChartRange }) {
  const [range, setRange] = useState<ChartRange>(defaultRange);
  return (
    <PageRangeContext value={{ range, setRange }}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="charts-heading" className="text-sm font-semibold tracking-wide">Live charts</h2>
        <div data-testid="page-range" data-range={range} className="flex items-center gap-2 text-xs text-muted">
          <span aria-hidden="true">All charts</span>
          <RangePicker value={range} onChange={setRange} label="Time range for all charts" />
        </div>
      </div>
      {children}
    </PageRangeContext>
  );
}
