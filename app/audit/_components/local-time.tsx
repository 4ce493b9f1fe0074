'use client';

import { useSyncExternalStore } from 'react';
import { formatClock } from '@/lib/format';

const subscribe = () => () => {};

function zoneName(at: number): string {
  return new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/**
 * A record's time in the viewer's own zone, with the exact UTC instant as a tooltip. The server does not
 * know the viewer's zone, so its HTML (and a browser without JavaScript) shows UTC, said as such.
 */
export function LocalTime({ at }: { at: number }) {
  const inBrowser = useSyncExternalStore(subscribe, () => true, () => false);
  const iso = new Date(at).toISOString();
  const text = inBrowser ? `${new Date(at).toLocaleDateString('en-CA')} ${formatClock(at)} ${zoneName(at)}` : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap tabular-nums">
      {text}
    </time>
  );
}
