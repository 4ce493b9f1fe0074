'use client';

import type { Env } from '@/lib/env';
import { useFitFont } from '@/lib/client/use-fit-font';
import { formatClock, formatDuration } from '@/lib/format';
import { nocFrame } from '@/lib/noc/grid-layout';
import { severityOrder, type Severity } from '@/lib/severity/types';
import { NocBadge } from './noc-badge';

// The environment banner's tones (app/_components/environment-banner.tsx), as a pill for the wall's header.
const tones: Record<Env['ENVIRONMENT_TONE'], string> = {
  red: 'bg-red-700 text-white',
  amber: 'bg-amber-400 text-black',
  green: 'bg-green-700 text-white',
  blue: 'bg-blue-700 text-white',
  gray: 'bg-surface-2 text-fg border border-line',
};

type Props = {
  environment: { name: string; tone: Env['ENVIRONMENT_TONE'] };
  counts: Record<Severity, number> | null;
  /** This browser's clock (null on the server). */
  now: number | null;
  ageMs: number | null;
  stale: boolean;
  /** Why there is no data yet, before the first answer. */
  waitingReason: string | null;
  /** Options in force and options ignored, in a few words. */
  notes: string[];
};

// The header's type size at its largest (vh: a 4K wall reads like a 1080p one); useFitFont shrinks it to fit.
const HEADER_FONT_VH = 2.5;

/**
 * Clock, environment, sections per level and data age, in type sized from the screen height. Nothing in
 * it is ever cut: the environment name wraps onto a second line, and when the whole still does not fit
 * (a 1366 px screen, the longest allowed name, a long note) every part shrinks together.
 */
export function NocHeader({ environment, counts, now, ageMs, stale, waitingReason, notes }: Props) {
  const age = ageMs === null ? (waitingReason ? `no data yet: ${waitingReason}` : 'waiting for data…') : `data ${formatDuration(ageMs)} old`;
  const ref = useFitFont<HTMLElement>(HEADER_FONT_VH, [environment.name, notes.join('|'), counts ? severityOrder.map((s) => counts[s]).join() : '', age.length].join('\n'));
  return (
    <header ref={ref} data-testid="noc-header" className="flex shrink-0 items-center gap-[1em] overflow-hidden" style={{ height: `${nocFrame.headerVh}vh`, fontSize: `${HEADER_FONT_VH}vh` }}>
      <div className="flex shrink-0 items-center gap-[0.5em]">
        <span aria-hidden="true" className="grid size-[1.5em] place-items-center rounded-[0.2em] bg-fg font-black text-canvas">V</span>
        <h1 className="font-semibold whitespace-nowrap">VoiceHive NOC</h1>
      </div>
      {/* Wraps onto a second line (anywhere, for a name without spaces) rather than pushing the clock off screen. */}
      <span
        data-testid="noc-environment"
        data-fit-part
        aria-label="Environment"
        className={`line-clamp-2 max-w-[19em] shrink-0 rounded-[0.2em] px-[0.5em] py-[0.1em] text-[0.75em] leading-[1.15] font-bold tracking-[0.08em] uppercase [overflow-wrap:anywhere] ${tones[environment.tone]}`}
      >
        {environment.name}
      </span>
      <ul aria-label="Sections per severity" className="flex shrink-0 items-center gap-[0.45em]">
        {severityOrder.map((severity) => {
          const count = counts?.[severity] ?? null;
          return (
            <li key={severity} data-severity={severity} data-count={count ?? ''} className={`flex items-center gap-[0.25em] ${count ? '' : 'opacity-40'}`}>
              <NocBadge severity={severity} className="text-[0.75em]" />
              <span className="min-w-[1.2ch] font-bold tabular-nums">{count ?? '–'}</span>
            </li>
          );
        })}
      </ul>
      <p data-testid="noc-notes" data-fit-part title={notes.join(' · ')} className="line-clamp-2 min-w-[6em] flex-1 text-right text-[0.65em] leading-[1.15] text-muted">
        {notes.join(' · ')}
      </p>
      <p data-testid="noc-data-age" data-fit-part data-stale={stale ? 'true' : 'false'} className={`shrink-0 text-[0.8em] whitespace-nowrap tabular-nums ${stale ? 'font-bold text-sev-p2' : 'text-muted'}`}>
        {age}
      </p>
      <time data-testid="noc-clock" data-fit-part dateTime={now === null ? undefined : new Date(now).toISOString()} className="shrink-0 text-[1.45em] leading-[1.15] font-bold whitespace-nowrap tabular-nums">
        {now === null ? '--:--:--' : formatClock(now)}
      </time>
    </header>
  );
}
