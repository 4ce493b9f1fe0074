import { formatClock, formatDuration } from '@/lib/format';
import { Icon } from './ui/icon';

type Props = {
  reason: string;
  /** When the newest data on screen was read (epoch ms). */
  since: number | null;
  staleAfterMs: number;
  /** True when the browser cannot reach the console; false when the console cannot reach its upstream. */
  fromBrowser: boolean;
  /** True once sections have turned unknown because the data is older than staleAfterMs. */
  expired: boolean;
};

/** A page-wide warning that what is shown is old: it says since when, why, and what happens next. */
export function StaleBanner({ reason, since, staleAfterMs, fromBrowser, expired }: Props) {
  return (
    <div
      role="alert"
      data-testid="stale-banner"
      className="flex flex-wrap items-start gap-x-3 gap-y-1 rounded-lg border-2 border-dashed border-sev-unknown bg-sev-unknown/10 px-4 py-3"
    >
      <Icon name="refresh" className="mt-0.5 size-5 text-sev-unknown-fg" />
      <div className="min-w-0 flex-1">
        <p className="font-semibold">
          Data is stale{since !== null ? <> since <time dateTime={new Date(since).toISOString()}>{formatClock(since)}</time></> : null} —{' '}
          {fromBrowser ? 'the console cannot be reached' : 'the console cannot read its data source'}
        </p>
        <p className="mt-0.5 text-sm break-words text-muted">
          {reason}.{' '}
          {expired
            ? `No fresh data for over ${formatDuration(staleAfterMs)}: severities are UNKNOWN; the last readings stay on screen, dimmed.`
            : `The last good reading stays on screen, dimmed: sections that were OK show UNKNOWN, firing ones keep their level until ${formatDuration(staleAfterMs)} without fresh data.`}{' '}
          Retrying automatically.
        </p>
      </div>
    </div>
  );
}
