import type { SectionAlertSummary } from '@/lib/alerts/present';
import { formatClock, formatDuration } from '@/lib/format';
import { formatShortAge } from '@/lib/noc/tile-alerts';
import { Icon } from '@/components/ui/icon';

/** Active alerts on a section and whether someone acknowledged them, or `unknown` while the alerts cannot be read. */
export type NocTileAlerts = SectionAlertSummary | { unknown: string };

const frame = 'inline-flex min-w-0 items-center gap-[0.3em] overflow-hidden whitespace-nowrap rounded-[0.25em] border-[0.08em] px-[0.35em] text-[0.8em] font-bold';

/**
 * The slot in a tile's top row for its alerts: how many, and who acknowledged them how long ago (on
 * the server's clock), in few words ("2 ack olivia 5m"): a long name is cut, the count and age never
 * are. While the alerts cannot be read it says "alerts ?", never the last answer as if current.
 */
export function NocAlertBadge({ alerts, now }: { alerts: NocTileAlerts; now: number | null }) {
  if ('unknown' in alerts) {
    return (
      <span data-testid="noc-alert-badge" data-noc-fit="alerts" data-unknown="true" title={`alerts unknown: ${alerts.unknown}`} className={`${frame} border-dashed border-sev-unknown text-sev-unknown-fg`}>
        <Icon name="warning" className="size-[1em]" />
        <span aria-hidden="true">alerts ?</span> <span className="sr-only">alerts unknown</span>
      </span>
    );
  }
  if (alerts.count <= 0) return null;
  const acknowledged = alerts.acknowledgedBy !== null;
  const ageMs = now !== null && alerts.acknowledgedAt !== null ? now - alerts.acknowledgedAt : null;
  return (
    <span
      data-testid="noc-alert-badge"
      data-noc-fit="alerts"
      data-count={alerts.count}
      data-acknowledged={acknowledged ? 'true' : 'false'}
      title={acknowledged && alerts.acknowledgedAt !== null ? `acknowledged by ${alerts.acknowledgedBy} at ${formatClock(alerts.acknowledgedAt)}${ageMs === null ? '' : `, ${formatDuration(ageMs)} ago`}` : undefined}
      className={`${frame} ${acknowledged ? 'border-line text-muted' : 'border-fg text-fg'}`}
    >
      <Icon name="warning" className="size-[1em]" />
      {/* The spaces between the parts are for the text (screen readers, copies); the flex gap draws them. */}
      <span className="shrink-0 tabular-nums">{alerts.count}</span>{' '}
      {acknowledged ? (
        <>
          <span className="shrink-0">ack</span> <span className="min-w-0 truncate">{alerts.acknowledgedBy}</span>
          {ageMs === null ? null : (
            <>
              {' '}
              <span className="shrink-0 tabular-nums">{formatShortAge(ageMs)}</span>
            </>
          )}
        </>
      ) : (
        <span className="shrink-0">{alerts.count === 1 ? 'alert' : 'alerts'}</span>
      )}
    </span>
  );
}
