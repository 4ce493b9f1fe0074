import { describe, expect, it } from 'vitest';
import type { ConsoleAlert } from './types';
import { formatMinutes, listAckDurations, readAlertSeverity, summarizeAlertsBySection } from './present';

describe('alert presentation', () => {
  it('reads the catalog severities and calls anything else unknown', () => {
    expect(readAlertSeverity({ severity: 'P1' })).toBe('P1');
    expect(readAlertSeverity({ severity: 'critical' })).toBe('unknown');
    expect(readAlertSeverity({ severity: null })).toBe('unknown');
  });

  it('offers durations up to the maximum, with the default marked', () => {
    expect(listAckDurations(3_600_000, 12 * 3_600_000)).toEqual([15, 30, 60, 120, 240, 480, 720].map((minutes) => ({ minutes, isDefault: minutes === 60 })));
    expect(listAckDurations(3_600_000, 45 * 60_000).map((d) => d.minutes)).toEqual([15, 30, 45]);
    expect(listAckDurations(3_600_000, 45 * 60_000).find((d) => d.isDefault)?.minutes).toBe(45);
    expect(formatMinutes(90)).toBe('90 min');
    expect(formatMinutes(720)).toBe('12 h');
    expect(formatMinutes(2880)).toBe('2 d');
  });
});

describe('summarizeAlertsBySection', () => {
  const alert = (sectionId: string | null, state: ConsoleAlert['state'], ack: { by: string; at: number } | null): ConsoleAlert => ({
    fingerprint: Math.random().toString(16).slice(2, 18), name: 'A', sectionId, severity: 'P1', summary: null, labels: {}, startsAt: 0, state,
    ack: ack ? { silenceId: 's', until: ack.at + 1, comment: 'c', endable: true, ...ack } : null,
  });

  it('counts what pages, and names who acknowledged only when every alert is', () => {
    expect(summarizeAlertsBySection([alert('redis', 'firing', null), alert('redis', 'suppressed', { by: 'olivia', at: 5 }), alert('dns', 'pending', null), alert(null, 'firing', null)])).toEqual({
      redis: { count: 2, acknowledgedBy: null, acknowledgedAt: null },
    });
    expect(summarizeAlertsBySection([alert('redis', 'suppressed', { by: 'olivia', at: 5 }), alert('redis', 'suppressed', { by: 'adam', at: 9 })])).toEqual({ redis: { count: 2, acknowledgedBy: 'adam', acknowledgedAt: 9 } });
  });
});
