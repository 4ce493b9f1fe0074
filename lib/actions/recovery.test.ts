import { describe, expect, it } from 'vitest';
import { judgeRecovery, type Reading } from './recovery';

// Issue 12.11 / 15.3: recovery is the section's rules staying ok for a hold (two evaluation windows, say),
// judged once; a section that was not firing when the action ran has nothing to recover from.
const firing = (at: number, severity: Reading['severity'] = 'P1'): Reading => ({ at, severity, firing: { signal: 'call-success', value: 0.8, op: '<', threshold: 0.95 } });
const ok = (at: number): Reading => ({ at, severity: 'ok', firing: null });
const unknown = (at: number): Reading => ({ at, severity: 'unknown', firing: null });
const timing = { finishedAt: 1_000, windowMs: 60_000, holdMs: 20_000 };

describe('judgeRecovery', () => {
  it('a single ok reading is not a recovery: it is judged once ok has held for the hold', () => {
    const readings = [firing(5_000), ok(10_000)];
    expect(judgeRecovery(firing(1_000), readings, { ...timing, now: 10_000 })).toBeNull();
    const held = [...readings, ok(20_000), ok(30_000)];
    expect(judgeRecovery(firing(1_000), held, { ...timing, now: 30_000 })).toMatchObject({ state: 'recovered', at: 30_000, evidence: { okFrom: 10_000, okUntil: 30_000 } });
  });

  it('a reading that fires or cannot be read in between starts the hold again', () => {
    const readings = [ok(5_000), ok(15_000), firing(18_000, 'P2'), ok(20_000), unknown(30_000), ok(35_000), ok(50_000)];
    expect(judgeRecovery(firing(1_000), readings, { ...timing, now: 50_000 })).toBeNull();
    expect(judgeRecovery(firing(1_000), [...readings, ok(55_000)], { ...timing, now: 55_000 })).toMatchObject({ state: 'recovered', evidence: { okFrom: 35_000 } });
  });

  it('not recovered once the window is over without a held recovery, with the last readings as evidence', () => {
    const readings = [firing(10_000), ok(50_000), firing(61_000)];
    const verdict = judgeRecovery(firing(1_000), readings, { ...timing, now: 61_000 });
    expect(verdict).toMatchObject({ state: 'not-recovered', at: 61_000, evidence: { readings: [firing(10_000), ok(50_000), firing(61_000)] } });
  });

  it('a section that was not firing when the action ran: no change needed to judge, not "recovered"', () => {
    expect(judgeRecovery(ok(1_000), [], { ...timing, now: 1_000 })).toMatchObject({ state: 'no-change-needed', at: 1_000, evidence: { baseline: ok(1_000) } });
  });

  it('unknown throughout is never called recovered', () => {
    expect(judgeRecovery(firing(1_000), [unknown(20_000), unknown(61_000)], { ...timing, now: 61_000 })).toMatchObject({ state: 'not-recovered' });
  });

  it('a section that could not be read when the action ran is recovered only once it was seen firing before its ok hold', () => {
    // Ok throughout after an unreadable baseline: nothing shows there was anything to recover from.
    const quiet = judgeRecovery(unknown(1_000), [ok(5_000), ok(15_000), ok(30_000)], { ...timing, now: 30_000 });
    expect(quiet).toMatchObject({ state: 'no-change-needed', evidence: { baseline: unknown(1_000), okFrom: 5_000 } });
    // Seen firing first, then ok for the hold: that is a recovery.
    expect(judgeRecovery(unknown(1_000), [firing(3_000), ok(5_000), ok(15_000), ok(30_000)], { ...timing, now: 30_000 })).toMatchObject({ state: 'recovered', evidence: { okFrom: 5_000 } });
  });
});
