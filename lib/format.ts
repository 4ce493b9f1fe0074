import type { Comparison, Unit } from '@/lib/catalog/schema';

/**
 * Pure formatting for people: values by unit, durations and relative times.
 * Shared by server and client components; no locale surprises (fixed en-US digits, ASCII-free minus).
 */

const DASH = '—';
const MINUS = '−';

type NumberOptions = { min?: number; max: number; grouping?: boolean };

function formatNumber(value: number, { min = 0, max, grouping = true }: NumberOptions): string {
  const text = new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: grouping }).format(Math.abs(value));
  // Rounding may turn a tiny negative into zero: no "−0".
  return value < 0 && Number(text.replaceAll(',', '')) !== 0 ? `${MINUS}${text}` : text;
}

/** Fewer decimals as numbers grow: 81.23 → 81.2, 4.256 → 4.26, 0.0421 → 0.042. */
function decimalsFor(abs: number): number {
  if (abs >= 100) return 0;
  if (abs >= 10) return 1;
  if (abs >= 1) return 2;
  return 3;
}

function formatPercent(ratio: number): string {
  const pct = ratio * 100;
  return `${formatNumber(pct, { max: decimalsFor(Math.abs(pct)), grouping: false })} %`;
}

function formatSeconds(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 0.001) return `${formatNumber(seconds * 1e6, { max: 0 })} µs`;
  if (abs < 1) return `${formatNumber(seconds * 1000, { max: abs < 0.01 ? 1 : 0 })} ms`;
  if (abs < 60) return `${formatNumber(seconds, { max: 1 })} s`;
  return `${seconds < 0 ? MINUS : ''}${formatDuration(abs * 1000)}`;
}

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

function formatBytes(bytes: number): string {
  let scaled = Math.abs(bytes);
  let index = 0;
  while (scaled >= 1024 && index < byteUnits.length - 1) {
    scaled /= 1024;
    index += 1;
  }
  const signed = bytes < 0 ? -scaled : scaled;
  return `${formatNumber(signed, { max: index === 0 || scaled >= 100 ? 0 : 1 })} ${byteUnits[index]}`;
}

function formatCount(count: number): string {
  const abs = Math.abs(count);
  if (abs >= 1e9) return `${formatNumber(count / 1e9, { max: 1 })} G`;
  if (abs >= 1e6) return `${formatNumber(count / 1e6, { max: 1 })} M`;
  return formatNumber(count, { max: Number.isInteger(count) ? 0 : 2 });
}

function formatPerSecond(rate: number): string {
  const abs = Math.abs(rate);
  if (abs === 0) return '0/s';
  if (abs < 1) return `${formatNumber(rate, { max: abs < 0.01 ? 4 : 3 })}/s`;
  return `${formatNumber(rate, { max: abs >= 100 ? 0 : 1 })}/s`;
}

export type BooleanWords = readonly [whenFalse: string, whenTrue: string];

/**
 * A value in its catalog unit, e.g. formatValue(0.812, 'ratio') → "81.2 %".
 * null/NaN (cannot be read) → "—"; ±Inf → "∞"/"−∞" (a quantile beyond every bucket).
 */
export function formatValue(value: number | null | undefined, unit: Unit, booleanWords: BooleanWords = ['no', 'yes']): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  if (value === Infinity) return '∞';
  if (value === -Infinity) return `${MINUS}∞`;
  switch (unit) {
    case 'ratio':
      return formatPercent(value);
    case 'seconds':
      return formatSeconds(value);
    case 'bytes':
      return formatBytes(value);
    case 'count':
      return formatCount(value);
    case 'per-second':
      return formatPerSecond(value);
    case 'boolean':
      // Anything but a clean 0/1 (e.g. an average over series) is shown as the number it is.
      if (value === 0) return booleanWords[0];
      if (value === 1) return booleanWords[1];
      return formatNumber(value, { max: 2 });
    case 'timestamp-age':
      return `${value < 0 ? MINUS : ''}${formatDuration(Math.abs(value) * 1000)}`;
  }
}

/** "up"/"down" reads better than "yes"/"no" for liveness gauges such as pg_up or livekit_up. */
export function chooseBooleanWords(signalIdOrName: string): BooleanWords {
  return /(^|[\s_-])(up|available|reachable|alive)($|[\s_-])/i.test(signalIdOrName) ? ['down', 'up'] : ['no', 'yes'];
}

/**
 * A duration for people, coarser as it grows: "4 s", "4 min 12 s" (below 10 min, where seconds
 * still matter to a countdown), "47 min", "2 h 5 min", "3 d 4 h". Negative durations count as zero.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return ms > 0 ? '∞' : DASH;
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes >= 10) return `${minutes} min`;
  if (minutes > 0) return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
  return `${seconds} s`;
}

/** Wall-clock time "HH:MM:SS" (24 h, the viewer's time zone). */
export function formatClock(at: number): string {
  const date = new Date(at);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

const opSymbols: Record<Comparison, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '==': '=', '!=': '≠' };

export function formatComparison(op: Comparison): string {
  return opSymbols[op];
}

/** A firing rule in words: "Call success rate 81.2 % < 95 %", with the series when there are several. */
export function formatFiringRule(rule: { op: Comparison; threshold: number; value: number; series: string }, name: string, unit: Unit, booleanWords?: BooleanWords): string {
  const subject = rule.series ? `${name} (${rule.series})` : name;
  return `${subject} ${formatValue(rule.value, unit, booleanWords)} ${formatComparison(rule.op)} ${formatValue(rule.threshold, unit, booleanWords)}`;
}
