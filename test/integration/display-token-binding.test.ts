// Issue 12, point 6 (and threats 27, 28): display tokens are bound to the device that first exchanges them
// (a second exchange refused, or replacing the first, as the admin chose), may expire, can be rotated, and
// say when and from where they were last used. The same tests on SQLite and PostgreSQL, plus the migration
// of tokens made before this change.
import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, exchangeDisplayToken, listDisplayTokens, rotateDisplayToken } from '@/lib/auth/display-tokens';
import { lookUpSession } from '@/lib/auth/sessions';
import { hashSecret } from '@/lib/auth/tokens';
import { createMigrationProvider } from '@/lib/server/store/migrations';
import type { Store } from '@/lib/server/store/open-store';
import { admin, auditSince, closeStores, engines, expectApiError, freshConfig, freshStore, lastSeq, meta, open, sessionPolicy, unique, type Engine } from './store-engines';

afterAll(closeStores);

const DAY = 86_400_000;

describe.each(engines)('display token binding on %s', (engine: Engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine, 'display-binding');
  });

  it('threat 27: bound to the first device: a second exchange is refused (and recorded); the first screen keeps working', async () => {
    const { token, secret } = await createDisplayToken(store, admin, unique('lobby'), { binding: 'first-device' });
    const first = await exchangeDisplayToken(store, secret, meta('10.1.0.1'));
    const before = await lastSeq(store);
    await expectApiError(exchangeDisplayToken(store, secret, meta('10.66.0.6')), 'token-in-use', { message: /already signed a screen in/ });
    expect(await lookUpSession(store.db, first.sessionToken, sessionPolicy)).toMatchObject({ status: 'active' });
    const records = await auditSince(store, before);
    expect(records.map((r) => [r.action, r.outcome, r.client_address])).toEqual([['auth.display-sign-in', 'failure', '10.66.0.6']]);
    expect(JSON.parse(records[0]!.detail)).toMatchObject({ reason: 'token already bound to another screen', tokenId: token.id });
  });

  it('or, when the admin chose so, a second exchange replaces the first screen, which is told so', async () => {
    const { secret } = await createDisplayToken(store, admin, unique('kiosk'), { binding: 'latest-device' });
    const first = await exchangeDisplayToken(store, secret, meta('10.1.0.1'));
    const second = await exchangeDisplayToken(store, secret, meta('10.1.0.2'));
    expect(await lookUpSession(store.db, second.sessionToken, sessionPolicy)).toMatchObject({ status: 'active' });
    expect(await lookUpSession(store.db, first.sessionToken, sessionPolicy)).toEqual({ status: 'display-replaced' });
  });

  it('threat 28: an expired token signs nothing in, and a screen whose token expires is told so (never a login form)', async () => {
    const { secret } = await createDisplayToken(store, admin, unique('temporary'), { expiresInMs: DAY });
    const { sessionToken } = await exchangeDisplayToken(store, secret, meta('10.1.0.3'));
    expect(await lookUpSession(store.db, sessionToken, sessionPolicy)).toMatchObject({ status: 'active' });
    expect(await lookUpSession(store.db, sessionToken, sessionPolicy, Date.now() + DAY + 1_000)).toEqual({ status: 'display-token-expired' });
    const stale = await createDisplayToken(store, admin, unique('stale'), { expiresInMs: DAY });
    await store.db.updateTable('display_tokens').set({ expires_at: Date.now() - 1 }).where('id', '=', stale.token.id).execute();
    await expectApiError(exchangeDisplayToken(store, stale.secret, meta('10.1.0.4')), 'token-expired');
    for (const bad of [0, -1, 59_000, 400 * DAY]) await expectApiError(createDisplayToken(store, admin, unique('bad'), { expiresInMs: bad }), 'bad-request', { field: 'expiresInMs' });
  });

  it('rotation: a new secret for the same screen; the old one stops working, its screen is told, the binding starts again', async () => {
    const { token, secret } = await createDisplayToken(store, admin, unique('wall'), { binding: 'first-device' });
    const old = await exchangeDisplayToken(store, secret, meta('10.1.0.5'));
    const before = await lastSeq(store);
    const rotated = await rotateDisplayToken(store, admin, token.id);
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.token).toMatchObject({ id: token.id, name: token.name, rotated_at: expect.any(Number), bound_at: null });
    await expectApiError(exchangeDisplayToken(store, secret, meta('10.1.0.5')), 'unauthenticated');
    expect(await lookUpSession(store.db, old.sessionToken, sessionPolicy)).toEqual({ status: 'display-replaced' });
    const again = await exchangeDisplayToken(store, rotated.secret, meta('10.1.0.6'));
    expect(await lookUpSession(store.db, again.sessionToken, sessionPolicy)).toMatchObject({ status: 'active' });
    expect((await auditSince(store, before)).map((r) => [r.action, r.target, r.outcome])).toEqual([
      ['token.rotate', token.name, 'success'],
      ['auth.display-sign-in', token.name, 'success'],
    ]);
  });

  it('the list says when, and from which address, each token was last used, and whether it is bound', async () => {
    const { token, secret } = await createDisplayToken(store, admin, unique('reception'), { binding: 'first-device', expiresInMs: 30 * DAY });
    expect((await listDisplayTokens(store)).find((t) => t.id === token.id)).toMatchObject({ last_used_at: null, last_used_address: null, bound_at: null, binding: 'first-device', expires_at: expect.any(Number) });
    const { sessionToken } = await exchangeDisplayToken(store, secret, meta('192.0.2.5'));
    expect((await listDisplayTokens(store)).find((t) => t.id === token.id)).toMatchObject({ last_used_at: expect.any(Number), last_used_address: '192.0.2.5', bound_at: expect.any(Number) });
    // The screen polls from a new address (a DHCP lease changed): the next touch records it.
    await store.db.updateTable('sessions').set({ last_seen_at: Date.now() - 120_000 }).execute();
    await lookUpSession(store.db, sessionToken, sessionPolicy, Date.now(), '192.0.2.99');
    expect((await listDisplayTokens(store)).find((t) => t.id === token.id)).toMatchObject({ last_used_address: '192.0.2.99' });
  });
});

describe.each(engines)('the migration of a store made before display binding, on %s', (engine: Engine) => {
  it('keeps a token that already signed a screen in working there, bound to it; the old per-account sign-in locks are dropped', async () => {
    const config = await freshConfig(engine, 'pre-binding');
    const db = new Kysely<Record<string, Record<string, unknown>>>({ dialect: engine === 'sqlite' ? new SqliteDialect({ database: new Sqlite(config.sqlitePath) }) : new PostgresDialect({ pool: new pg.Pool({ connectionString: config.databaseUrl }) }) });
    const migrated = await new Migrator({ db, provider: createMigrationProvider(engine) }).migrateTo('2026-11-23-003-action-runs');
    expect(migrated.error).toBeUndefined();
    const now = Date.now();
    await db.insertInto('display_tokens').values({ id: '00000000-0000-4000-8000-000000000001', name: 'old wall', token_hash: hashSecret('vhd_old'), created_by: 'ada', created_at: now - DAY, revoked_at: null, revoked_by: null, last_used_at: now - 60_000 }).execute();
    await db.insertInto('display_tokens').values({ id: '00000000-0000-4000-8000-000000000002', name: 'never used', token_hash: hashSecret('vhd_new'), created_by: 'ada', created_at: now - DAY, revoked_at: null, revoked_by: null, last_used_at: null }).execute();
    await db.insertInto('sessions').values({ id: hashSecret('screen-cookie'), kind: 'display', user_id: null, display_token_id: '00000000-0000-4000-8000-000000000001', created_at: now - DAY, last_seen_at: now - 60_000, expires_at: null, revoked_at: null, client_address: '10.0.0.8', user_agent: null }).execute();
    await db.insertInto('login_failures').values({ key: 'account:ada', failures: 5, first_failure_at: now, last_failure_at: now, locked_until: now + 900_000 }).execute();
    await db.destroy();

    const store = await open(config);
    expect((await listDisplayTokens(store)).map((t) => [t.name, t.binding, t.bound_at !== null]).sort()).toEqual([['never used', 'first-device', false], ['old wall', 'first-device', true]]);
    expect(await lookUpSession(store.db, 'screen-cookie', sessionPolicy)).toMatchObject({ status: 'active', principal: { name: 'old wall' } });
    await expectApiError(exchangeDisplayToken(store, 'vhd_old', meta('10.0.0.9')), 'token-in-use');
    expect((await exchangeDisplayToken(store, 'vhd_new', meta('10.0.0.10'))).name).toBe('never used');
    expect(await store.db.selectFrom('login_failures').selectAll().execute()).toEqual([]);
    await store.close();
  });
});

describe('the display cookie lifetime', () => {
  const policy = { ...sessionPolicy, displayMaxAgeMs: 30 * DAY };
  it('is the token’s remaining life when it expires, at most DISPLAY_SESSION_MAX_AGE, never the browser’s 400-day cap', async () => {
    const { displayCookieMaxAgeSeconds } = await import('@/lib/auth/session-cookie');
    const now = Date.now();
    expect(displayCookieMaxAgeSeconds(null, policy, now)).toBe(30 * 86_400);
    expect(displayCookieMaxAgeSeconds(now + 2 * DAY, policy, now)).toBe(2 * 86_400);
    expect(displayCookieMaxAgeSeconds(now + 90 * DAY, policy, now)).toBe(30 * 86_400);
  });
});
