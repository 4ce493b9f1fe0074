'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { SectionStatus } from '@/lib/severity/section-status';
import { useNow } from '@/lib/client/use-now';
import { Deadline } from '@/components/deadline';
import { describeHeadline, describeWhy, formatKeyValue } from '@/components/describe-status';
import { FiringSince } from '@/components/firing-since';
import { SeverityBadge } from '@/components/severity-badge';
import { isFiring, severityStyles } from '@/components/severity-style';
import { Sparkline } from '@/components/sparkline';
import { StaleNotice } from '@/components/stale-notice';
import { MaintenanceMarker, type TileMaintenance } from './tile-markers';

type Props = {
  status: SectionStatus;
  compact?: boolean;
  briefStale?: boolean;
  /** Markers beside the title (acknowledged alerts, a maintenance window), from the overview. */
  markers?: ReactNode;
  /** Set while the section is in a maintenance window (issue 19's windows fill it): the tile says "in maintenance". */
  maintenance?: TileMaintenance | null;
};

/**
 * One section at a glance: level, title, and a headline that says what is wrong. While a rule fires the
 * headline is that rule in words, coloured by its level ("PostgreSQL is down"); the key value and its
 * trend step down to context. Only while nothing fires is the key value the headline. The whole tile is
 * a link to the section's runbook. `compact` is for healthy sections: the same facts, smaller and quieter,
 * so what fires stands out. `briefStale` when the page's stale banner already says why the data is old.
 */
export function SectionTile({ status, compact = false, briefStale = false, markers = null, maintenance = null }: Props) {
  const now = useNow();
  const style = severityStyles[status.severity];
  const firing = isFiring(status.severity);
  const dimmed = status.stale !== null;
  const headline = describeHeadline(status, now);
  const keyValue = formatKeyValue(status);
  const keyLabel = `${status.key.name}${status.key.series ? ` · ${status.key.series}` : ''}`;
  return (
    <article
      data-testid="section-tile"
      data-section-id={status.id}
      data-severity={status.severity}
      data-stale={dimmed ? 'true' : 'false'}
      data-maintenance={maintenance ? 'true' : undefined}
      className={`relative flex w-full min-w-0 flex-col rounded-lg border border-l-4 border-line bg-surface transition-colors focus-within:ring-2 focus-within:ring-focus hover:bg-surface-2 ${compact ? 'gap-1 p-2.5' : 'gap-2 p-3.5'} ${style.edge} ${firing ? style.wash : ''}`}
    >
      <div className="flex items-start gap-2">
        <SeverityBadge severity={status.severity} size={compact ? 'sm' : 'lg'} />
        <h3 className={`min-w-0 flex-1 leading-snug font-semibold break-words ${compact ? 'text-sm' : 'text-base'}`}>
          {/* The overlay makes the whole tile clickable while the link's name stays the title. */}
          <Link href={`/runbooks/${status.id}`} className="after:absolute after:inset-0 after:rounded-lg focus-visible:outline-none">
            {status.title}
          </Link>
        </h3>
        {markers}
        <MaintenanceMarker maintenance={maintenance} />
      </div>

      {headline ? (
        <>
          <p data-testid="tile-headline" data-kind="firing" className={`text-2xl leading-tight font-bold break-words ${style.text} ${dimmed ? 'opacity-60' : ''}`}>
            {headline}
          </p>
          {status.firingSince !== null ? (
            <p className="flex flex-wrap items-center gap-x-2 text-[15px] tabular-nums">
              <FiringSince status={status} className="font-medium whitespace-nowrap" />
              {status.respondBy !== null ? (
                <>
                  <span aria-hidden="true" className="text-muted">·</span>
                  <Deadline respondBy={status.respondBy} className="whitespace-nowrap" />
                </>
              ) : null}
            </p>
          ) : null}
          <div className={`flex items-end justify-between gap-3 text-muted ${dimmed ? 'opacity-50' : ''}`}>
            <p className="min-w-0 text-xs">
              <span className="block truncate" title={keyLabel}>{keyLabel}</span>
              <span data-testid="tile-key-value" className="text-base font-semibold text-fg tabular-nums">{keyValue}</span>
            </p>
            <Sparkline points={status.sparkline} width={112} height={32} className="shrink-0 text-muted" />
          </div>
        </>
      ) : (
        <>
          <div className={`flex items-end justify-between gap-3 ${dimmed ? 'opacity-50' : ''}`}>
            <div className="min-w-0">
              <p data-testid="tile-headline" data-kind="value" className={`leading-none font-semibold tracking-tight whitespace-nowrap tabular-nums ${compact ? 'text-2xl' : 'text-5xl'}`}>
                <span data-testid="tile-key-value">{keyValue}</span>
              </p>
              <p title={keyLabel} className="mt-1 truncate text-xs text-muted">{keyLabel}</p>
            </div>
            <Sparkline points={status.sparkline} width={compact ? 80 : 132} height={compact ? 26 : 44} className="shrink-0 text-muted" />
          </div>
          {compact ? null : <p className={`text-[15px] leading-snug ${status.severity === 'unknown' ? 'font-medium text-sev-unknown-fg' : 'text-muted'} ${dimmed ? 'opacity-70' : ''}`}>{describeWhy(status, now)}</p>}
        </>
      )}

      <StaleNotice status={status} brief={briefStale} className="mt-auto" />
    </article>
  );
}
