import { describe, expect, it } from 'vitest';
import { nearestTickByTime } from './sync';

const ticks = [1_000, 6_000, 11_000].map((value) => ({ value }));

describe('shared crosshair by time', () => {
  it('points at the nearest sample of this chart, whatever the other chart sampled', () => {
    expect(nearestTickByTime(ticks, { activeLabel: '6000' })).toBe(1);
    expect(nearestTickByTime(ticks, { activeLabel: '7400' })).toBe(1);
    expect(nearestTickByTime(ticks, { activeLabel: 9_000 })).toBe(2);
  });

  it('shows nothing for a moment outside this chart, or no moment at all', () => {
    expect(nearestTickByTime(ticks, { activeLabel: '500' })).toBe(-1);
    expect(nearestTickByTime(ticks, { activeLabel: '12000' })).toBe(-1);
    expect(nearestTickByTime(ticks, { activeLabel: undefined })).toBe(-1);
    expect(nearestTickByTime([], { activeLabel: '6000' })).toBe(-1);
  });
});
