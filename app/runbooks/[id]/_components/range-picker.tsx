'use client';

import { chartRanges, type ChartRange } from '@/lib/api/ids';

/** A segmented control of real buttons; the chosen range is announced with aria-pressed. */
export function RangePicker({ value, onChange, label }: { value: ChartRange; onChange: (range: ChartRange) => void; label: string }) {
  return (
    <div role="group" aria-label={label} className="inline-flex overflow-hidden rounded-md border border-line text-xs">
      {chartRanges.map((range) => (
        <button
          key={range}
          type="button"
          aria-pressed={range === value}
          onClick={() => onChange(range)}
          className={`px-2 py-1 font-medium tabular-nums transition-colors not-first:border-l not-first:border-line ${
            range === value ? 'bg-fg text-canvas' : 'bg-surface text-muted hover:bg-surface-2 hover:text-fg'
          }`}
        >
          {range}
        </button>
      ))}
    </div>
  );
}
