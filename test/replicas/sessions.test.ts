// Sessions, display tokens and the sign-in throttle through any replica: three built consoles on one
// PostgreSQL behind HAProxy (round robin, no stickiness). They live in the store, not in a process: signed
// in through one replica, a browser stays signed in on every other; a sign-out anywhere ends it everywhere;
// failed sign-ins are counted once for all replicas.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplicaSet, type ReplicaSet } from '@/scripts/stack/replicas';
import { Client, countByReplica } from './client';

const root = path.resolve(__dirname, '../..');
let set: ReplicaSet;

beforeAll(async () => {
  set = await startReplicaSet({ root, name: 'sessions', count: 3, consoleEnv: { LOGIN_ADDRESS_MAX_FAILURES: '9' } });
});

afterAll(async () => {
  await set?.stop();
});

const password = (username: string) => set.accounts.users.find((u) => u.username === username)!.password;

describe('a person signed in through the balancer', () => {
  it('stays signed in on every replica, request after request', async () => {
    const browser = new Client(set.url);
    await browser.signIn('olivia', password('olivia'));
    const answers = await Promise.all(Array.from({ length: 30 }, () => browser.get<{ name: string; role: string }>('/api/auth/me')));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(new Set(answers.map((a) => a.body.role))).toEqual(new Set(['operator']));
    // Round robin, no stickiness: every replica answered some of them.
    expect(Object.keys(countByReplica(answers)).sort()).toEqual(set.replicas.map((r) => r.name));
    // And each replica, asked directly, knows the session.
    for (const replica of set.replicas) expect((await browser.at(replica.url).get('/api/auth/me')).status).toBe(200);
  });

  it('is signed out everywhere by a sign-out on any replica', async () => {
    const browser = new Client(set.url);
    await browser.signIn('adam', password('adam'));
    const cookie = browser.jar.header(new URL('/api/auth/me', set.url));
    const [first, ...others] = set.replicas;
    expect((await browser.at(first!.url).post('/api/auth/logout')).status).toBeLessThan(400);
    for (const replica of others) {
      const answer = await fetch(`${replica.url}/api/auth/me`, { headers: { cookie } });
      expect(answer.status).toBe(401);
    }
  });
});

describe('a display token', () => {
  it('is exchanged on one replica and its read-only session works on all', async () => {
    const screen = new Client(set.url);
    const exchange = await screen.post('/api/auth/display', { token: set.accounts.display.secret });
    expect(exchange.status).toBe(200);
    const answers = await Promise.all(Array.from({ length: 15 }, () => screen.get<{ kind: string }>('/api/auth/me')));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(new Set(answers.map((a) => a.body.kind))).toEqual(new Set(['display']));
    expect(Object.keys(countByReplica(answers)).sort()).toEqual(set.replicas.map((r) => r.name));
    // Read-only wherever it lands.
    for (const replica of set.replicas) expect((await screen.at(replica.url).get('/api/audit')).status).toBe(403);
  });
});

// Last in this file: it locks this client's address out of signing in (sessions made above are unaffected).
describe('the sign-in throttle', () => {
  it('counts failures from one client across replicas, and locks the client once for all of them', async () => {
    // LOGIN_ADDRESS_MAX_FAILURES=9: nine wrong passwords from one client (each on another account name, so that
    // no per-account wait applies), one at a time, spread by the balancer over three replicas (about three each).
    const attempts = [];
    for (let i = 0; i < 9; i++) attempts.push(await new Client(set.url).post('/api/auth/login', { username: `nobody-${i}`, password: 'not the password at all' }));
    expect(attempts.map((a) => a.status)).toEqual(attempts.map(() => 401));
    const perReplica = countByReplica(attempts);
    expect(Object.keys(perReplica).sort()).toEqual(set.replicas.map((r) => r.name));
    // No replica saw nine on its own: only a count shared in the store reaches the limit.
    expect(Math.max(...Object.values(perReplica))).toBeLessThan(9);
    // Now even the right password is refused from this client, on every replica.
    const refused = await Promise.all(set.replicas.map(() => new Client(set.url).post<{ error: { code: string } }>('/api/auth/login', { username: 'vera', password: password('vera') })));
    expect(refused.map((a) => a.status)).toEqual(refused.map(() => 429));
    expect(Object.keys(countByReplica(refused)).sort()).toEqual(set.replicas.map((r) => r.name));
  });
});
