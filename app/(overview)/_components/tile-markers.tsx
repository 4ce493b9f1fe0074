import type { SectionAlertSummary } from '@/lib/alerts/present';
import { formatClock, formatDuration } from '@/lib/format';

/** A maintenance window over a section (issue 19 fills it in): until when, and why. */
export type TileMaintenance = { until: number; reason: string };

const pill = 'relative z-10 inline-flex shrink-0 items-center gap-1 rounded border px-1.5 py-0.5 text-[11px] font-semibold whitespace-nowrap';

/**
 * "ack olivia" on a tile whose alerts someone has acknowledged, every one of them (one unanswered page is
 * still a page: no marker then). Relative to the layer above the tile's link so its title shows on hover.
 */
export function AckMarker({ alerts, now }: { alerts: SectionAlertSummary | undefined; now: number | null }) {
  if (!alerts || alerts.count <= 0 || alerts.acknowledgedBy === null) return null;
  const ago = now !== null && alerts.acknowledgedAt !== null ? `, ${formatDuration(Math.max(0, now - alerts.acknowledgedAt))} ago` : '';
  const at = alerts.acknowledgedAt !== null ? ` at ${formatClock(alerts.acknowledgedAt)}` : '';
  return (
    <span
      data-testid="ack-marker"
      title={`${alerts.count} ${alerts.count === 1 ? 'alert' : 'alerts'} acknowledged by ${alerts.acknowledgedBy}${at}${ago}`}
      className={`${pill} max-w-[12rem] border-line bg-surface-2 text-muted`}
    >
      <span aria-hidden="true">✓</span>
      <span className="truncate">ack {alerts.acknowledgedBy}</span>
      <span className="sr-only">: alerts acknowledged</span>
    </span>
  );
}

/** "in maintenance" on a section inside a maintenance window, with until when and why on hover. */
export function MaintenanceMarker({ maintenance }: { maintenance: TileMaintenance | null | undefined }) {
  if (!maintenance) return null;
  return (
    <span
      data-testid="maintenance-marker"
      title={`In a maintenance window until ${formatClock(maintenance.until)}: ${maintenance.reason}`}
      className={`${pill} border-dashed border-sev-p3 text-fg`}
    >
      in maintenance
      <span className="sr-only">{` until ${formatClock(maintenance.until)}: ${maintenance.reason}`}</span>
    </span>
  );
}
