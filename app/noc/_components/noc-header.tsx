import type { Env } from '@/lib/env';
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

/** Clock, environment, sections per level and data age, in type sized from the screen height. */
export function NocHeader({ environment, counts, now, ageMs, stale, waitingReason, notes }: Props) {
  return (
    <header data-testid="noc-header" className="flex shrink-0 items-center gap-[1em] overflow-hidden" style={{ height: `${nocFrame.headerVh}vh`, fontSize: '2.5vh' }}>
      <div className="flex shrink-0 items-center gap-[0.5em]">
        <span aria-hidden="true" className="grid size-[1.5em] place-items-center rounded-[0.2em] bg-fg font-black text-canvas">V</span>
        <h1 className="font-semibold whitespace-nowrap">VoiceHive NOC</h1>
        <span data-testid="noc-environment" aria-label="Environment" className={`rounded-[0.2em] px-[0.5em] font-bold tracking-[0.15em] whitespace-nowrap uppercase ${tones[environment.tone]}`}>
          {environment.name}
        </span>
      </div>
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
      <p data-testid="noc-notes" title={notes.join(' · ')} className="min-w-0 flex-1 truncate text-right text-[0.7em] text-muted">
        {notes.join(' · ')}
      </p>
      <p data-testid="noc-data-age" data-stale={stale ? 'true' : 'false'} className={`max-w-[40%] shrink-0 truncate text-[0.8em] tabular-nums ${stale ? 'font-bold text-sev-p2' : 'text-muted'}`}>
        {ageMs === null ? (waitingReason ? `no data yet: ${waitingReason}` : 'waiting for data…') : `data ${formatDuration(ageMs)} old`}
      </p>
      <time data-testid="noc-clock" dateTime={now === null ? undefined : new Date(now).toISOString()} className="shrink-0 text-[1.45em] leading-none font-bold tabular-nums">
        {now === null ? '--:--:--' : formatClock(now)}
      </time>
    </header>
  );
}
