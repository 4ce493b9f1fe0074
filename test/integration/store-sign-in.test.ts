// Local sign-in and its throttle: the same tests against SQLite and PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInWithPassword } from '@/lib/auth/local-sign-in';
import { admitLoginAttempt, settleSuccessfulLogin, throttleKeys, type ThrottlePolicy } from '@/lib/auth/login-throttle';
import { lookUpSession } from '@/lib/auth/sessions';
import { addLocalUser, setUserDisabled, unlockUser } from '@/lib/auth/users';
import type { Store } from '@/lib/server/store/open-store';
import { admin, auditSince, closeStores, engines, expectApiError, freshStore, lastSeq, meta, PASSWORD, sessionPolicy, throttlePolicy, unique, type Engine } from './store-engines';

const REFUSED = 'Wrong username or password.';

afterAll(closeStores);

describe.each(engines)('sign-in on %s', (engine: Engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine, 'sign-in');
  });
  // The waits between attempts are judged on the clock: a test of "too soon" freezes it, since hashing a
  // password on a busy machine can take longer than the wait itself (CI saw the third attempt come 1 s late).
  const freezeClock = () => vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function newUser(): Promise<string> {
    return (await addLocalUser(store, admin, { username: unique('user'), role: 'operator', password: PASSWORD })).username;
  }
  function attempt(username: string, password: string, options: { address?: string | null; throttle?: ThrottlePolicy } = {}) {
    return signInWithPassword(store, { username, password }, meta(options.address === undefined ? unique('10.0') : options.address), { session: sessionPolicy, throttle: options.throttle ?? throttlePolicy });
  }
  async function failures(key: string): Promise<number | undefined> {
    return (await store.db.selectFrom('login_failures').select('failures').where('key', '=', key).executeTakeFirst())?.failures;
  }

  it('the right password creates a session that resolves to the user, and is audited', async () => {
    const username = await newUser();
    const before = await lastSeq(store);
    const result = await attempt(` ${username.toUpperCase()} `, PASSWORD, { address: '192.0.2.7' });
    expect(result).toEqual({ token: expect.any(String), username, role: 'operator' });
    const found = await lookUpSession(store.db, result.token, sessionPolicy);
    expect(found).toMatchObject({ status: 'active', principal: { kind: 'user', username, role: 'operator' } });
    const records = await auditSince(store, before);
    expect(records.map((r) => [r.action, r.actor, r.actor_role, r.target, r.outcome, r.client_address])).toEqual([['auth.sign-in', username, 'operator', username, 'success', '192.0.2.7']]);
    expect(JSON.parse(records[0]!.detail)).toEqual({ method: 'password' });
    const user = await store.db.selectFrom('users').select('last_sign_in_at').where('username', '=', username).executeTakeFirstOrThrow();
    expect(user.last_sign_in_at).toBe(records[0]!.at);
    expect(await failures(`account:${username}`)).toBeUndefined();
  });

  it('a wrong password, an unknown user and a disabled account get the same refusal; each is audited with its reason', async () => {
    const [username, disabled] = [await newUser(), await newUser()];
    await setUserDisabled(store, admin, disabled, true);
    const before = await lastSeq(store);
    await expectApiError(attempt(username, 'wrong password, long'), 'unauthenticated', { message: REFUSED });
    await expectApiError(attempt('nobody-at-all', PASSWORD), 'unauthenticated', { message: REFUSED });
    await expectApiError(attempt(disabled, PASSWORD), 'unauthenticated', { message: REFUSED });
    const records = await auditSince(store, before);
    // Recorded against the account named, not as that account's act: nobody has been identified yet.
    expect(records.map((r) => [r.action, r.actor, r.target, r.outcome])).toEqual([
      ['auth.sign-in', 'anonymous', username, 'failure'],
      ['auth.sign-in', 'anonymous', 'nobody-at-all', 'failure'],
      ['auth.sign-in', 'anonymous', disabled, 'failure'],
    ]);
    expect(records.map((r) => JSON.parse(r.detail))).toEqual(['wrong password', 'no such account', 'account disabled'].map((reason) => ({ method: 'password', reason })));
    expect(JSON.stringify(records)).not.toContain('wrong password, long');
    const sessions = await store.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select('sessions.id').where('users.username', 'in', [username, disabled]).execute();
    expect(sessions).toEqual([]);
  });

  it('an attempt too soon after repeated failures from the same client is refused (too-many-requests) without a record (it checks no password)', async () => {
    freezeClock();
    const username = await newUser();
    const address = unique('10.2');
    const before = await lastSeq(store);
    await expectApiError(attempt(username, 'wrong password 1', { address }), 'unauthenticated');
    await expectApiError(attempt(username, 'wrong password 2', { address }), 'unauthenticated');
    // After two failures this client must wait a second on this account, even with the right password.
    await expectApiError(attempt(username, PASSWORD, { address }), 'too-many-requests', { message: 'Wait 1 s before trying again.' });
    const records = await auditSince(store, before);
    expect(records.map((r) => r.outcome)).toEqual(['failure', 'failure']);
  });

  it('after the maximum failures from one client, that client is locked out of the account, even with the right password, until the lockout ends', async () => {
    const policy = { ...throttlePolicy, maxPairFailures: 2, lockoutMs: 800 };
    const username = await newUser();
    const address = unique('10.3');
    freezeClock();
    await expectApiError(attempt(username, 'wrong password 1', { address, throttle: policy }), 'unauthenticated');
    await expectApiError(attempt(username, 'wrong password 2', { address, throttle: policy }), 'unauthenticated');
    await expectApiError(attempt(username, PASSWORD, { address, throttle: policy }), 'too-many-requests', { message: 'Too many failed sign-ins. Try again in 1 s.' });
    // The failure that set the lock says so; the refusals after it are not recorded.
    const [lastFailure] = await auditSince(store, (await lastSeq(store)) - 1);
    expect(JSON.parse(lastFailure!.detail)).toMatchObject({ reason: 'wrong password', lockedOut: [`pair:${username}|${address}`], lockoutSeconds: 0.8 });
    vi.setSystemTime(Date.now() + policy.lockoutMs + 50);
    expect((await attempt(username, PASSWORD, { address, throttle: policy })).username).toBe(username);
    expect(await failures(`pair:${username}|${address}`)).toBeUndefined(); // a success starts the count again
  });

  it('issue 12 point 2: nobody locks or slows an account for its owner by failing from other clients', async () => {
    const policy = { ...throttlePolicy, maxPairFailures: 3 };
    const username = await newUser();
    // One client failing until it is locked out, then twenty more clients (an attacker changing address).
    for (let i = 0; i < 6; i++) await attempt(username, `guess ${i}`, { address: '203.0.113.50', throttle: policy }).catch(() => undefined);
    for (let i = 0; i < 20; i++) await attempt(username, `guess ${i}`, { address: `198.18.${i}.1`, throttle: policy }).catch(() => undefined);
    expect((await attempt(username, PASSWORD, { address: '192.0.2.200', throttle: policy })).username).toBe(username);
  });

  it('issue 12 point 2: an account guessed at from many clients leaves one alert in the audit log per window', async () => {
    const username = await newUser();
    const before = await lastSeq(store);
    for (const address of ['198.51.100.21', '198.51.100.22']) await expectApiError(attempt(username, 'guess', { address }), 'unauthenticated');
    expect((await auditSince(store, before)).filter((r) => r.action === 'auth.guessing')).toEqual([]);
    for (const address of ['198.51.100.23', '198.51.100.24', '198.51.100.25']) await expectApiError(attempt(username, 'guess', { address }), 'unauthenticated');
    const alerts = (await auditSince(store, before)).filter((r) => r.action === 'auth.guessing');
    expect(alerts.map((r) => [r.actor, r.target, r.outcome])).toEqual([['system', username, 'failure']]);
    expect(JSON.parse(alerts[0]!.detail)).toEqual({ clients: throttlePolicy.alertClients, failures: throttlePolicy.alertClients, windowSeconds: throttlePolicy.lockoutMs / 1000, addresses: ['198.51.100.21', '198.51.100.22', '198.51.100.23'] });
  });

  it('an IPv6 client is one client for its whole /64 (an attacker holds 2^64 addresses of it)', async () => {
    const policy = { ...throttlePolicy, maxPairFailures: 2 };
    const username = await newUser();
    await expectApiError(attempt(username, 'guess 1', { address: '2001:db8:1:2::1', throttle: policy }), 'unauthenticated');
    await expectApiError(attempt(username, 'guess 2', { address: '2001:db8:1:2::ffff', throttle: policy }), 'unauthenticated');
    await expectApiError(attempt(username, PASSWORD, { address: '2001:db8:1:2:aaaa::1', throttle: policy }), 'too-many-requests');
    expect((await attempt(username, PASSWORD, { address: '2001:db8:1:3::1', throttle: policy })).username).toBe(username);
  });

  it('a sign-in prunes sessions that can no longer be used and failure counts that no longer count', async () => {
    const username = await newUser();
    const user = await store.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    const stale = { kind: 'user' as const, user_id: user.id, display_token_id: null, created_at: 0, expires_at: 1, revoked_at: null, client_address: null, user_agent: null };
    await store.db.insertInto('sessions').values([{ ...stale, id: unique('expired'), last_seen_at: 0 }, { ...stale, id: unique('revoked'), last_seen_at: Date.now(), expires_at: Date.now() + 60_000, revoked_at: Date.now() }]).execute();
    await store.db.insertInto('login_failures').values({ key: `account:${unique('old')}`, failures: 3, first_failure_at: 0, last_failure_at: 0, locked_until: null }).execute();
    await attempt(username, PASSWORD);
    const sessions = await store.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(sessions).toHaveLength(1); // the new one
    expect(await store.db.selectFrom('login_failures').select('key').where('first_failure_at', '=', 0).execute()).toEqual([]);
  });

  it('an admin can lift a lockout before it ends (npm run ops -- user unlock), for every client, and that is audited', async () => {
    const policy = { ...throttlePolicy, maxPairFailures: 2, lockoutMs: 60_000 };
    const username = await newUser();
    const address = unique('10.4');
    for (const guess of ['wrong password 1', 'wrong password 2']) await expectApiError(attempt(username, guess, { address, throttle: policy }), 'unauthenticated');
    await expectApiError(attempt(username, PASSWORD, { address, throttle: policy }), 'too-many-requests');
    expect(await unlockUser(store, admin, username)).toEqual({ username, wasLocked: true });
    expect((await attempt(username, PASSWORD, { address, throttle: policy })).username).toBe(username);
    const records = await auditSince(store, (await lastSeq(store)) - 2);
    expect(records.map((r) => r.action)).toEqual(['user.unlock', 'auth.sign-in']);
  });

  it('an address that tries many accounts is locked out, for every account; other addresses are not', async () => {
    const policy = { ...throttlePolicy, maxAddressFailures: 2, lockoutMs: 60_000 };
    const address = '203.0.113.9';
    const username = await newUser();
    await expectApiError(attempt(unique('guess'), PASSWORD, { address, throttle: policy }), 'unauthenticated');
    await expectApiError(attempt(await newUser(), 'wrong password 1', { address, throttle: policy }), 'unauthenticated');
    await expectApiError(attempt(username, PASSWORD, { address, throttle: policy }), 'too-many-requests', { message: expect.stringMatching(/^Too many failed sign-ins/) });
    expect(await failures(`address:${address}`)).toBe(2);
    expect((await attempt(username, PASSWORD, { address: '203.0.113.10', throttle: policy })).username).toBe(username);
  });

  it("one person's failures do not slow down a colleague behind the same address (the wait is per account and client)", async () => {
    const address = '198.51.100.4';
    const typist = await newUser();
    freezeClock();
    for (let i = 0; i < 2; i++) await expectApiError(attempt(typist, `wrong ${i}`, { address }), 'unauthenticated');
    await expectApiError(attempt(typist, 'wrong again', { address }), 'too-many-requests');
    const colleague = await newUser();
    expect((await attempt(colleague, PASSWORD, { address })).username).toBe(colleague);
  });

  it('parallel wrong attempts are all counted: no more get through than the throttle allows', async () => {
    const username = await newUser();
    const address = unique('10.5');
    const before = await lastSeq(store);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => attempt(username, `wrong password ${i}`, { address })));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'signed-in'));
    const admitted = codes.filter((c) => c === 'unauthenticated').length;
    // Each attempt is counted before its password is checked, so only the first two (no wait yet) are admitted.
    expect(admitted).toBe(2);
    expect(codes.filter((c) => c === 'too-many-requests')).toHaveLength(4);
    expect(await failures(`pair:${username}|${address}`)).toBe(admitted);
    const outcomes = (await auditSince(store, before)).map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['failure', 'failure']);
  });

  it('the throttle’s waits grow with each failure, lock at the maximum, and forget after the lockout (admitLoginAttempt with `now`)', async () => {
    const policy = { ...throttlePolicy, maxPairFailures: 4, lockoutMs: 10 * 60_000 };
    const keys = throttleKeys(unique('user'), null, policy);
    const admit = (at: number) => store.writeTransaction((trx) => admitLoginAttempt(trx, keys, policy, at));
    const t = Date.now();
    const admitted = { allowed: true, locksIfFailed: [] };
    expect(await admit(t)).toEqual(admitted); // 1 failure
    expect(await admit(t)).toEqual(admitted); // 2
    expect(await admit(t + 400)).toEqual({ allowed: false, retryAfterMs: 600, reason: 'too-soon' });
    expect(await admit(t + 1_000)).toEqual(admitted); // 3
    expect(await admit(t + 2_999)).toEqual({ allowed: false, retryAfterMs: 1, reason: 'too-soon' });
    expect(await admit(t + 3_000)).toEqual({ allowed: true, locksIfFailed: [keys[0]!.key] }); // 4: locked from here
    expect(await admit(t + 60_000)).toEqual({ allowed: false, retryAfterMs: 3_000 + policy.lockoutMs - 60_000, reason: 'locked' });
    expect(await admit(t + 3_000 + policy.lockoutMs)).toEqual(admitted); // the count starts again at 1
    expect(await failures(keys[0]!.key)).toBe(1);
    await store.writeTransaction((trx) => settleSuccessfulLogin(trx, keys));
    expect(await failures(keys[0]!.key)).toBeUndefined();
  });
});
