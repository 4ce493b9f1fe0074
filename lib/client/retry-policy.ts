import { ConsoleApiError } from './api';

const MAX_RETRIES = 2;

/**
 * A 4xx will answer the same way again (bad id, unknown section, and later 401/403), so it is not
 * retried; a network failure or a 5xx may be passing, so it is retried twice before the poll gives up.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ConsoleApiError && error.status !== null && error.status >= 400 && error.status < 500) return false;
  return failureCount < MAX_RETRIES;
}
