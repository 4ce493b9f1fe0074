// Issue 16: polls trust a session validated within SESSION_CHECK_CACHE_MS instead of reading the store each time;
// every revocation still takes effect within seconds: at once on the replica that made it, within the TTL on others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { createSessionCache } from '@/lib/auth/session-cache';
import { lookUpSession, revokeUserSessions } from '@/lib/auth/sessions';
import { addLocalUser } from '@/lib/auth/users';
import { signInWithPassword } from '@/lib/auth/local-sign-in';
import { admin, closeStores, freshConfig, meta, open, PASSWORD, sessionPolicy, throttlePolicy, unique } from './store-engines';
import { signInAs, signInAsDisplay, useThrowawayStore, type SignedIn } from './signed-in';

const TTL_MS = 1_000;
let authorize: typeof import('@/lib/auth/request-auth').authorize;
let getStore: typeof import('@/lib/server/store/store').getStore;

beforeAll(async () => {
  useThrowawayStore();
  process.env.SESSION_CHECK_CACHE_MS = String(TTL_MS);
  ({ authorize } = await import('@/lib/auth/request-auth'));
  ({ getStore } = await import('@/lib/server/store/store'));
});
afterAll(closeStores);

const poll = (who: SignedIn) => who.request('http://console/api/sections');
/** The outcome of one poll's session check: the role it was let in with, or the refusal's code. */
async function check(request: NextRequest): Promise<string> {
  try {
    return (await authorize(request, 'status.read')).principal.role;
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

describe('session checks from memory (one replica, the console’s own code paths)', () => {
  it('a poll within the TTL does not read the store: a row deleted behind its back still lets it in, then not', async () => {
    const viewer = await signInAs('viewer', unique('cached'));
    expect(await check(poll(viewer))).toBe('viewer');
    // What another replica's revocation looks like from here: the store changed, this replica was not told.
    const store = await getStore();
    await store.db.deleteFrom('sessions').where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('role', '=', 'viewer')).execute();
    expect(await check(poll(viewer)), 'served from memory, no store read').toBe('viewer');
    await expect.poll(() => check(poll(viewer)), { timeout: 10 * TTL_MS, interval: 50 }).toBe('unauthenticated');
  });

  it('sign-out, a disabled user, a role change and a revoked display token take effect at the next poll here', async () => {
    const store = await getStore();
    const { setUserDisabled, setUserRole } = await import('@/lib/auth/users');
    const { revokeSession } = await import('@/lib/auth/sessions');
    const { revokeDisplayToken, listDisplayTokens } = await import('@/lib/auth/display-tokens');
    const actor = { actor: 'test-admin', actorRole: 'admin' as const, clientAddress: '127.0.0.1' };

    const leaving = await signInAs('operator', unique('leaving'));
    expect(await check(poll(leaving))).toBe('operator');
    const session = await authorize(poll(leaving), 'status.read');
    await store.writeTransaction((trx) => revokeSession(trx, session.principal.sessionId));
    expect(await check(poll(leaving))).toBe('unauthenticated');

    const disabledName = unique('disabled');
    const disabled = await signInAs('operator', disabledName);
    expect(await check(poll(disabled))).toBe('operator');
    await setUserDisabled(store, actor, disabledName, true);
    expect(await check(poll(disabled))).toBe('unauthenticated');

    const demotedName = unique('demoted');
    const demoted = await signInAs('admin', demotedName);
    expect(await check(poll(demoted))).toBe('admin');
    await setUserRole(store, actor, demotedName, 'viewer');
    expect(await check(poll(demoted)), 'a role change ends the session: never the old role from memory').toBe('unauthenticated');

    const screenName = unique('wall');
    const screen = await signInAsDisplay(screenName);
    expect(await check(poll(screen))).toBe('display');
    const token = (await listDisplayTokens(store)).find((t) => t.name === screenName)!;
    await revokeDisplayToken(store, actor, token.id);
    expect(await check(poll(screen)), 'the screen is told its token was revoked').toBe('token-revoked');
  });
});

describe('two replicas (two store handles on one database, a cache each)', () => {
  it('a revocation on replica A takes effect on A at once and on B within the TTL', async () => {
    const config = await freshConfig('sqlite', 'session-replicas');
    const [storeA, storeB] = [await open(config), await open(config)];
    let now = Date.now();
    const clock = () => now;
    const [cacheA, cacheB] = [createSessionCache({ ttlMs: TTL_MS, now: clock }), createSessionCache({ ttlMs: TTL_MS, now: clock })];
    const username = unique('replicated');
    const user = await addLocalUser(storeA, admin, { username, role: 'viewer', password: PASSWORD });
    const { token } = await signInWithPassword(storeA, { username, password: PASSWORD }, meta(), { session: sessionPolicy, throttle: throttlePolicy });
    let readsB = 0;
    const onA = () => cacheA.lookUp(token, () => lookUpSession(storeA.db, token, sessionPolicy));
    const onB = () => cacheB.lookUp(token, () => ((readsB += 1), lookUpSession(storeB.db, token, sessionPolicy)));
    expect((await onA()).status).toBe('active');
    expect((await onB()).status).toBe('active');
    expect((await onB()).status).toBe('active');
    expect(readsB, 'the second poll on B is served from memory').toBe(1);

    // Replica A revokes (as setUserDisabled does) and forgets what it held, as lib/auth/session-check does there.
    await storeA.writeTransaction((trx) => revokeUserSessions(trx, user.id));
    cacheA.forgetAll();
    expect((await onA()).status).toBe('none');
    // Replica B was not told: it may let the session in until its entry is a TTL old, never after.
    now += TTL_MS - 1;
    expect((await onB()).status).toBe('active');
    now += 1;
    expect((await onB()).status).toBe('none');
    expect(readsB).toBe(2);
  });
});
