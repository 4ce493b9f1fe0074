import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '@/lib/catalog/load';
import { checkLiveAnswers, judgeLiveValue, loadRoutinesConfig, parseRoutinesConfig } from './config';
import { describeState, latestOccurrence, routineState } from './schedule';

const config = loadRoutinesConfig(path.resolve(__dirname, '../../config/routines.yaml'));
const morning = config.routines.find((r) => r.id === 'morning-checklist')!;
const zone = 'Europe/London';

describe('routines configuration', () => {
  it('loads config/routines.yaml with every routine of the runbooks', () => {
    expect(config.routines.map((r) => r.id)).toEqual(['morning-checklist', 'midday-check', 'evening-review', 'weekly-maintenance', 'dr-drill', 'monthly-maintenance']);
    expect(config.rotations.map((r) => r.id)).toContain('jwt-secret');
  });

  it('names only sections and signals of the catalog', () => {
    const sections = loadCatalog(path.resolve(__dirname, '../../runbooks'));
    expect(() => checkLiveAnswers(config, sections)).not.toThrow();
    const bad = structuredClone(config);
    bad.routines[0]!.items[0]!.live = { section: 'backups', signal: 'nope' };
    expect(() => checkLiveAnswers(bad, sections)).toThrow(/no signal nope/);
  });

  it('refuses a bad schedule or time zone with the path inside the file', () => {
    expect(() => parseRoutinesConfig('timeZone: Mars/Olympus\nroutines: []\nrotations: []')).toThrow(/timeZone/);
    const text = 'timeZone: UTC\nrotations: []\nroutines:\n  - { id: a, title: A, sources: [x], schedule: "61 9 * * *", graceMinutes: 1, items: [{ id: b, text: B }] }';
    expect(() => parseRoutinesConfig(text)).toThrow(/routines\.0\.schedule: not a valid cron pattern/);
  });
});

describe('due and overdue with a fake clock across a DST change', () => {
  it('09:00 London is 09:00 UTC before the clocks go forward and 08:00 UTC after', () => {
    // Clocks go forward on Sunday 2026-03-29 at 01:00 UTC.
    expect(latestOccurrence(morning.schedule, zone, new Date('2026-03-28T10:00:00Z'))?.toISOString()).toBe('2026-03-28T09:00:00.000Z');
    expect(latestOccurrence(morning.schedule, zone, new Date('2026-03-29T10:00:00Z'))?.toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });

  it('is due within the grace, overdue after, done after a completion', () => {
    // The day after the change: scheduled 08:00 UTC (09:00 BST), grace 30 min.
    expect(routineState(morning, zone, new Date('2026-03-30T07:59:00Z'), null).state).toBe('overdue'); // yesterday's, never done
    const before = routineState(morning, zone, new Date('2026-03-30T07:59:00Z'), new Date('2026-03-29T08:10:00Z'));
    expect(before.state).toBe('done');
    expect(routineState(morning, zone, new Date('2026-03-30T08:20:00Z'), new Date('2026-03-29T08:10:00Z')).state).toBe('due');
    const late = routineState(morning, zone, new Date('2026-03-30T09:10:00Z'), new Date('2026-03-29T08:10:00Z'));
    expect(late.state).toBe('overdue');
    expect(describeState(morning.title, late)).toBe('Morning checklist overdue by 40 min');
    expect(routineState(morning, zone, new Date('2026-03-30T09:10:00Z'), new Date('2026-03-30T08:45:00Z')).state).toBe('done');
  });

  it('after the clocks go back the same 09:00 is 09:00 UTC again', () => {
    // Clocks go back on Sunday 2026-10-25 at 01:00 UTC.
    const s = routineState(morning, zone, new Date('2026-10-26T09:40:00Z'), new Date('2026-10-25T09:05:00Z'));
    expect(s.state).toBe('overdue');
    expect(s.state === 'overdue' && s.occurrence.toISOString()).toBe('2026-10-26T09:00:00.000Z');
    expect(describeState(morning.title, s)).toBe('Morning checklist overdue by 10 min');
  });

  it('monthly maintenance is the first Sunday at 02:00', () => {
    const monthly = config.routines.find((r) => r.id === 'monthly-maintenance')!;
    expect(latestOccurrence(monthly.schedule, zone, new Date('2026-12-04T12:00:00Z'))?.toISOString()).toBe('2026-11-01T02:00:00.000Z');
    expect(latestOccurrence(monthly.schedule, zone, new Date('2026-12-06T12:00:00Z'))?.toISOString()).toBe('2026-12-06T02:00:00.000Z');
  });
});

describe('live answers against thresholds', () => {
  it('is green within, red outside, unknown without data', () => {
    expect(judgeLiveValue({ max: 3600 }, 3600)).toBe('green');
    expect(judgeLiveValue({ max: 3600 }, 3601)).toBe('red');
    expect(judgeLiveValue({ min: 0.95 }, 0.9)).toBe('red');
    expect(judgeLiveValue({ min: 0.95 }, null)).toBe('unknown');
  });
});
