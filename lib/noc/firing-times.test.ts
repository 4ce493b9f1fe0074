import { describe, expect, it } from 'vitest';
import { describeFiringTimes } from './firing-times';

const at = 1_000_000_000;

describe('describeFiringTimes', () => {
  it('says how long a rule fires and how long is left to respond', () => {
    expect(describeFiringTimes({ firingSince: at - 12 * 60_000, firingSinceBound: 'exact', respondBy: at + 48 * 60_000 }, at)).toEqual({
      since: 'firing 12 min',
      deadline: { text: 'respond in 48 min', overdue: false },
    });
  });

  it('marks a lower bound and an overdue deadline', () => {
    expect(describeFiringTimes({ firingSince: at - 6 * 3_600_000, firingSinceBound: 'at-least', respondBy: at - 5 * 60_000 }, at)).toEqual({
      since: 'firing ≥ 6 h',
      deadline: { text: 'overdue 5 min', overdue: true },
    });
  });

  it('says nothing when not firing, before the first answer, or without a deadline', () => {
    expect(describeFiringTimes({ firingSince: null, firingSinceBound: null, respondBy: null }, at)).toEqual({ since: null, deadline: null });
    expect(describeFiringTimes({ firingSince: at, firingSinceBound: 'exact', respondBy: at + 1 }, null)).toEqual({ since: null, deadline: null });
    expect(describeFiringTimes({ firingSince: at - 4_000, firingSinceBound: 'exact', respondBy: null }, at)).toEqual({ since: 'firing 4 s', deadline: null });
  });
});
