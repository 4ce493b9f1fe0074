'use client';

import { useId, useState } from 'react';
import { MAX_QUERY_LENGTH, isFiltering, type OverviewFilters } from '@/lib/overview/filters';
import { severityOrder, type Severity } from '@/lib/severity/types';
import { SeverityBadge } from '@/components/severity-badge';
import { Button } from '@/components/ui/button';

type Props = {
  filters: OverviewFilters;
  onChange: (change: Partial<OverviewFilters>) => void;
  /** Sections shown of all, once the first answer is in. */
  shown: number | null;
  total: number | null;
};

/**
 * Search by section or signal, a toggle per level, grouping by area: what karma users expect of an
 * overview. The levels toggle independently (P0 and P1 together); none pressed shows every level.
 */
export function OverviewFilterBar({ filters, onChange, shown, total }: Props) {
  const searchId = useId();
  const groupId = useId();
  // The box keeps what is typed; the URL gets it too (the board filters from the URL).
  const [text, setText] = useState(filters.q);
  const toggle = (severity: Severity) =>
    onChange({ severities: filters.severities.includes(severity) ? filters.severities.filter((s) => s !== severity) : [...filters.severities, severity] });
  const filtering = isFiltering(filters);
  return (
    <search data-testid="overview-filters" className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <div className="flex min-w-0 flex-[1_1_16rem] items-center gap-2">
        <label htmlFor={searchId} className="sr-only">Search sections and signals</label>
        <input
          id={searchId}
          type="search"
          value={text}
          maxLength={MAX_QUERY_LENGTH}
          placeholder="Search sections and signals…"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            setText(event.target.value);
            onChange({ q: event.target.value });
          }}
          className="h-9 w-full min-w-0 rounded-md border border-line bg-surface px-3 text-sm placeholder:text-muted focus-visible:ring-2 focus-visible:ring-focus focus-visible:outline-none"
        />
      </div>
      <div role="group" aria-label="Show levels" className="flex flex-wrap items-center gap-1">
        {severityOrder.map((severity) => {
          const pressed = filters.severities.includes(severity);
          return (
            <button
              key={severity}
              type="button"
              aria-pressed={pressed}
              data-severity={severity}
              data-testid="severity-filter"
              onClick={() => toggle(severity)}
              className={`rounded-md border p-0.5 transition-opacity focus-visible:ring-2 focus-visible:ring-focus focus-visible:outline-none ${pressed ? 'border-fg' : 'border-transparent'} ${filters.severities.length > 0 && !pressed ? 'opacity-45' : ''}`}
            >
              <SeverityBadge severity={severity} size="sm" />
            </button>
          );
        })}
      </div>
      <div className="flex items-center gap-2 text-sm">
        <label htmlFor={groupId} className="text-muted">Group</label>
        <select
          id={groupId}
          value={filters.group}
          onChange={(event) => onChange({ group: event.target.value === 'area' ? 'area' : 'none' })}
          className="h-9 rounded-md border border-line bg-surface px-2 text-sm focus-visible:ring-2 focus-visible:ring-focus focus-visible:outline-none"
        >
          <option value="none">by state</option>
          <option value="area">by area</option>
        </select>
      </div>
      {filtering ? (
        <p className="flex items-center gap-2 text-sm text-muted">
          <span data-testid="filter-count" aria-live="polite" className="tabular-nums">
            {shown === null || total === null ? '' : `${shown} of ${total} sections`}
          </span>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setText('');
              onChange({ q: '', severities: [] });
            }}
          >
            Clear filters
          </Button>
        </p>
      ) : null}
    </search>
  );
}
