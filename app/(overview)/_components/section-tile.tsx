import Link from 'next/link';
import type { SectionStatus } from '@/lib/severity/section-status';
import { Deadline } from '@/components/deadline';
import { describeWhy, formatSignalValue } from '@/components/describe-status';
import { FiringSince } from '@/components/firing-since';
import { SeverityBadge } from '@/components/severity-badge';
import { isFiring, severityStyles } from '@/components/severity-style';
import { Sparkline } from '@/components/sparkline';
import { StaleNotice } from '@/components/stale-notice';

/**
 * One section at a glance, readable from across the room: level, title, key value, trend, why it fires,
 * for how long and how long is left to respond. The whole tile is a link to the section's runbook.
 * `compact` is for healthy sections: the same facts, smaller, so what fires stands out.
 * `briefStale` when the page's stale banner already says why the data is old.
 */
export function SectionTile({ status, compact = false, briefStale = false }: { status: SectionStatus; compact?: boolean; briefStale?: boolean }) {
  const style = severityStyles[status.severity];
  const firing = isFiring(status.severity);
  const dimmed = status.stale !== null;
  const keyValue = formatSignalValue(status.key.value, { id: status.key.signalId, name: status.key.name, unit: status.key.unit });
  // Colour the key value only when it is the value that fires, not when another signal does.
  const keyFires = firing && status.firing?.signalId === status.key.signalId;
  const keyLabel = `${status.key.name}${status.key.series ? ` · ${status.key.series}` : ''}`;
  return (
    <article
      data-testid="section-tile"
      data-section-id={status.id}
      data-severity={status.severity}
      data-stale={dimmed ? 'true' : 'false'}
      className={`relative flex w-full flex-col rounded-lg border border-l-4 border-line bg-surface transition-colors focus-within:ring-2 focus-within:ring-focus hover:bg-surface-2 ${compact ? 'gap-1 p-2.5' : 'gap-2 p-3.5'} ${style.edge} ${firing ? style.wash : ''}`}
    >
      <div className="flex items-start gap-2">
        <SeverityBadge severity={status.severity} size={compact ? 'sm' : 'lg'} />
        <h3 className={`min-w-0 flex-1 leading-snug font-semibold ${compact ? 'text-sm' : 'text-base'}`}>
          {/* The overlay makes the whole tile clickable while the link's name stays the title. */}
          <Link href={`/runbooks/${status.id}`} className="after:absolute after:inset-0 after:rounded-lg focus-visible:outline-none">
            {status.title}
          </Link>
        </h3>
      </div>

      <div className={`flex items-end justify-between gap-3 ${dimmed ? 'opacity-50' : ''}`}>
        <div className="min-w-0">
          <p className={`leading-none font-semibold tracking-tight whitespace-nowrap tabular-nums ${compact ? 'text-2xl' : 'text-5xl'} ${keyFires ? style.text : ''}`}>
            {keyValue}
          </p>
          <p title={keyLabel} className="mt-1 truncate text-xs text-muted">{keyLabel}</p>
        </div>
        <Sparkline points={status.sparkline} width={compact ? 80 : 132} height={compact ? 26 : 44} className={`shrink-0 ${firing ? style.text : 'text-muted'}`} />
      </div>

      {compact ? null : <p className={`text-[15px] leading-snug ${firing ? 'font-medium' : 'text-muted'} ${dimmed ? 'opacity-70' : ''}`}>{describeWhy(status)}</p>}

      {firing && status.firingSince !== null ? (
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

      <StaleNotice status={status} brief={briefStale} className="mt-auto" />
    </article>
  );
}
