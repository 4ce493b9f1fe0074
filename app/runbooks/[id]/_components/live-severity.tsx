'use client';

import type { SeverityTable } from '@/lib/catalog/load';
import { formatDuration } from '@/lib/format';
import { useLiveSection } from '@/lib/client/use-live-section';
import { useNow } from '@/lib/client/use-now';
import { Deadline } from '@/components/deadline';
import { describeWhy } from '@/components/describe-status';
import { FiringSince } from '@/components/firing-since';
import { SeverityBadge } from '@/components/severity-badge';
import { isFiring, severityStyles } from '@/components/severity-style';
import { StaleNotice } from '@/components/stale-notice';
import { Skeleton } from '@/components/ui/skeleton';
import { describeClassification, respondWithinMinutes } from '@/lib/severity/respond-within';
import { DataAge } from './data-age';

type Props = { id: string; pollMs: number; staleAfterMs: number; severityTable: SeverityTable };

/** The section's live verdict: level, why, since when, and how long is left to respond. */
export function LiveSeverity({ id, pollMs, staleAfterMs, severityTable }: Props) {
  const { status, failure, firstError } = useLiveSection({ id, pollMs, staleAfterMs });
  const now = useNow();

  if (!status) {
    return (
      <div data-testid="section-status" data-severity="unknown" aria-busy={firstError ? undefined : true} className="rounded-lg border border-l-4 border-dashed border-line border-l-sev-unknown bg-surface p-4">
        <SeverityBadge severity="unknown" size="lg" />
        {firstError ? <p className="mt-2 text-sm text-sev-unknown-fg">No data yet: {failure}</p> : <Skeleton className="mt-3 h-5 w-3/4" />}
      </div>
    );
  }

  const style = severityStyles[status.severity];
  const firing = isFiring(status.severity);
  const level = status.firing ? severityTable[status.firing.severity] : null;
  return (
    <div
      data-testid="section-status"
      data-severity={status.severity}
      data-stale={status.stale ? 'true' : 'false'}
      className={`rounded-lg border border-l-4 border-line bg-surface p-4 ${style.edge} ${firing ? style.wash : ''}`}
    >
      <div className="flex flex-wrap items-center gap-3">
        <SeverityBadge severity={status.severity} size="lg" />
        {level && status.firing ? (
          <span className="text-sm font-medium">
            {level.name} — {level.meaning}
            <span className="text-muted"> · respond within {formatDuration(respondWithinMinutes(severityTable, status.firing.severity, status.firing) * 60_000)}</span>
          </span>
        ) : null}
        {status.firing?.classification ? (
          <span data-testid="seed-classification" className="text-sm text-muted" title="How the rule's runbook classifies it, in its own scale">
            {describeClassification(status.firing.classification)}
          </span>
        ) : null}
      </div>
      <p className={`mt-3 text-lg leading-snug font-semibold ${status.stale ? 'opacity-60' : ''}`}>{describeWhy(status, now)}</p>
      {firing && status.firingSince !== null ? (
        <p className="mt-1 flex flex-wrap gap-x-2 text-[15px] tabular-nums">
          <FiringSince status={status} className="font-medium" />
          {status.respondBy !== null ? (
            <>
              <span aria-hidden="true" className="text-muted">·</span>
              <Deadline respondBy={status.respondBy} />
            </>
          ) : null}
        </p>
      ) : null}
      <StaleNotice status={status} className="mt-2 text-sm" />
      <DataAge evaluatedAt={status.evaluatedAt} pollMs={pollMs} stale={status.stale !== null || failure !== null} className="mt-2" />
    </div>
  );
}
