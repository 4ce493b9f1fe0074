import { ApiError } from '@/lib/api/errors';

/*
 * A store that stops answering after it was opened (PostgreSQL restarted, its connections all busy, SQLite locked by
 * another writer for longer than busy_timeout) is an upstream that is down, not a bug of ours: the request is
 * answered 503 naming the store and the reason, so the page shows "the store is unavailable" and a client retries,
 * instead of a 500 "internal error" that sends someone to read the server log.
 */

// Node's socket errors, as pg reports them when the server cannot be reached (again).
const unreachable = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// PostgreSQL's own: too many connections, the server shutting down or starting up (SQLSTATE 53300, 57P01–57P03).
const serverRefused = new Set(['53300', '57P01', '57P02', '57P03']);

type ErrorWithCode = Error & { code?: unknown };

function reasonOf(error: ErrorWithCode): string | null {
  const code = typeof error.code === 'string' ? error.code : '';
  // pg-pool: every connection busy for longer than DATABASE_POOL_WAIT.
  if (/timeout exceeded when trying to connect/i.test(error.message)) return 'every connection stayed busy for longer than DATABASE_POOL_WAIT';
  if (/^Connection terminated/i.test(error.message)) return 'the connection to PostgreSQL was closed';
  if (unreachable.has(code)) return `PostgreSQL cannot be reached (${code})`;
  // SQLSTATE class 08: connection exceptions.
  if (serverRefused.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return `PostgreSQL refused the query: ${error.message}`;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'the SQLite file stayed locked by another writer';
  return null;
}

/** The 503 for an error that says the store is not answering, or null for any other error. */
export function storeUnavailable(error: unknown): ApiError | null {
  if (!(error instanceof Error) || error instanceof ApiError) return null;
  const reason = reasonOf(error);
  return reason ? new ApiError('unavailable', `The console's store is unavailable: ${reason}. Try again in a moment.`) : null;
}
