import { describe, expect, it } from 'vitest';
import type { Figure } from './figures';
import { dayBounds, dayInZone, describeFigure, formatInZone } from './format';

describe('routine times in the configured zone', () => {
  it('formats in the zone, summer and winter', () => {
    expect(formatInZone(Date.parse('2026-12-04T09:00:00Z'), 'Europe/London')).toBe('Fri 4 Dec, 09:00 GMT');
    expect(formatInZone(Date.parse('2026-06-05T08:00:00Z'), 'Europe/London')).toBe('Fri 5 Jun, 09:00 BST');
    expect(formatInZone(null, 'UTC')).toBe('—');
  });

  it('a day is 23 h when the clocks go forward and 25 h when they go back', () => {
    expect(dayBounds('2026-12-04', 'Europe/London')).toEqual({ from: Date.parse('2026-12-04T00:00:00Z'), to: Date.parse('2026-12-05T00:00:00Z') });
    const spring = dayBounds('2026-03-29', 'Europe/London');
    expect([spring.from, spring.to]).toEqual([Date.parse('2026-03-29T00:00:00Z'), Date.parse('2026-03-29T23:00:00Z')]);
    const autumn = dayBounds('2026-10-25', 'Europe/London');
    expect([autumn.from, autumn.to]).toEqual([Date.parse('2026-10-24T23:00:00Z'), Date.parse('2026-10-26T00:00:00Z')]);
    expect(dayBounds('2026-12-04', 'America/New_York').from).toBe(Date.parse('2026-12-04T05:00:00Z'));
    expect(dayInZone(Date.parse('2026-10-24T23:30:00Z'), 'Europe/London')).toBe('2026-10-25');
  });
});

describe('describeFigure', () => {
  const base: Omit<Figure, 'state' | 'reason' | 'total' | 'series'> = { label: '5xx responses in the last 24 h', section: 'error-rate', unit: 'count', window: '24h', compare: null, yesterdayReason: null, readAt: 1 };
  it('a count with its largest contributors, the rest counted', () => {
    const series = ['a', 'b', 'c', 'd', 'e'].map((name, i) => ({ name, value: 100 - i, yesterday: null }));
    expect(describeFigure({ ...base, state: 'read', reason: null, total: 490, series })).toMatch(/^5xx responses in the last 24 h: 490 \(a 100; b 99; c 98; 2 more\)$/);
  });
  it('an unknown figure says why, never a number', () => {
    expect(describeFigure({ ...base, state: 'unknown', reason: 'Prometheus: connection refused', total: null, series: [] })).toBe('5xx responses in the last 24 h: unknown (Prometheus: connection refused)');
  });
});
