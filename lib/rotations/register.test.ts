import { describe, expect, it } from 'vitest';
import { certificateState, rotationState } from './register';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 4, 10);

describe('rotationState', () => {
  it('is due one period after the last rotation: ok, due within the warning time, overdue after; never recorded is its own state', () => {
    expect(rotationState(90, null, now, 14 * DAY)).toEqual({ nextDueAt: null, state: 'never' });
    expect(rotationState(90, now - 10 * DAY, now, 14 * DAY)).toEqual({ nextDueAt: now + 80 * DAY, state: 'ok' });
    expect(rotationState(90, now - 75 * DAY, now, 14 * DAY).state).toBe('ok');
    expect(rotationState(90, now - 76 * DAY, now, 14 * DAY).state).toBe('due');
    expect(rotationState(90, now - 90 * DAY, now, 14 * DAY).state).toBe('overdue');
    expect(rotationState(182, now - 100 * DAY, now, 14 * DAY).state).toBe('ok');
  });
});

describe('certificateState', () => {
  it('asks for renewal inside the window before expiry, and says expired after', () => {
    expect(certificateState(now + 31 * DAY, now, 30 * DAY)).toBe('ok');
    expect(certificateState(now + 19 * DAY, now, 30 * DAY)).toBe('due');
    expect(certificateState(now, now, 30 * DAY)).toBe('expired');
  });
});
