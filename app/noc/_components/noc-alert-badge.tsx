import type { SectionAlertSummary } from '@/lib/alerts/present';
import { formatClock, formatDuration } from '@/lib/format';
import { Icon } from '@/components/ui/icon';

/** Active alerts on a section, and whether someone acknowledged them. */
export type NocTileAlerts = SectionAlertSummary;

/** The slot in a tile's top row for its alerts: how many, and who acknowledged them how long ago (on the server's clock). */
export function NocAlertBadge({ alerts, now }: { alerts: NocTileAlerts; now: number | null }) {
  if (alerts.count <= 0) return null;
  const acknowledged = alerts.acknowledgedBy !== null;
  return (
    <span
      data-testid="noc-alert-badge"
      data-count={alerts.count}
      data-acknowledged={acknowledged ? 'true' : 'false'}
      title={acknowledged && alerts.acknowledgedAt !== null ? `acknowledged by ${alerts.acknowledgedBy} at ${formatClock(alerts.acknowledgedAt)}` : undefined}
      className={`inline-flex min-w-0 items-center gap-[0.3em] truncate rounded-[0.25em] border-[0.08em] px-[0.35em] text-[0.8em] font-bold ${acknowledged ? 'border-line text-muted' : 'border-fg text-fg'}`}
    >
      <Icon name="warning" className="size-[1em]" />
      <span className="tabular-nums">{alerts.count}</span>
      <span className="truncate">
        {acknowledged ? `ack ${alerts.acknowledgedBy}${now !== null && alerts.acknowledgedAt !== null ? ` ${formatDuration(now - alerts.acknowledgedAt)} ago` : ''}` : alerts.count === 1 ? 'alert' : 'alerts'}
      </span>
    </span>
  );
}
