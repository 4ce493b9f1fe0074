'use client';

import { formatDuration } from '@/lib/format';
import { useNow } from '@/lib/client/use-now';

/** "data 4 s old · refresh every 5 s", ticking every second. */
export function DataAge({ evaluatedAt, pollMs, stale, className = '' }: { evaluatedAt: number; pollMs: number; stale: boolean; className?: string }) {
  const now = useNow();
  const age = now === null ? null : Math.max(0, now - evaluatedAt);
  return (
    <p className={`text-xs text-muted ${className}`}>
      <time data-testid="data-age" data-stale={stale ? 'true' : 'false'} dateTime={new Date(evaluatedAt).toISOString()} className={`tabular-nums ${stale ? 'font-semibold text-sev-unknown-fg' : ''}`}>
        data {age === null ? '…' : formatDuration(age)} old
      </time>
      <span> · refresh every {formatDuration(pollMs)}</span>
    </p>
  );
}
