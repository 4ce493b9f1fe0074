// The store, users, sessions and display tokens: the same tests against SQLite and PostgreSQL.
// Sign-in and its throttle are in store-sign-in.test.ts, the audit log in store-audit.test.ts.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, exchangeDisplayToken, listDisplayTokens, revokeDisplayToken } from '@/lib/auth/display-tokens';
import { signInWithPassword } from '@/lib/auth/local-sign-in';
import { lookUpSession, pruneSessions, revokeSession } from '@/lib/auth/sessions';
import { addLocalUser, listUsers, setUserDisabled, setUserPassword, setUserRole } from '@/lib/auth/users';
import { createMigrationProvider } from '@/lib/server/store/migrations';
import type { Store } from '@/lib/server/store/open-store';
import { admin, auditSince, closeStores, count, engines, expectApiError, freshConfig, lastSeq, meta, open, PASSWORD, sessionPolicy, throttlePolicy, unique, type Engine } from './store-engines';

const MINUTE = 60_000;
const policies = { session: sessionPolicy, throttle: throttlePolicy };

afterAll(closeStores);

describe.each(engines)('store on %s', (engine: Engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await open(await freshConfig(engine, 'store'));
  });

  async function newUser(role: 'viewer' | 'operator' | 'approver' | 'admin' = 'operator') {
    return addLocalUser(store, admin, { username: unique('user'), role, password: PASSWORD });
  }
  async function signIn(username: string) {
    return signInWithPassword(store, { username, password: PASSWORD }, meta(), policies);
  }

  describe('migrations', () => {
    it('opening a store twice is idempotent and keeps its data; every table exists', async () => {
      const config = await freshConfig(engine, 'migrations');
      const first = await open(config);
      await addLocalUser(first, admin, { username: 'kept', role: 'viewer', password: PASSWORD });
      const second = await open(config); // while the first is still open, as the CLI beside the server
      await first.close();
      const tables = (await second.db.introspection.getTables()).map((t) => t.name).sort();
      expect(tables).toEqual(['action_runs', 'audit_head', 'audit_log', 'display_tokens', 'incident_events', 'incident_stars', 'incidents', 'kept_acknowledgements', 'leases', 'login_failures', 'maintenance_windows', 'pms_probes', 'rotation_records', 'routine_completions', 'section_transitions', 'sessions', 'temporary_changes', 'users']);
      expect((await listUsers(second)).map((u) => u.username)).toEqual(['kept']);
      const migrations = Object.keys(await createMigrationProvider(second.engine).getMigrations());
      expect((await sql`select name from kysely_migration`.execute(second.db)).rows).toHaveLength(migrations.length); // each migration recorded once
      await second.close();
      const third = await open(config);
      expect(await count(third, 'users')).toBe(1);
      await third.close();
    });
  });

  // PostgreSQL only (SQLite has no connections to drop): defined for that engine alone rather than reported as skipped.
  if (engine === 'postgres') it('survives the database dropping its connections (a restart, a failover) and reconnects', async () => {
    const config = await freshConfig(engine, 'dropped');
    const console = await open(config);
    const dba = await open(config);
    await Promise.all(Array.from({ length: 4 }, () => count(console, 'users'))); // several idle pooled connections
    const dropped = await sql<{ pid: number }>`select pg_terminate_backend(pid) as pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(dba.db);
    expect(dropped.rows.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the 'error' events arrive; unhandled, they would end the process
    expect(await count(console, 'users')).toBe(0);
    await Promise.all([console.close(), dba.close()]);
  });

  describe('users', () => {
    it('addLocalUser refuses a bad username or a short password, naming the field, and writes nothing', async () => {
      const [users, records] = [await count(store, 'users'), await count(store, 'audit_log')];
      await expectApiError(addLocalUser(store, admin, { username: 'x', role: 'viewer', password: PASSWORD }), 'bad-request', { field: 'username' });
      await expectApiError(addLocalUser(store, admin, { username: 'has space', role: 'viewer', password: PASSWORD }), 'bad-request', { field: 'username' });
      const short = await expectApiError(addLocalUser(store, admin, { username: unique('user'), role: 'viewer', password: 'short' }), 'bad-request', { field: 'password' });
      expect(short.message).toMatch(/^password: must be at least 12 characters/);
      await expectApiError(addLocalUser(store, admin, { username: unique('user'), role: 'root' as 'admin', password: PASSWORD }), 'bad-request', { field: 'role' });
      expect([await count(store, 'users'), await count(store, 'audit_log')]).toEqual([users, records]);
    });

    it('addLocalUser refuses a duplicate username (compared lower-cased) with a conflict', async () => {
      const user = await newUser();
      const records = await count(store, 'audit_log');
      await expectApiError(addLocalUser(store, admin, { username: ` ${user.username.toUpperCase()} `, role: 'viewer', password: PASSWORD }), 'conflict', { field: 'username' });
      expect(await count(store, 'audit_log')).toBe(records);
    });

    it('listUsers never includes a password hash', async () => {
      await newUser();
      const users = await listUsers(store);
      expect(users.length).toBeGreaterThan(0);
      for (const user of users) expect(user).not.toHaveProperty('password_hash');
      expect(JSON.stringify(users)).not.toContain('scrypt$');
    });

    it('addLocalUser, setUserRole, setUserDisabled and setUserPassword each write exactly one audit record', async () => {
      const before = await lastSeq(store);
      const user = await newUser('viewer');
      expect(user).toMatchObject({ role: 'viewer', source: 'local', disabled_at: null });
      expect(await setUserRole(store, admin, user.username, 'approver')).toMatchObject({ role: 'approver' });
      expect((await setUserDisabled(store, admin, user.username, true)).disabled_at).toEqual(expect.any(Number));
      expect((await setUserDisabled(store, admin, user.username, false)).disabled_at).toBeNull();
      await setUserPassword(store, admin, user.username, 'another long enough password');
      const records = await auditSince(store, before);
      expect(records.map((r) => [r.action, r.target, r.outcome, r.actor, r.actor_role])).toEqual(
        ['user.create', 'user.set-role', 'user.disable', 'user.enable', 'user.set-password'].map((action) => [action, user.username, 'success', 'test-admin', 'admin']),
      );
      expect(JSON.parse(records[0]!.detail)).toEqual({ role: 'viewer', source: 'local' });
      expect(JSON.parse(records[1]!.detail)).toEqual({ from: 'viewer', to: 'approver' });
      expect(JSON.stringify(records)).not.toContain('another long enough password');
      // The new password works, the old one does not.
      await expectApiError(signIn(user.username), 'unauthenticated');
      await signInWithPassword(store, { username: user.username, password: 'another long enough password' }, meta(), policies);
    });

    it('changes to an unknown user are not-found; a bad role is bad-request; nothing is audited', async () => {
      const user = await newUser();
      const before = await lastSeq(store);
      await expectApiError(setUserRole(store, admin, 'nobody-here', 'viewer'), 'not-found', { field: 'username' });
      await expectApiError(setUserDisabled(store, admin, 'nobody-here', true), 'not-found', { field: 'username' });
      await expectApiError(setUserRole(store, admin, user.username, 'root' as 'admin'), 'bad-request', { field: 'role' });
      await expectApiError(setUserPassword(store, admin, user.username, 'short'), 'bad-request', { field: 'password' });
      expect(await lastSeq(store)).toBe(before);
    });

    it.each([
      ['disabling the user', (username: string) => setUserDisabled(store, admin, username, true)],
      ['changing the role', (username: string) => setUserRole(store, admin, username, 'viewer')],
      ['setting a new password', (username: string) => setUserPassword(store, admin, username, 'a brand new long password')],
    ])('%s revokes the user’s sessions, and only theirs', async (_case, change) => {
      const [user, other] = [await newUser(), await newUser()];
      const sessions = [await signIn(user.username), await signIn(user.username)];
      const otherSession = await signIn(other.username);
      for (const { token } of sessions) expect((await lookUpSession(store.db, token, sessionPolicy)).status).toBe('active');
      await change(user.username);
      for (const { token } of sessions) expect(await lookUpSession(store.db, token, sessionPolicy)).toEqual({ status: 'none' });
      expect((await lookUpSession(store.db, otherSession.token, sessionPolicy)).status).toBe('active');
    });
  });

  describe('sessions', () => {
    it('a session resolves to its user until revoked with revokeSession', async () => {
      const user = await newUser('approver');
      const { token } = await signIn(user.username);
      const found = await lookUpSession(store.db, token, sessionPolicy);
      expect(found).toEqual({ status: 'active', principal: { kind: 'user', sessionId: expect.any(String), userId: user.id, username: user.username, displayName: user.username, role: 'approver' } });
      const row = await store.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.id).toBe(createHash('sha256').update(token).digest('hex')); // the cookie value itself is not stored
      if (found.status !== 'active') throw new Error('unreachable');
      await store.writeTransaction((trx) => revokeSession(trx, found.principal.sessionId));
      expect(await lookUpSession(store.db, token, sessionPolicy)).toEqual({ status: 'none' });
    });

    it('unknown, empty and oversized tokens are no session', async () => {
      for (const token of [undefined, '', 'not-a-session', 'x'.repeat(500)]) expect(await lookUpSession(store.db, token, sessionPolicy)).toEqual({ status: 'none' });
    });

    it('a session idle for longer than idleMs ends', async () => {
      const { token } = await signIn((await newUser()).username);
      const now = Date.now();
      expect((await lookUpSession(store.db, token, sessionPolicy, now + sessionPolicy.idleMs - MINUTE)).status).toBe('active');
      // The lookup above counted as activity: idle is measured from it.
      expect((await lookUpSession(store.db, token, sessionPolicy, now + 2 * sessionPolicy.idleMs - 2 * MINUTE)).status).toBe('active');
      expect(await lookUpSession(store.db, token, sessionPolicy, now + 3 * sessionPolicy.idleMs)).toEqual({ status: 'none' });
    });

    it('a session in steady use still ends at its absolute maximum age', async () => {
      const { token } = await signIn((await newUser()).username);
      const now = Date.now();
      const step = sessionPolicy.idleMs / 2;
      let at = now + step;
      for (; at < now + sessionPolicy.maxAgeMs - MINUTE; at += step) expect((await lookUpSession(store.db, token, sessionPolicy, at)).status).toBe('active');
      expect(await lookUpSession(store.db, token, sessionPolicy, now + sessionPolicy.maxAgeMs + 1_000)).toEqual({ status: 'none' });
    });

    it('a disabled user’s session is refused even if it was not revoked', async () => {
      const user = await newUser();
      const { token } = await signIn(user.username);
      await store.db.updateTable('users').set({ disabled_at: Date.now() }).where('id', '=', user.id).execute();
      expect(await lookUpSession(store.db, token, sessionPolicy)).toEqual({ status: 'none' });
    });
  });

  describe('display tokens', () => {
    it('createDisplayToken returns the secret once and stores only its sha256', async () => {
      const before = await lastSeq(store);
      const { token, secret } = await createDisplayToken(store, admin, 'NOC wall (east)');
      expect(secret).toMatch(/^vhd_[\w-]{43}$/);
      expect(token).toMatchObject({ name: 'NOC wall (east)', created_by: 'test-admin', revoked_at: null });
      expect(token).not.toHaveProperty('token_hash');
      const row = await store.db.selectFrom('display_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(secret.slice(4));
      expect(JSON.stringify(await listDisplayTokens(store))).not.toContain(secret.slice(4));
      expect((await auditSince(store, before)).map((r) => [r.action, r.target, r.outcome])).toEqual([['token.create', 'NOC wall (east)', 'success']]);
    });

    it('a display unseen past its idle timeout is told so (not sent to sign in), even after sessions are pruned', async () => {
      const { secret } = await createDisplayToken(store, admin, unique('switched off'));
      const { sessionToken } = await exchangeDisplayToken(store, secret, meta('10.1.0.2'));
      const later = Date.now() + sessionPolicy.displayIdleMs + 60_000;
      await store.writeTransaction((trx) => pruneSessions(trx, sessionPolicy, later));
      expect(await lookUpSession(store.db, sessionToken, sessionPolicy, later)).toEqual({ status: 'display-expired' });
    });

    it('exchanging a token gives a read-only display principal; revoking it ends the display', async () => {
      const { token, secret } = await createDisplayToken(store, admin, unique('lobby'));
      const { sessionToken, name } = await exchangeDisplayToken(store, secret, meta('10.1.0.1'));
      expect(name).toBe(token.name);
      expect(await lookUpSession(store.db, sessionToken, sessionPolicy)).toEqual({ status: 'active', principal: { kind: 'display', sessionId: expect.any(String), tokenId: token.id, name: token.name, role: 'display' } });

      const before = await lastSeq(store);
      expect(await revokeDisplayToken(store, admin, token.id)).toMatchObject({ revoked_by: 'test-admin', revoked_at: expect.any(Number) });
      expect(await lookUpSession(store.db, sessionToken, sessionPolicy)).toEqual({ status: 'display-revoked' });
      await expectApiError(exchangeDisplayToken(store, secret, meta('10.1.0.1')), 'token-revoked');
      const records = await auditSince(store, before);
      expect(records.map((r) => [r.action, r.actor, r.outcome])).toEqual([
        ['token.revoke', 'test-admin', 'success'],
        ['auth.display-sign-in', `display:${token.name}`, 'failure'],
      ]);
      expect(JSON.parse(records[1]!.detail)).toEqual({ reason: 'token revoked', tokenId: token.id });
    });

    it('an unknown token is unauthenticated and leaves no audit record; a bad name or id is bad-request', async () => {
      const head = await store.db.selectFrom('audit_head').select('seq').executeTakeFirst();
      await expectApiError(exchangeDisplayToken(store, 'vhd_' + 'A'.repeat(43), meta()), 'unauthenticated');
      expect(await store.db.selectFrom('audit_head').select('seq').executeTakeFirst()).toEqual(head);
      await expectApiError(exchangeDisplayToken(store, 'not even a token', meta()), 'unauthenticated');
      const tokens = await count(store, 'display_tokens');
      for (const name of ['', '   ', 'a/b', 'x'.repeat(61)]) await expectApiError(createDisplayToken(store, admin, name), 'bad-request', { field: 'name' });
      expect(await count(store, 'display_tokens')).toBe(tokens);
      await expectApiError(revokeDisplayToken(store, admin, 'not-a-uuid'), 'bad-request', { field: 'id' });
      await expectApiError(revokeDisplayToken(store, admin, '00000000-0000-4000-8000-000000000000'), 'not-found');
    });
  });
});
