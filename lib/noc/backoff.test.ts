import { describe, expect, it } from 'vitest';
import { ConsoleApiError } from '@/lib/client/api';
import { computeNocRetryDelay, shouldRetryNoc } from './backoff';

describe('computeNocRetryDelay', () => {
  const middle = () => 0.5;

  it('doubles from one second and stops at a minute', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50, 5000].map((n) => computeNocRetryDelay(n, middle))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('spreads each delay by at most 20 %, never past the cap', () => {
    expect(computeNocRetryDelay(3, () => 0)).toBe(6_400);
    expect(computeNocRetryDelay(3, () => 1)).toBe(9_600);
    expect(computeNocRetryDelay(10, () => 1)).toBe(60_000);
    expect(computeNocRetryDelay(10, () => 0)).toBe(48_000);
  });
});

describe('shouldRetryNoc', () => {
  it('keeps trying through network failures, timeouts and server errors, however many', () => {
    expect(shouldRetryNoc(0, new ConsoleApiError(null, 'console unreachable'))).toBe(true);
    expect(shouldRetryNoc(500, new ConsoleApiError(502, 'bad gateway'))).toBe(true);
    expect(shouldRetryNoc(3, new ConsoleApiError(503, 'restarting'))).toBe(true);
    expect(shouldRetryNoc(3, new TypeError('Failed to fetch'))).toBe(true);
  });

  it('does not retry an answer that will not change: the session ended, or access is refused', () => {
    expect(shouldRetryNoc(0, new ConsoleApiError(401, 'revoked', 'token-revoked'))).toBe(false);
    expect(shouldRetryNoc(0, new ConsoleApiError(403, 'forbidden'))).toBe(false);
    expect(shouldRetryNoc(0, new ConsoleApiError(404, 'not found'))).toBe(false);
  });
});
