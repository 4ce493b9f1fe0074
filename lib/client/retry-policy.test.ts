import { describe, expect, it } from 'vitest';
import { ConsoleApiError } from './api';
import { shouldRetry } from './retry-policy';

describe('shouldRetry', () => {
  it('never retries a 4xx: the answer would be the same', () => {
    expect(shouldRetry(0, new ConsoleApiError(404, 'no runbook section'))).toBe(false);
    expect(shouldRetry(0, new ConsoleApiError(400, 'bad id'))).toBe(false);
  });

  it('retries network failures and 5xx twice', () => {
    expect(shouldRetry(0, new ConsoleApiError(null, 'console unreachable'))).toBe(true);
    expect(shouldRetry(1, new ConsoleApiError(502, 'prometheus down'))).toBe(true);
    expect(shouldRetry(2, new ConsoleApiError(502, 'prometheus down'))).toBe(false);
    expect(shouldRetry(0, new TypeError('Failed to fetch'))).toBe(true);
  });
});
