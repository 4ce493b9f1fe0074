'use client';

import type { SeverityTable } from '@/lib/catalog/load';
import { formatDuration } from '@/lib/format';
import { useNow } from '@/lib/client/use-now';
import { severityOrder, type Severity } from '@/lib/severity/types';
import { SeverityBadge } from '@/components/severity-badge';
import { Icon } from '@/components/ui/icon';

type Props = {
  counts: Record<Severity, number> | null;
  oldestReading: number | null;
  pollMs: number;
  severityTable: SeverityTable;
  stale: boolean;
};

function describeLevel(severity: Severity, table: SeverityTable): string {
  if (severity === 'ok') return 'no rule firing';
  if (severity === 'unknown') return 'a signal cannot be read';
  const level = table[severity];
  return `${level.name}: ${level.meaning.toLowerCase()}; respond within ${formatDuration(level.respondWithinMinutes * 60_000)}`;
}

/** Counts per level (announced politely when they change) and how old the data on screen is. */
export function StatusBar({ counts, oldestReading, pollMs, severityTable, stale }: Props) {
  const now = useNow();
  const age = now !== null && oldestReading !== null ? Math.max(0, now - oldestReading) : null;
  return (
    <div data-testid="status-bar" className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-line bg-surface px-3 py-2">
      <ul aria-live="polite" aria-label="Sections per severity" className="flex flex-wrap items-center gap-2">
        {severityOrder.map((severity) => {
          const count = counts?.[severity] ?? null;
          return (
            <li
              key={severity}
              data-severity={severity}
              title={describeLevel(severity, severityTable)}
              className={`flex items-center gap-1.5 rounded-md border border-line px-1.5 py-1 ${count ? '' : 'opacity-45'}`}
            >
              <SeverityBadge severity={severity} size="sm" />
              <span className="min-w-[1.5ch] text-lg leading-none font-semibold tabular-nums">{count ?? '–'}</span>
            </li>
          );
        })}
      </ul>
      <p className="ml-auto flex items-center gap-3 text-sm text-muted">
        <span data-testid="data-age" data-stale={stale ? 'true' : 'false'} className={`tabular-nums ${stale ? 'font-semibold text-sev-unknown-fg' : ''}`}>
          {oldestReading === null ? (
            'waiting for data…'
          ) : (
            <time dateTime={new Date(oldestReading).toISOString()}>
              {stale ? <Icon name="refresh" className="mr-1 size-3.5 align-[-2px]" /> : null}
              data {age === null ? '…' : formatDuration(age)} old
            </time>
          )}
        </span>
        <span className="hidden text-xs sm:inline">refresh every {formatDuration(pollMs)}</span>
      </p>
    </div>
  );
}
