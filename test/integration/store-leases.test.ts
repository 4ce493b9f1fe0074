// Leases in the store (issue 18), the same on SQLite and PostgreSQL: two stores (two replicas' connections to
// one database) compete for one lease; one wins, the other takes it over once it expires, or at once when it is
// released. Time is passed in, so expiry is tested without sleeping.
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLease, currentLease, liveLeases, releaseLease, renewLease } from '@/lib/server/store/leases';
import type { Store } from '@/lib/server/store/open-store';
import { closeStores, engines, freshConfig, open, unique, type Engine } from './store-engines';

afterAll(closeStores);

const TTL = 30_000;

describe.each(engines)('leases on %s', (engine: Engine) => {
  /** Two replicas: two stores opened on the same database (the second open finds the schema migrated). */
  async function twoReplicas(): Promise<[Store, Store]> {
    const config = await freshConfig(engine, 'leases');
    const a = await open(config);
    return [a, await open(config)];
  }

  it('two holders competing at the same moment: exactly one wins', async () => {
    const [a, b] = await twoReplicas();
    const name = unique('job');
    const now = 1_000_000;
    const results = await Promise.all([acquireLease(a.db, name, 'replica-a', TTL, now), acquireLease(b.db, name, 'replica-b', TTL, now)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'replica-a' : 'replica-b';
    expect(await currentLease(a.db, name, now)).toEqual({ name, holder: winner, expiresAt: now + TTL });
    // Many more tries while it is held change nothing.
    const again = await Promise.all(Array.from({ length: 10 }, (_, i) => acquireLease(i % 2 ? a.db : b.db, name, `other-${i}`, TTL, now + 1)));
    expect(again.every((won) => !won)).toBe(true);
  });

  it('the holder renews and keeps it; when it stops renewing the other takes over after expiry, not before', async () => {
    const [a, b] = await twoReplicas();
    const name = unique('job');
    const t0 = 2_000_000;
    expect(await acquireLease(a.db, name, 'replica-a', TTL, t0)).toBe(true);
    expect(await renewLease(a.db, name, 'replica-a', TTL, t0 + TTL / 2)).toBe(true);
    // Renewed: past the first expiry it is still held.
    expect(await acquireLease(b.db, name, 'replica-b', TTL, t0 + TTL)).toBe(false);
    // A holder renewing by acquiring again keeps it too (the worker's loop does that).
    expect(await acquireLease(a.db, name, 'replica-a', TTL, t0 + TTL)).toBe(true);
    // replica-a dies: no renewal. Just before expiry b still cannot take it; at expiry it can.
    const expiresAt = t0 + TTL + TTL;
    expect(await acquireLease(b.db, name, 'replica-b', TTL, expiresAt - 1)).toBe(false);
    expect(await currentLease(b.db, name, expiresAt)).toBeNull();
    expect(await acquireLease(b.db, name, 'replica-b', TTL, expiresAt)).toBe(true);
    expect(await currentLease(a.db, name, expiresAt)).toMatchObject({ holder: 'replica-b' });
    // The old holder coming back finds it lost: it can neither renew nor release it.
    expect(await renewLease(a.db, name, 'replica-a', TTL, expiresAt + 1)).toBe(false);
    expect(await releaseLease(a.db, name, 'replica-a')).toBe(false);
    expect(await currentLease(a.db, name, expiresAt + 1)).toMatchObject({ holder: 'replica-b' });
  });

  it('a released lease is taken over at once, long before it would have expired', async () => {
    const [a, b] = await twoReplicas();
    const name = unique('job');
    const t0 = 3_000_000;
    expect(await acquireLease(a.db, name, 'replica-a', TTL, t0)).toBe(true);
    expect(await acquireLease(b.db, name, 'replica-b', TTL, t0 + 1)).toBe(false);
    expect(await releaseLease(a.db, name, 'replica-a')).toBe(true);
    expect(await acquireLease(b.db, name, 'replica-b', TTL, t0 + 2)).toBe(true);
  });

  it('lists the live leases under a prefix (the runs being worked on), not expired ones', async () => {
    const [a, b] = await twoReplicas();
    const prefix = `${unique('run')}:`;
    const t0 = 4_000_000;
    await acquireLease(a.db, `${prefix}1`, 'replica-a', TTL, t0);
    await acquireLease(b.db, `${prefix}2`, 'replica-b', 10, t0);
    expect(await liveLeases(a.db, prefix, t0 + 100)).toEqual([{ name: `${prefix}1`, holder: 'replica-a', expiresAt: t0 + TTL }]);
  });
});
