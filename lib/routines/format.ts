import { formatValue } from '@/lib/format';
import type { Figure } from './figures';

// Times on the routine pages are read in the routines' configured time zone (the one the schedules are in).

/** "Fri 4 Dec, 09:00 GMT" in the given IANA zone; "—" for none. */
export function formatInZone(at: number | null, timeZone: string): string {
  if (at === null) return '—';
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).format(new Date(at));
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the zone. */
export function dayInZone(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
}

/** The zone's offset from UTC (ms) at an instant. */
function offsetAt(at: number, timeZone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** Local midnight of `day` in the zone, as epoch ms (DST-safe: the offset is taken at that midnight). */
export function startOfDayInZone(day: string, timeZone: string): number {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  let guess = utcMidnight - offsetAt(utcMidnight, timeZone);
  guess = utcMidnight - offsetAt(guess, timeZone);
  return guess;
}

/** [start, end) of a calendar day in the zone (23 or 25 hours on the days the clocks change). */
export function dayBounds(day: string, timeZone: string): { from: number; to: number } {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: startOfDayInZone(day, timeZone), to: startOfDayInZone(next, timeZone) };
}

/** A figure against the same time yesterday: "+20 %" / "−5 %" / "unchanged" against yesterday, or null when there is nothing to compare. */
export function describeChange(value: number, yesterday: number | null): string | null {
  if (yesterday === null || !Number.isFinite(yesterday)) return null;
  if (yesterday === 0) return value === 0 ? 'unchanged' : 'up from 0';
  const change = (value - yesterday) / Math.abs(yesterday);
  if (Math.abs(change) < 0.005) return 'unchanged';
  return `${change > 0 ? '+' : '−'}${Math.round(Math.abs(change) * 100)} %`;
}

/** "5xx responses in the last 24 h: 1,204 (orchestrator 500: 1,180 …)"; "API p95 against yesterday: orchestrator 0.42 s (+20 %)". */
export function describeFigure(f: Figure): string {
  if (f.state === 'unknown') return `${f.label}: unknown (${f.reason})`;
  const parts = f.series.map((s) => {
    const change = f.compare ? describeChange(s.value, s.yesterday) : null;
    const against = f.compare ? (s.yesterday === null ? '' : `, yesterday ${formatValue(s.yesterday, f.unit)}${change ? `, ${change}` : ''}`) : '';
    return `${s.name ? `${s.name} ` : ''}${formatValue(s.value, f.unit)}${against}`;
  });
  // A count names its largest contributors (the server sorts them), not every series.
  const largest = parts.length > 3 ? [...parts.slice(0, 3), `${parts.length - 3} more`] : parts;
  const head = f.total !== null ? `${formatValue(f.total, 'count')}${parts.length > 1 ? ` (${largest.join('; ')})` : ''}` : parts.join('; ');
  return `${f.label}: ${head}${f.yesterdayReason ? ` (${f.yesterdayReason})` : ''}`;
}
