// Shared by the store tests (store.test.ts, store-audit.test.ts): the same tests run against SQLite and
// PostgreSQL. Each test file starts at most one PostgreSQL and gives every store a database of its own;
// SQLite stores are files in a temporary directory. `closeStores()` (in afterAll) undoes all of it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { Client } from 'pg';
import { expect } from 'vitest';
import { ApiError, type ApiErrorCode } from '@/lib/api/errors';
import type { Actor } from '@/lib/auth/actor';
import type { ThrottlePolicy } from '@/lib/auth/login-throttle';
import type { SessionPolicy } from '@/lib/auth/session-policy';
import type { SessionMeta } from '@/lib/auth/sessions';
import { openStore, type Store, type StoreConfig } from '@/lib/server/store/open-store';
import type { AuditRow } from '@/lib/server/store/schema';
import { createDatabase, startPostgres } from '@/scripts/stack/postgres';

export const engines = ['sqlite', 'postgres'] as const;
export type Engine = (typeof engines)[number];

export const root = path.resolve(__dirname, '../..');
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-store-test-'));
let postgres: ReturnType<typeof startPostgres> | undefined;
const opened = new Set<Store>();
let serial = 0;

/** A unique suffix, so tests sharing a store never meet each other's users, addresses or tokens. */
export function unique(prefix: string): string {
  serial += 1;
  return `${prefix}-${serial}`;
}

/** Where a new, empty store lives: a fresh SQLite file, or a fresh database on this file's PostgreSQL. */
export async function freshConfig(engine: Engine, label: string): Promise<StoreConfig> {
  const name = unique(label);
  const sqlitePath = path.join(tempDir, `${name}.sqlite`);
  if (engine === 'sqlite') return { sqlitePath };
  postgres ??= startPostgres({ logDir: tempDir });
  return { databaseUrl: await createDatabase((await postgres).url, name), sqlitePath };
}

/** Opens (and migrates) a store; closeStores() closes it if the test did not. */
export async function open(config: StoreConfig): Promise<Store> {
  const store = await openStore(config);
  const close = store.close;
  const tracked: Store = { ...store, close: async () => (opened.delete(tracked) ? close() : undefined) };
  opened.add(tracked);
  return tracked;
}

export async function freshStore(engine: Engine, label: string): Promise<Store> {
  return open(await freshConfig(engine, label));
}

export async function closeStores(): Promise<void> {
  await Promise.all([...opened].map((store) => store.close()));
  if (postgres) {
    const server = await postgres;
    postgres = undefined;
    // A closed pool has let go of its connections but they may still be open: stopping the server under them
    // would make them emit 'terminating connection' errors nobody listens to any more.
    await waitForNoOtherClients(server.url);
    await server.stop();
  }
  fs.rmSync(tempDir, { recursive: true, force: true });
}

async function waitForNoOtherClients(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (let tries = 0; tries < 100; tries += 1) {
      const { rows } = await client.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()");
      if (rows[0]?.n === 0) return;
      await sleep(20);
    }
  } finally {
    await client.end();
  }
}

/** A path in this file's temporary directory (removed by closeStores). */
export function tempPath(name: string): string {
  return path.join(tempDir, name);
}

export const admin: Actor = { actor: 'test-admin', actorRole: 'admin', clientAddress: '127.0.0.1' };
export const sessionPolicy: SessionPolicy = { idleMs: 30 * 60_000, maxAgeMs: 2 * 3_600_000, displayIdleMs: 7 * 24 * 3_600_000, displayMaxAgeMs: 30 * 24 * 3_600_000 };
export const throttlePolicy: ThrottlePolicy = { maxPairFailures: 5, maxAddressFailures: 50, lockoutMs: 15 * 60_000, alertClients: 3 };
export const PASSWORD = 'correct horse battery staple';

export function meta(clientAddress: string | null = '127.0.0.1'): SessionMeta {
  return { clientAddress, userAgent: 'vitest' };
}

/** Awaits a promise that must fail with an ApiError of `code` (and `fields`: message, field, as values or matchers). */
export async function expectApiError(promise: Promise<unknown>, code: ApiErrorCode, fields: { message?: unknown; field?: unknown } = {}): Promise<ApiError> {
  const error = await promise.then(
    () => expect.unreachable(`expected an ApiError '${code}', but it succeeded`),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ code, ...fields });
  return error as ApiError;
}

export async function lastSeq(store: Store): Promise<number> {
  const row = await store.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** The audit records written after `afterSeq`, oldest first. */
export function auditSince(store: Store, afterSeq: number): Promise<AuditRow[]> {
  return store.db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').execute();
}

export async function count(store: Store, table: 'users' | 'sessions' | 'display_tokens' | 'audit_log' | 'login_failures'): Promise<number> {
  const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Drops the append-only guards, as someone who owns the database could, to tamper with the log. */
export async function dropAuditGuards(store: Store): Promise<void> {
  if (store.engine === 'sqlite') {
    for (const name of ['audit_log_no_update', 'audit_log_no_delete', 'audit_head_forward', 'audit_head_no_delete']) await sql`drop trigger ${sql.raw(name)}`.execute(store.db);
  } else {
    await sql`drop function audit_append_only() cascade`.execute(store.db);
  }
}

/** Makes every insert into audit_log fail, as a full disk or a broken audit table would. */
export async function breakAuditLog(store: Store): Promise<void> {
  if (store.engine === 'sqlite') {
    await sql`create trigger audit_down before insert on audit_log begin select raise(abort, 'audit down'); end`.execute(store.db);
  } else {
    await sql`create function audit_down() returns trigger language plpgsql as $$ begin raise exception 'audit down'; end $$`.execute(store.db);
    await sql`create trigger audit_down before insert on audit_log for each row execute function audit_down()`.execute(store.db);
  }
}
