import { describe, expect, it } from 'vitest';
import { decideNocStaleness } from './staleness';

describe('decideNocStaleness', () => {
  const last = 1_000_000;

  it('is fresh up to and including the bound, stale past it', () => {
    expect(decideNocStaleness(last, last + 5_999, 2_000, 3)).toEqual({ stale: false, ageMs: 5_999, limitMs: 6_000 });
    expect(decideNocStaleness(last, last + 6_000, 2_000, 3).stale).toBe(false);
    expect(decideNocStaleness(last, last + 6_001, 2_000, 3)).toEqual({ stale: true, ageMs: 6_001, limitMs: 6_000 });
  });

  it('follows the configured number of intervals and the polling interval', () => {
    expect(decideNocStaleness(last, last + 25_000, 10_000, 3).stale).toBe(false);
    expect(decideNocStaleness(last, last + 31_000, 10_000, 3).stale).toBe(true);
    expect(decideNocStaleness(last, last + 31_000, 10_000, 5).stale).toBe(false);
  });

  it('is not stale before the first answer, and a clock behind the data counts as age zero', () => {
    expect(decideNocStaleness(null, last, 2_000, 3)).toEqual({ stale: false, ageMs: null, limitMs: 6_000 });
    expect(decideNocStaleness(last, last - 5_000, 2_000, 3)).toEqual({ stale: false, ageMs: 0, limitMs: 6_000 });
  });
});
