import { formatClock } from '@/lib/format';
import { Icon } from '@/components/ui/icon';

/** Nothing could be read: the upstream's own message, never an empty table that would look healthy. */
export function PanelReadError({ what, message }: { what: string; message: string }) {
  return (
    <p role="alert" data-testid="panel-error" className="m-4 flex items-start gap-2 rounded border border-dashed border-sev-unknown px-3 py-2.5 text-sm text-sev-unknown-fg">
      <Icon name="warning" className="mt-0.5 size-4" />
      <span className="min-w-0 break-words">
        <span className="font-semibold">Cannot read {what}.</span> {message}
      </span>
    </p>
  );
}

/** The last good reading is still on screen (dimmed by the caller): since when, and why it is not fresh. */
export function PanelStaleNote({ receivedAt, error }: { receivedAt: number; error: string }) {
  return (
    <p data-testid="stale-notice" className="border-t border-line px-4 py-1.5 text-xs break-words text-sev-unknown-fg">
      <Icon name="refresh" className="mr-1 size-3 align-[-2px]" />
      stale since <time dateTime={new Date(receivedAt).toISOString()}>{formatClock(receivedAt)}</time> — {error}
    </p>
  );
}
