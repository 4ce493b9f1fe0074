import { Icon } from '@/components/ui/icon';
import { formatClock } from '@/lib/format';

/** HH:MM on this wall's clock: "last update 14:02". */
function formatHourMinute(at: number): string {
  return formatClock(at).slice(0, 5);
}

/**
 * Full width, white on the dark wall (no severity colour: it is about the data, not the estate):
 * the data on screen is old, since when, why, and that the wall keeps trying by itself.
 */
export function NocStaleBanner({ lastUpdateAt, reason }: { lastUpdateAt: number; reason: string }) {
  return (
    <div
      role="alert"
      data-testid="noc-stale-banner"
      className="flex shrink-0 items-center gap-[0.8em] overflow-hidden rounded-[0.3em] border-[0.15em] border-dashed border-canvas bg-fg px-[0.8em] py-[0.3em] text-canvas"
      style={{ fontSize: '2.6vh' }}
    >
      <Icon name="refresh" className="size-[1.3em]" />
      <p className="shrink-0 text-[1.25em] font-extrabold tracking-wide whitespace-nowrap">
        DATA STALE — last update <time dateTime={new Date(lastUpdateAt).toISOString()}>{formatHourMinute(lastUpdateAt)}</time>
      </p>
      <p title={reason} className="min-w-0 flex-1 truncate text-[0.8em] font-medium">
        {reason} · reconnecting by itself; old data never shows OK
      </p>
    </div>
  );
}
