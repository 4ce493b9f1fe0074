import { describe, expect, it } from 'vitest';
import { drillTrend, formatMinutes, judgeDrill } from './drill';

describe('DR drill against 000 targets (RTO 4 h, RPO 1 h)', () => {
  const targets = { rtoMinutes: 240, rpoMinutes: 60 };
  it('is within at the target and over past it', () => {
    expect(judgeDrill(targets, { recoveryMinutes: 240, dataLossMinutes: 60 })).toMatchObject({ withinRto: true, withinRpo: true });
    expect(judgeDrill(targets, { recoveryMinutes: 241, dataLossMinutes: 61 })).toMatchObject({ withinRto: false, withinRpo: false });
  });
  it('says whether recovery got faster or slower', () => {
    expect(drillTrend([{ recoveryMinutes: 200, dataLossMinutes: 0 }])).toBeNull();
    expect(drillTrend([{ recoveryMinutes: 200, dataLossMinutes: 0 }, { recoveryMinutes: 150, dataLossMinutes: 0 }])).toBe('better');
    expect(drillTrend([{ recoveryMinutes: 150, dataLossMinutes: 0 }, { recoveryMinutes: 300, dataLossMinutes: 0 }])).toBe('worse');
    expect(formatMinutes(190)).toBe('3 h 10 min');
    expect(formatMinutes(45)).toBe('45 min');
  });
});
