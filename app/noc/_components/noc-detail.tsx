'use client';

import { describeWhy, formatKeyValue } from '@/components/describe-status';
import { isFiring, severityStyles } from '@/components/severity-style';
import type { SeverityTable } from '@/lib/catalog/load';
import { useNocSection } from '@/lib/client/use-noc-section';
import { formatDuration } from '@/lib/format';
import { describeFiringTimes } from '@/lib/noc/firing-times';
import type { SectionStatus } from '@/lib/severity/section-status';
import { describeClassification, respondWithinMinutes } from '@/lib/severity/respond-within';
import { NocBadge } from './noc-badge';
import { NocSignalList } from './noc-signal-list';
import { NocSparkline } from './noc-sparkline';

type Props = {
  /** The section as the overview last showed it: drawn at once, and kept while the wall is stale. */
  overviewStatus: SectionStatus;
  serverNow: number | null;
  stale: boolean;
  pollMs: number;
  severityTable: SeverityTable;
  position: number;
  total: number;
  rotateMs: number;
};

/**
 * One firing section, full screen, during the rotation: level, why (rule, value against threshold),
 * every signal, a large trend and the clock on the response. Status only: a display may not read the
 * runbook (diagnosis, steps, contacts), and this view never asks for it.
 */
export function NocDetail({ overviewStatus, serverNow, stale, pollMs, severityTable, position, total, rotateMs }: Props) {
  const query = useNocSection(overviewStatus.id, pollMs);
  const status = stale ? overviewStatus : (query.data?.status ?? overviewStatus);
  const style = severityStyles[status.severity];
  const firing = isFiring(status.severity);
  const level = firing ? severityTable[status.severity as keyof SeverityTable] : null;
  const times = describeFiringTimes(status, serverNow);
  const keyValue = formatKeyValue(status);
  return (
    <section
      data-testid="noc-detail"
      data-section-id={status.id}
      data-severity={status.severity}
      aria-label={`${status.title}, ${position} of ${total} firing`}
      className={`flex h-full flex-col gap-[0.6em] overflow-hidden rounded-[0.35em] border-[0.08em] border-l-[0.6em] border-line bg-surface px-[1.2em] py-[0.8em] ${style.edge} ${firing ? style.wash : ''} ${stale ? 'opacity-55' : ''}`}
      style={{ fontSize: '2.4vh' }}
    >
      <div className="flex items-center gap-[0.6em]">
        <NocBadge severity={status.severity} className="text-[1.6em]" />
        <h2 className="min-w-0 flex-1 text-[1.7em] leading-tight font-bold">{status.title}</h2>
        <p data-testid="noc-rotation-position" className="shrink-0 text-[0.8em] text-muted tabular-nums">
          {position} / {total} firing · next view in {formatDuration(rotateMs)}
        </p>
      </div>
      {level ? (
        <p className="text-muted">
          {level.name}: {level.meaning.toLowerCase()} · respond within {formatDuration(respondWithinMinutes(severityTable, status.severity as keyof SeverityTable, status.firing) * 60_000)}
          {status.firing?.classification ? ` · ${describeClassification(status.firing.classification)}` : null}
        </p>
      ) : null}
      <p data-testid="noc-detail-why" className="text-[1.3em] font-semibold">{describeWhy(status, serverNow)}</p>
      {times.since ? (
        <p className="flex flex-wrap gap-x-[1.2em] text-[1.5em] font-bold tabular-nums">
          <span>{times.since}</span>
          {times.deadline ? <span className={times.deadline.overdue ? 'text-sev-p0' : ''}>{times.deadline.text}</span> : null}
        </p>
      ) : null}
      <div className="flex min-h-[3em] flex-1 items-stretch gap-[1em]">
        <div className="flex shrink-0 flex-col justify-center">
          <p className={`text-[3em] leading-none font-bold tabular-nums ${firing ? style.text : ''}`}>{keyValue}</p>
          <p className="mt-[0.3em] max-w-[22em] text-[0.85em] text-muted">
            {status.key.name}
            {status.key.series ? ` · ${status.key.series}` : ''}
          </p>
        </div>
        <NocSparkline points={status.sparkline} unitWidth={700} className={`min-w-0 flex-1 ${firing ? style.text : 'text-muted'}`} />
      </div>
      <NocSignalList status={status} />
    </section>
  );
}
