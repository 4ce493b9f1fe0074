import { describe, expect, it } from 'vitest';
import { decodeShared, encodeShared } from './codec';

describe('shared-state codec', () => {
  it('keeps NaN and ±Infinity through Redis (plain JSON would turn them into null)', () => {
    const value = [{ labels: { job: 'a' }, value: Number.NaN }, { labels: {}, points: [[1, Infinity], [2, -Infinity], [3, 0.5]] }];
    const back = decodeShared<typeof value>(encodeShared(value));
    expect(back).toEqual(value);
    expect(Number.isNaN((back[0] as { value: number }).value)).toBe(true);
  });
  it('leaves ordinary objects with other keys alone', () => {
    expect(decodeShared(encodeShared({ $nonFinite: 'x', other: 1 }))).toEqual({ $nonFinite: 'x', other: 1 });
  });
});
