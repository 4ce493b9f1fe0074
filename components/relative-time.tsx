'use client';

import { formatClock, formatDuration } from '@/lib/format';
import { useNow } from '@/lib/client/use-now';

type Props = {
  /** The moment being described (epoch ms). */
  at: number;
  /** `elapsed`: how long since `at` ("12 min"); `until`: how long until it ("47 min"). */
  mode?: 'elapsed' | 'until';
  prefix?: string;
  suffix?: string;
  /** Prefix the duration with "≥": the moment is only known to be at least this long ago. */
  atLeast?: boolean;
  className?: string;
};

/**
 * A duration relative to now, ticking every second, inside a <time> that carries the absolute moment
 * (machine-readable, and shown as a tooltip) so screen readers and people can get the exact time.
 */
export function RelativeTime({ at, mode = 'elapsed', prefix = '', suffix = '', atLeast = false, className }: Props) {
  const now = useNow();
  const delta = now === null ? null : mode === 'elapsed' ? now - at : at - now;
  const text = delta === null ? '…' : `${atLeast ? '≥ ' : ''}${formatDuration(delta)}`;
  const absolute = new Date(at);
  return (
    <time dateTime={absolute.toISOString()} title={`${absolute.toLocaleDateString('en-CA')} ${formatClock(at)}`} className={className}>
      {prefix}
      {text}
      {suffix}
    </time>
  );
}
