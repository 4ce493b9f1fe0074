// Issue 16: the open overview streams' sessions are re-checked in one store query per tick, whatever the number of
// streams (findLiveSessions), on SQLite and PostgreSQL alike; a revoked session's stream still ends within a tick.
// The reads are counted with a Kysely plugin on the real store (every SELECT the check sends), not a mock.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, exchangeDisplayToken, revokeDisplayToken } from '@/lib/auth/display-tokens';
import { signInWithPassword } from '@/lib/auth/local-sign-in';
import { findLiveSessions, revokeSession } from '@/lib/auth/sessions';
import { hashSecret } from '@/lib/auth/tokens';
import { addLocalUser, setUserDisabled } from '@/lib/auth/users';
import type { Role } from '@/lib/catalog/schema';
import { createStreamSessionCheck } from '@/lib/server/overview-stream';
import { toSnapshot } from '@/lib/server/snapshot';
import { createSnapshotStreamHub } from '@/lib/server/snapshot-stream';
import type { Store } from '@/lib/server/store/open-store';
import { admin, closeStores, engines, freshStore, meta, PASSWORD, sessionPolicy, throttlePolicy, unique, type Engine } from './store-engines';

afterAll(closeStores);

/** Counts the SELECTs sent through it. */
function selectCounter(): KyselyPlugin & { selects: number } {
  const plugin = {
    selects: 0,
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (args.node.kind === 'SelectQueryNode') plugin.selects += 1;
      return args.node;
    },
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
  };
  return plugin;
}

describe.each(engines)('open streams’ sessions on %s', (engine: Engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine, 'stream-sessions');
  });

  async function userSession(role: Role = 'viewer'): Promise<{ id: string; username: string }> {
    const username = unique('streamer');
    await addLocalUser(store, admin, { username, role, password: PASSWORD });
    const { token } = await signInWithPassword(store, { username, password: PASSWORD }, meta(), { session: sessionPolicy, throttle: throttlePolicy });
    return { id: hashSecret(token), username };
  }
  async function displaySession(): Promise<{ id: string; tokenId: string }> {
    const { token, secret } = await createDisplayToken(store, admin, unique('wall'));
    const { sessionToken } = await exchangeDisplayToken(store, secret, meta(), sessionPolicy);
    return { id: hashSecret(sessionToken), tokenId: token.id };
  }

  it('answers for N sessions with one SELECT, leaving out revoked, disabled, unknown and revoked-display sessions', async () => {
    const [kept, revoked, disabled, operator] = [await userSession(), await userSession(), await userSession(), await userSession('operator')];
    const [wall, gone] = [await displaySession(), await displaySession()];
    const ids = [kept.id, revoked.id, disabled.id, operator.id, wall.id, gone.id, hashSecret('never-signed-in')];
    const counter = selectCounter();
    const db = store.db.withPlugin(counter);
    expect(await findLiveSessions(db, ids, sessionPolicy)).toEqual(new Map([[kept.id, 'viewer'], [revoked.id, 'viewer'], [disabled.id, 'viewer'], [operator.id, 'operator'], [wall.id, 'display'], [gone.id, 'display']]));
    expect(counter.selects).toBe(1);

    await store.writeTransaction((trx) => revokeSession(trx, revoked.id));
    await setUserDisabled(store, admin, disabled.username, true);
    await revokeDisplayToken(store, admin, gone.tokenId);
    expect([...(await findLiveSessions(db, ids, sessionPolicy)).keys()].sort()).toEqual([kept.id, operator.id, wall.id].sort());
    expect(counter.selects, 'one query however many sessions').toBe(2);
  });

  it('leaves out a session idle past its timeout, and touches (in one update) those watching long enough to be due', async () => {
    const [watching, idle] = [await userSession(), await userSession()];
    const now = Date.now();
    await store.db.updateTable('sessions').set({ last_seen_at: now - 5 * 60_000 }).where('id', '=', watching.id).execute();
    await store.db.updateTable('sessions').set({ last_seen_at: now - sessionPolicy.idleMs - 1 }).where('id', '=', idle.id).execute();
    const live = await findLiveSessions(store.db, [watching.id, idle.id], sessionPolicy, now);
    expect([...live.keys()]).toEqual([watching.id]);
    const row = await store.db.selectFrom('sessions').select('last_seen_at').where('id', '=', watching.id).executeTakeFirstOrThrow();
    expect(Number(row.last_seen_at), 'an open stream is use: the session does not time out under a watching viewer').toBe(now);
  });

  it('re-checks every open stream in one SELECT per tick, and ends the revoked session’s streams only', async () => {
    const sessions = [await userSession(), await userSession(), await userSession()];
    const counter = selectCounter();
    const check = createStreamSessionCheck(async () => store.db.withPlugin(counter));
    let checks = 0;
    const snapshot = toSnapshot({ generatedAt: 1, sections: [] }, Date.now());
    const hub = createSnapshotStreamHub({
      source: { get: async () => snapshot, refresh: async () => snapshot, refreshing: false },
      tickMs: 50,
      heartbeatMs: 1_000,
      retryMs: 3_000,
      maxPerSession: 4,
      checkSessions: (ids) => ((checks += 1), check(ids)),
      checkGraceMs: 1_000,
    });
    // Seven streams of three sessions (tabs): still one query a tick.
    const owners = [0, 0, 0, 1, 1, 2, 2];
    const streams = await Promise.all(owners.map((i) => hub.open(sessions[i]!.id, new AbortController().signal)));
    const ended = streams.map(() => false);
    streams.forEach((stream, at) => {
      void (async () => {
        const reader = stream.getReader();
        while (!(await reader.read()).done);
        ended[at] = true;
      })();
    });
    try {
      await expect.poll(() => checks, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(5);
      const [checksSoFar, selectsSoFar] = [checks, counter.selects];
      expect(selectsSoFar - checksSoFar, 'one SELECT per check for seven streams').toBeLessThanOrEqual(0);
      expect(selectsSoFar).toBeGreaterThanOrEqual(checksSoFar - 1); // a check may be in flight

      await store.writeTransaction((trx) => revokeSession(trx, sessions[1]!.id));
      await expect.poll(() => ended[3] && ended[4], { timeout: 10_000, interval: 20 }).toBe(true);
      expect(ended.filter(Boolean)).toHaveLength(2);
      expect(hub.openConnections).toBe(5);
    } finally {
      hub.closeAll();
    }
  });
});
