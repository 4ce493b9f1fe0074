'use client';

import { formatClock, formatDuration } from '@/lib/format';
import { useNow } from '@/lib/client/use-now';

/** How long a request can still be decided, counting down; its row moves to the history when it lapses. */
export function ExpiresIn({ at }: { at: number }) {
  const now = useNow();
  const remaining = now === null ? null : at - now;
  const soon = remaining !== null && remaining < 120_000;
  return (
    <time dateTime={new Date(at).toISOString()} title={`expires at ${formatClock(at)}`} className={`tabular-nums ${soon ? 'font-semibold' : ''}`}>
      {remaining === null ? `at ${formatClock(at)}` : remaining > 0 ? `in ${formatDuration(remaining)}` : 'expired'}
    </time>
  );
}

/** "14:02:11 (12 min ago)" in the viewer's zone; the clock part waits for the browser, which knows that zone. */
export function RequestedAt({ at }: { at: number }) {
  const now = useNow();
  return (
    <time dateTime={new Date(at).toISOString()} className="tabular-nums">
      {now === null ? '…' : `${formatClock(at)} (${formatDuration(now - at)} ago)`}
    </time>
  );
}
