import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { createMigrationProvider } from './migrations';
import type { Database } from './schema';

export type StoreConfig = { databaseUrl?: string; sqlitePath: string; pool?: PoolSettings };
/** PostgreSQL's pool: its size, and how long a query may wait for a free connection (DATABASE_POOL_SIZE, DATABASE_POOL_WAIT). */
export type PoolSettings = { size: number; waitMs: number };

/** Connecting to the server gives up after this long (an unreachable store is a quick 503, not a hung request). */
const CONNECT_TIMEOUT_MS = 5_000;

export type Store = {
  db: Kysely<Database>;
  engine: 'sqlite' | 'postgres';
  /** Runs `fn` in a transaction that no other writer (in this or another process) runs beside. */
  writeTransaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

// Any constant: the key of the PostgreSQL advisory lock that serialises writers of the audit chain.
const WRITE_LOCK_KEY = 7_310_001;

/** Opens the store and brings its schema up to date; a failed migration fails the open. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const store = config.databaseUrl ? openPostgres(config.databaseUrl, config.pool ?? { size: 10, waitMs: 30_000 }) : openSqlite(config.sqlitePath);
  try {
    const { error, results } = await new Migrator({ db: store.db, provider: createMigrationProvider(store.engine) }).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      throw new Error(`store migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function openSqlite(file: string): Store {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new Sqlite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  // The CLI and the server may write at once: wait for the other's lock rather than fail.
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    engine: 'sqlite',
    // BEGIN IMMEDIATE takes the write lock up front; a deferred BEGIN that reads the chain's head
    // and then writes could lose to another process and fail instead of waiting.
    writeTransaction: (fn) =>
      db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        try {
          const result = await fn(connection);
          await sql`commit`.execute(connection);
          return result;
        } catch (error) {
          await sql`rollback`.execute(connection);
          throw error;
        }
      }),
    close: () => db.destroy(),
  };
}

// pg's pool uses one setting both for a new connection's connect and for a query's wait for a free connection; a
// burst (several replicas' requests queued behind the write lock) needs the second longer than the first.
class Connection extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}

function openPostgres(url: string, settings: PoolSettings): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.size,
    connectionTimeoutMillis: Math.max(settings.waitMs, CONNECT_TIMEOUT_MS),
    Client: Connection,
    // bigint columns hold epoch milliseconds, well inside a JavaScript number.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // An idle connection the server drops (a restart, a failover, an admin) is an 'error' event on the
  // pool; unhandled, it would end the whole console. The pool replaces the connection on next use.
  pool.on('error', (error) => console.error(`[store] a PostgreSQL connection was lost: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    writeTransaction: (fn) =>
      db.transaction().execute(async (trx: Transaction<Database>) => {
        await sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`.execute(trx);
        return fn(trx);
      }),
    close: () => db.destroy(),
  };
}
