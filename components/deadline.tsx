'use client';

import { formatClock, formatDuration } from '@/lib/format';
import { useNow } from '@/lib/client/use-now';
import { Icon } from './ui/icon';

/** The response deadline from the severity table: "respond within 47 min", or "overdue by 5 min" once passed. */
export function Deadline({ respondBy, className = '' }: { respondBy: number; className?: string }) {
  const now = useNow();
  const remaining = now === null ? null : respondBy - now;
  const overdue = remaining !== null && remaining < 0;
  const text = remaining === null ? 'respond by' : overdue ? `overdue by ${formatDuration(-remaining)}` : `respond within ${formatDuration(remaining)}`;
  return (
    <time
      dateTime={new Date(respondBy).toISOString()}
      title={`respond by ${formatClock(respondBy)}`}
      data-overdue={overdue ? 'true' : 'false'}
      className={`tabular-nums ${overdue ? 'font-semibold text-sev-p0' : ''} ${className}`}
    >
      {overdue ? <Icon name="warning" className="mr-1 size-3.5 align-[-2px]" /> : null}
      {text}
    </time>
  );
}
