import { describe, expect, it } from 'vitest';
import { chooseBooleanWords, formatClock, formatDuration, formatFiringRule, formatValue } from './format';

describe('formatValue', () => {
  it('shows missing and unreadable values as a dash, infinities as ∞', () => {
    expect(formatValue(null, 'ratio')).toBe('—');
    expect(formatValue(undefined, 'count')).toBe('—');
    expect(formatValue(Number.NaN, 'seconds')).toBe('—');
    expect(formatValue(Infinity, 'seconds')).toBe('∞');
    expect(formatValue(-Infinity, 'count')).toBe('−∞');
  });

  it('formats ratios as percentages with fewer decimals as they grow', () => {
    expect(formatValue(0.812, 'ratio')).toBe('81.2 %');
    expect(formatValue(0.95, 'ratio')).toBe('95 %');
    expect(formatValue(1, 'ratio')).toBe('100 %');
    expect(formatValue(0.0123, 'ratio')).toBe('1.23 %');
    expect(formatValue(0.00042, 'ratio')).toBe('0.042 %');
    expect(formatValue(0, 'ratio')).toBe('0 %');
  });

  it('formats seconds as ms below one second, minutes and hours for long ones', () => {
    expect(formatValue(0.42, 'seconds')).toBe('420 ms');
    expect(formatValue(0.0042, 'seconds')).toBe('4.2 ms');
    expect(formatValue(2.1, 'seconds')).toBe('2.1 s');
    expect(formatValue(1.5, 'seconds')).toBe('1.5 s');
    expect(formatValue(0, 'seconds')).toBe('0 s');
    expect(formatValue(90, 'seconds')).toBe('1 min 30 s');
    expect(formatValue(7500, 'seconds')).toBe('2 h 5 min');
  });

  it('formats bytes with binary prefixes', () => {
    expect(formatValue(512, 'bytes')).toBe('512 B');
    expect(formatValue(1536, 'bytes')).toBe('1.5 KiB');
    expect(formatValue(812 * 1024 ** 2, 'bytes')).toBe('812 MiB');
    expect(formatValue(1.25 * 1024 ** 3, 'bytes')).toBe('1.3 GiB');
  });

  it('formats counts with grouping and compact large numbers', () => {
    expect(formatValue(3, 'count')).toBe('3');
    expect(formatValue(12345, 'count')).toBe('12,345');
    expect(formatValue(2.5, 'count')).toBe('2.5');
    expect(formatValue(3_400_000, 'count')).toBe('3.4 M');
  });

  it('formats rates per second', () => {
    expect(formatValue(3.2, 'per-second')).toBe('3.2/s');
    expect(formatValue(0.042, 'per-second')).toBe('0.042/s');
    expect(formatValue(1234.4, 'per-second')).toBe('1,234/s');
    expect(formatValue(0, 'per-second')).toBe('0/s');
  });

  it('formats booleans in words, with chosen words for liveness gauges', () => {
    expect(formatValue(1, 'boolean')).toBe('yes');
    expect(formatValue(0, 'boolean')).toBe('no');
    expect(formatValue(1, 'boolean', ['down', 'up'])).toBe('up');
    expect(formatValue(0, 'boolean', ['down', 'up'])).toBe('down');
    expect(formatValue(0.5, 'boolean')).toBe('0.5');
    expect(chooseBooleanWords('pg_up')).toEqual(['down', 'up']);
    expect(chooseBooleanWords('LiveKit up')).toEqual(['down', 'up']);
    expect(chooseBooleanWords('region violation')).toEqual(['no', 'yes']);
    expect(chooseBooleanWords('uptime')).toEqual(['no', 'yes']);
  });

  it('formats a timestamp age in seconds as a duration', () => {
    expect(formatValue(7500, 'timestamp-age')).toBe('2 h 5 min');
    expect(formatValue(26 * 3600, 'timestamp-age')).toBe('1 d 2 h');
    expect(formatValue(-120, 'timestamp-age')).toBe('−2 min');
  });

  it('never shows a negative zero', () => {
    expect(formatValue(-0.0000001, 'count')).toBe('0');
  });
});

describe('formatDuration', () => {
  it('is coarser as the duration grows', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(999)).toBe('0 s');
    expect(formatDuration(4_000)).toBe('4 s');
    expect(formatDuration(252_000)).toBe('4 min 12 s');
    expect(formatDuration(240_000)).toBe('4 min');
    expect(formatDuration(47 * 60_000 + 30_000)).toBe('47 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000)).toBe('3 d 4 h');
  });

  it('treats negative durations as zero and infinity as ∞', () => {
    expect(formatDuration(-5_000)).toBe('0 s');
    expect(formatDuration(Infinity)).toBe('∞');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('formatClock', () => {
  it('shows the local wall-clock time with seconds', () => {
    expect(formatClock(new Date(2025, 0, 2, 9, 5, 7).getTime())).toBe('09:05:07');
    expect(formatClock(new Date(2025, 0, 2, 23, 59, 0).getTime())).toBe('23:59:00');
  });
});

describe('formatFiringRule', () => {
  it('puts the value against the threshold with the comparison', () => {
    expect(formatFiringRule({ op: '<', threshold: 0.95, value: 0.812, series: '' }, 'Call success rate', 'ratio')).toBe('Call success rate 81.2 % < 95 %');
    expect(formatFiringRule({ op: '>=', threshold: 0.5, value: 0.73, series: 'apaleo' }, 'PMS p95', 'seconds')).toBe('PMS p95 (apaleo) 730 ms ≥ 500 ms');
    expect(formatFiringRule({ op: '==', threshold: 0, value: 0, series: '' }, 'Redis up', 'boolean', ['down', 'up'])).toBe('Redis up down = down');
  });
});
