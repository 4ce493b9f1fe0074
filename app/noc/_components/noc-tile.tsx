'use client';

import { describeHeadline, describeWhy, formatKeyValue } from '@/components/describe-status';
import { severityStyles } from '@/components/severity-style';
import { Icon } from '@/components/ui/icon';
import { useFitHeadline } from '@/lib/client/use-fit-font';
import { formatClock } from '@/lib/format';
import { describeFiringTimes } from '@/lib/noc/firing-times';
import type { SectionStatus } from '@/lib/severity/section-status';
import { NocAlertBadge, type NocTileAlerts } from './noc-alert-badge';
import { NocBadge } from './noc-badge';
import { NocSparkline } from './noc-sparkline';

/** A tile's type size, from its grid cell (a size container): tiles of 1080p and 4K walls read alike. */
export const nocTileFontSize = 'clamp(9px, min(4.6cqw, 7.4cqh), 128px)';

type Props = {
  status: SectionStatus;
  /** The server's clock now (see deriveNocView), for firing times and deadlines. */
  serverNow: number | null;
  /** The whole wall is stale: the banner says why, the tile dims. */
  dimmed: boolean;
  /** The section's active alerts (or that they cannot be read now); no badge without. */
  alerts?: NocTileAlerts;
};

// Firing tiles are framed in their level's colour all round (P0 thicker), not only on the edge: seen across the room.
// A wash strong enough to tell a firing tile from a quiet one at a glance, in its level's colour.
// Mixed into the surface colour (not layered over it), so exactly one background class applies.
const washes: Partial<Record<SectionStatus['severity'], string>> = {
  P0: 'bg-[color-mix(in_srgb,var(--sev-p0)_24%,var(--surface))]',
  P1: 'bg-[color-mix(in_srgb,var(--sev-p1)_18%,var(--surface))]',
  P2: 'bg-[color-mix(in_srgb,var(--sev-p2)_14%,var(--surface))]',
  P3: 'bg-[color-mix(in_srgb,var(--sev-p3)_14%,var(--surface))]',
};

const frames: Partial<Record<SectionStatus['severity'], string>> = {
  P0: 'border-sev-p0 outline outline-[0.12em] -outline-offset-[0.2em] outline-sev-p0',
  P1: 'border-sev-p1',
  P2: 'border-sev-p2',
  P3: 'border-sev-p3',
};

/** A headline's type size (em of the tile's) by its length, so a rule reads in whole words; useFitHeadline shrinks it further when the tile is full. */
export function chooseHeadlineSize(text: string): number {
  if (text.length <= 24) return 1.9;
  if (text.length <= 44) return 1.45;
  return 1.15;
}

/**
 * One section on the wall. Every size is in em of a font set from the tile's own box (cqw/cqh of its
 * grid cell), so the same tile reads the same from 1 to 80 sections, at 1080p or 4K. A firing tile leads
 * with its worst rule in words, in its level's colour ("PostgreSQL is down"); an ok tile is quiet (muted
 * text, no frame, a faint trend), so the eye goes to what is wrong from three metres.
 */
export function NocTile({ status, serverNow, dimmed, alerts }: Props) {
  const style = severityStyles[status.severity];
  const quiet = status.severity === 'ok';
  const times = describeFiringTimes(status, serverNow);
  const headline = describeHeadline(status, serverNow);
  const headlineRef = useFitHeadline<HTMLParagraphElement>(headline ? chooseHeadlineSize(headline) : 1, `${headline ?? ''}|${status.title}|${times.since ?? ''}`);
  const keyValue = formatKeyValue(status);
  const keyLabel = `${status.key.name}${status.key.series ? ` · ${status.key.series}` : ''}`;
  // Issue 19: a maintenance window covers the section (its Alertmanager silence is active): neither red nor green.
  const maintenance = status.maintenance ?? null;
  const look = maintenance
    ? 'border-maintenance bg-[color-mix(in_srgb,var(--maintenance)_16%,var(--surface))] border-l-maintenance'
    : `${quiet ? 'border-line/50 bg-surface/50 text-muted' : (washes[status.severity] ?? 'bg-surface')} ${frames[status.severity] ?? (quiet ? '' : 'border-line')} ${quiet ? 'border-l-sev-ok/35' : style.edge}`;
  return (
    <article
      data-testid="noc-tile"
      data-section-id={status.id}
      data-severity={status.severity}
      data-quiet={quiet ? 'true' : 'false'}
      data-stale={dimmed || status.stale ? 'true' : 'false'}
      data-maintenance={maintenance ? maintenance.id : undefined}
      data-fit-box
      className={`flex h-full w-full flex-col gap-[0.3em] overflow-hidden rounded-[0.35em] border-[0.1em] border-l-[0.45em] px-[0.75em] py-[0.55em] leading-tight transition-opacity ${look} ${dimmed ? 'opacity-55' : ''}`}
      style={{ fontSize: nocTileFontSize }}
    >
      <div className="flex min-w-0 items-center justify-between gap-[0.5em]">
        <NocBadge severity={status.severity} className={`text-[1.05em] ${quiet ? 'opacity-70' : ''}`} />
        {alerts ? <NocAlertBadge alerts={alerts} now={serverNow} /> : null}
      </div>
      {maintenance ? (
        <p data-testid="noc-maintenance" title={maintenance.reason} className="shrink-0 truncate text-[0.95em] font-bold text-maintenance">
          <Icon name="wrench" className="mr-[0.25em] size-[1em] align-[-0.12em]" />
          In maintenance until {formatClock(maintenance.until).slice(0, 5)} · {maintenance.reason}
        </p>
      ) : null}
      <h2 data-noc-fit="title" title={status.title} className={`line-clamp-3 shrink-0 text-[1.1em] leading-[1.15] break-words ${quiet ? 'font-medium' : 'font-semibold'}`}>
        {status.title}
      </h2>
      {headline ? (
        <p ref={headlineRef} data-noc-fit="headline" data-testid="noc-headline" className={`shrink-0 leading-[1.15] font-extrabold break-words ${style.text}`} style={{ fontSize: `${chooseHeadlineSize(headline)}em` }}>
          {headline}
        </p>
      ) : (
        <p data-noc-fit="value" data-testid="noc-headline" className={`shrink-0 leading-[1.2] tracking-tight whitespace-nowrap tabular-nums ${quiet ? 'text-[2.2em] font-semibold opacity-75' : 'text-[2.7em] font-bold text-fg'}`}>
          {keyValue}
        </p>
      )}
      {/* The trend takes whatever height is left, so every tile is full whatever its shape. */}
      <NocSparkline points={status.sparkline} className={`min-h-[1em] flex-1 ${quiet ? 'text-muted opacity-50' : 'text-muted'}`} />
      <p data-noc-truncates="label" title={keyLabel} className="shrink-0 truncate text-[0.8em] text-muted">
        {/* Under a headline the key value steps down to context, before its (possibly cut) label. */}
        {headline ? <span className="font-semibold text-fg tabular-nums">{`${keyValue} · `}</span> : null}
        {keyLabel}
      </p>
      {times.since ? (
        <p data-noc-fit="times" className="flex shrink-0 flex-wrap justify-between gap-x-[0.6em] text-[0.95em] font-semibold tabular-nums">
          <span className="whitespace-nowrap">{times.since}</span>
          {times.deadline ? (
            <span data-overdue={times.deadline.overdue ? 'true' : 'false'} className={`whitespace-nowrap ${times.deadline.overdue ? 'text-sev-p0' : ''}`}>
              {times.deadline.overdue ? <Icon name="warning" className="mr-[0.2em] size-[1em] align-[-0.12em]" /> : null}
              {times.deadline.text}
            </span>
          ) : null}
        </p>
      ) : status.severity === 'unknown' && !status.stale ? (
        <p data-noc-truncates="why" className="shrink-0 truncate text-[0.8em] text-sev-unknown-fg">{describeWhy(status)}</p>
      ) : null}
      {status.stale && !dimmed ? (
        <p className="flex shrink-0 items-center gap-[0.3em] truncate text-[0.8em] text-sev-unknown-fg">
          <Icon name="refresh" className="size-[1em]" />
          stale since {formatClock(status.stale.since)}
        </p>
      ) : null}
    </article>
  );
}
