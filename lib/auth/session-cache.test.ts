import { describe, expect, it } from 'vitest';
import { createSessionCache } from './session-cache';
import type { SessionLookup } from './sessions';

const active: SessionLookup = { status: 'active', principal: { kind: 'user', sessionId: 's', userId: 'u', username: 'ada', displayName: 'Ada', role: 'viewer' } };

function counting(answer: () => SessionLookup) {
  const loader = { reads: 0, load: async () => ((loader.reads += 1), answer()) };
  return loader;
}

describe('validated-session cache', () => {
  it('reads the store once per TTL for a polling viewer, then again', async () => {
    let now = 0;
    const cache = createSessionCache({ ttlMs: 2_000, now: () => now });
    const store = counting(() => active);
    for (let i = 0; i < 10; i += 1) expect(await cache.lookUp('token', store.load)).toEqual(active);
    expect(store.reads).toBe(1);
    now = 1_999;
    await cache.lookUp('token', store.load);
    expect(store.reads).toBe(1);
    now = 2_000;
    await cache.lookUp('token', store.load);
    expect(store.reads).toBe(2);
  });

  it('keeps only active sessions: a refusal, a display told why, or no cookie is read each time', async () => {
    const cache = createSessionCache({ ttlMs: 2_000 });
    for (const answer of [{ status: 'none' }, { status: 'display-revoked' }] as SessionLookup[]) {
      const store = counting(() => answer);
      await cache.lookUp('token', store.load);
      await cache.lookUp('token', store.load);
      expect(store.reads).toBe(2);
    }
    const noCookie = counting(() => ({ status: 'none' }));
    await cache.lookUp(undefined, noCookie.load);
    await cache.lookUp(undefined, noCookie.load);
    expect(noCookie.reads).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('a revocation here (forgetAll) takes effect at the next request, a lookup already on its way included', async () => {
    let now = 0;
    const cache = createSessionCache({ ttlMs: 2_000, now: () => now });
    let answer: SessionLookup = active;
    const store = counting(() => answer);
    await cache.lookUp('token', store.load);
    // A lookup that read "active" just before the revocation committed must not be kept after it.
    let release!: () => void;
    const slow = cache.lookUp('other', () => new Promise<SessionLookup>((resolve) => (release = () => resolve(active))));
    answer = { status: 'none' };
    cache.forgetAll();
    release();
    await slow;
    expect(await cache.lookUp('token', store.load)).toEqual({ status: 'none' });
    // For one TTL after a revocation nothing is kept (its transaction may not have committed yet) …
    answer = active;
    now = 1_000;
    await cache.lookUp('token', store.load);
    const reads = store.reads;
    await cache.lookUp('token', store.load);
    expect(store.reads).toBe(reads + 1);
    // … then polls are served from memory again.
    now = 2_500;
    await cache.lookUp('token', store.load);
    await cache.lookUp('token', store.load);
    expect(store.reads).toBe(reads + 2);
  });

  it('is bounded in entries, and off with a TTL of 0', async () => {
    const cache = createSessionCache({ ttlMs: 2_000, max: 3 });
    for (let i = 0; i < 10; i += 1) await cache.lookUp(`token-${i}`, async () => active);
    expect(cache.size).toBe(3);
    const off = createSessionCache({ ttlMs: 0 });
    const store = counting(() => active);
    await off.lookUp('token', store.load);
    await off.lookUp('token', store.load);
    expect(store.reads).toBe(2);
  });
});
