import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { storeUnavailable } from './store-errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('storeUnavailable', () => {
  it.each([
    ['pg-pool wait timeout', new Error('timeout exceeded when trying to connect'), /DATABASE_POOL_WAIT/],
    ['connection closed by the server', new Error('Connection terminated unexpectedly'), /connection to PostgreSQL was closed/],
    ['server unreachable after a restart', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), /cannot be reached \(ECONNREFUSED\)/],
    ['server shutting down (57P01)', withCode('terminating connection due to administrator command', '57P01'), /refused the query: terminating/],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300'), /too many clients/],
    ['connection exception class 08', withCode('connection failure', '08006'), /refused the query/],
    ['SQLite locked past busy_timeout', withCode('database is locked', 'SQLITE_BUSY'), /SQLite file stayed locked/],
  ])('%s is a 503 naming the store', (_name, error, reason) => {
    const mapped = storeUnavailable(error);
    expect(mapped?.code).toBe('unavailable');
    expect(mapped?.message).toMatch(/^The console's store is unavailable: /);
    expect(mapped?.message).toMatch(reason);
  });

  it.each([
    ['a bug of ours', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a constraint violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a SQLite constraint', withCode('UNIQUE constraint failed: users.username', 'SQLITE_CONSTRAINT_UNIQUE')],
    ['an ApiError already', new ApiError('conflict', 'timeout exceeded when trying to connect')],
    ['not an Error', 'timeout exceeded when trying to connect'],
  ])('%s is left alone (stays what it was)', (_name, error) => {
    expect(storeUnavailable(error)).toBeNull();
  });
});
