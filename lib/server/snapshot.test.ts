import { describe, expect, it } from 'vitest';
import { createDerivedSnapshots, createSnapshotRefresher, matchesEtag, respondSnapshot, toSnapshot, type SharedSnapshots, type Snapshot } from './snapshot';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('snapshot refresher', () => {
  it('keeps the ETag while the data is unchanged and changes it with a new body after a refresh', async () => {
    let now = 0;
    let value = { severity: 'ok' };
    const refresher = createSnapshotRefresher({ key: 'k', intervalMs: 100, now: () => now, load: async () => value });
    const first = await refresher.get();
    expect(matchesEtag(first.etag, first.etag)).toBe(true);
    value = { severity: 'P0' };
    now = 150;
    expect((await refresher.get()).etag).toBe(first.etag); // answered from the snapshot, refresh started
    await refresher.refresh();
    const second = await refresher.get();
    expect(second.etag).not.toBe(first.etag);
    expect(JSON.parse(second.body)).toEqual({ severity: 'P0' });
    expect(matchesEtag(first.etag, second.etag)).toBe(false);
  });

  it('runs one refresh at a time under concurrent requests and never makes a caller wait once a value exists', async () => {
    let now = 0;
    let loads = 0;
    let gate = deferred<object>();
    const refresher = createSnapshotRefresher({
      key: 'k',
      intervalMs: 100,
      now: () => now,
      load: () => {
        loads += 1;
        return gate.promise;
      },
    });
    const firstCallers = Array.from({ length: 20 }, () => refresher.get());
    gate.resolve({ n: 1 });
    await Promise.all(firstCallers);
    expect(loads).toBe(1);
    now = 500;
    gate = deferred<object>();
    const answers = await Promise.all(Array.from({ length: 50 }, () => refresher.get()));
    expect(loads).toBe(2);
    expect(new Set(answers.map((a) => a.body))).toEqual(new Set([JSON.stringify({ n: 1 })]));
    gate.resolve({ n: 2 });
    await refresher.refresh();
    expect(JSON.parse((await refresher.get()).body)).toEqual({ n: 2 });
  });

  it('keeps the last good snapshot, with its old refresh time, when a refresh fails', async () => {
    let now = 0;
    let fail = false;
    const errors: unknown[] = [];
    const refresher = createSnapshotRefresher({
      key: 'k',
      intervalMs: 100,
      now: () => now,
      onError: (error) => errors.push(error),
      load: async () => {
        if (fail) throw new Error('prometheus down');
        return { severity: 'P1' };
      },
    });
    const good = await refresher.get();
    fail = true;
    now = 200;
    await refresher.get();
    await expect(refresher.refresh()).rejects.toThrow('prometheus down');
    const after = await refresher.get();
    expect(after).toEqual(good);
    expect(after.refreshedAt).toBe(0);
    expect(JSON.parse(after.body)).toEqual({ severity: 'P1' });
    expect(errors.length).toBeGreaterThanOrEqual(1);
  });
});

describe('snapshot refresher shared between replicas', () => {
  // A stand-in for the Redis-backed reads (tested against real Redis in test/integration/shared-reads.test.ts):
  // the first replica to ask produces, the others take what it produced until the interval is over.
  function sharedStandIn(intervalMs: number, clock: () => number): SharedSnapshots {
    let held: Snapshot | undefined;
    return {
      async read(_key, produce) {
        if (held && clock() - held.refreshedAt < intervalMs) return { value: held };
        held = await produce('overview');
        return { value: held };
      },
    };
  }

  it('one replica evaluates per interval; the others serve its snapshot with its time and ETag', async () => {
    let now = 0;
    const clock = () => now;
    const shared = sharedStandIn(100, clock);
    const loads = { a: 0, b: 0 };
    const a = createSnapshotRefresher({ key: 'overview', intervalMs: 100, now: clock, shared, load: async (at) => ((loads.a += 1), { by: 'a', at }) });
    const b = createSnapshotRefresher({ key: 'overview', intervalMs: 100, now: clock, shared, load: async (at) => ((loads.b += 1), { by: 'b', at }) });
    const fromA = await a.get();
    now = 40;
    const fromB = await b.get();
    expect(fromB).toEqual(fromA);
    expect(fromB.refreshedAt).toBe(0);
    expect(loads).toEqual({ a: 1, b: 0 });
    // B's copy is due when A's snapshot is an interval old (at 100), not an interval after B took it (at 140).
    now = 100;
    await b.get();
    await b.refresh();
    expect(JSON.parse((await b.get()).body)).toEqual({ by: 'b', at: 100 });
    now = 120;
    await a.get();
    await a.refresh();
    expect(JSON.parse((await a.get()).body)).toEqual({ by: 'b', at: 100 });
    expect(loads).toEqual({ a: 1, b: 1 });
  });
});

describe('respondSnapshot', () => {
  it('answers 304 without a body when If-None-Match names the current ETag, and the body otherwise', async () => {
    const { respondSnapshot, toSnapshot } = await import('./snapshot');
    const snapshot = toSnapshot({ sections: [] }, 1);
    const fresh = respondSnapshot(snapshot, null);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe(snapshot.etag);
    expect(await fresh.json()).toEqual({ sections: [] });
    const unchanged = respondSnapshot(snapshot, snapshot.etag);
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect(respondSnapshot(snapshot, '"other"').status).toBe(200);
  });

  it('states the snapshot\'s age, on a 304 too: a snapshot still served during a slow refresh must age on the screen', async () => {
    const { respondSnapshot, toSnapshot, SNAPSHOT_AGE_HEADER } = await import('./snapshot');
    const snapshot = toSnapshot({ sections: [] }, 10_000);
    expect(respondSnapshot(snapshot, null, 16_500).headers.get(SNAPSHOT_AGE_HEADER)).toBe('6500');
    expect(respondSnapshot(snapshot, snapshot.etag, 16_500).headers.get(SNAPSHOT_AGE_HEADER)).toBe('6500');
    expect(respondSnapshot(snapshot, null, 9_000).headers.get(SNAPSHOT_AGE_HEADER)).toBe('0');
  });
});

describe('derived snapshots (each section from the overview snapshot)', () => {
  const overviewAt = (refreshedAt: number, severity: string) => toSnapshot({ generatedAt: refreshedAt, sections: [{ id: 'a', severity }, { id: 'b', severity: 'ok' }] }, refreshedAt);
  const derive = (source: Snapshot): Iterable<[string, unknown]> => {
    const body = JSON.parse(source.body) as { generatedAt: number; sections: { id: string }[] };
    return body.sections.map((status) => [status.id, { generatedAt: body.generatedAt, status }]);
  };

  it('serialises each answer once per source snapshot, with its own ETag and the source’s age', () => {
    let derivations = 0;
    const derived = createDerivedSnapshots((source) => {
      derivations += 1;
      return derive(source);
    });
    const first = overviewAt(1_000, 'P1');
    const a = derived.of(first).get('a')!;
    expect(derived.of(first).get('a')).toBe(a); // same object: not serialised again
    expect(derivations).toBe(1);
    expect(JSON.parse(a.body)).toEqual({ generatedAt: 1_000, status: { id: 'a', severity: 'P1' } });
    expect(a.refreshedAt).toBe(1_000);
    expect(a.etag).not.toBe(derived.of(first).get('b')!.etag);
    // A poll with the ETag gets a 304 without a body, and the age of the data on it.
    const notModified = respondSnapshot(a, a.etag, 4_000);
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('x-snapshot-age-ms')).toBe('3000');

    const second = overviewAt(2_000, 'P0');
    const a2 = derived.of(second).get('a')!;
    expect(derivations).toBe(2);
    expect(a2.etag).not.toBe(a.etag);
    expect(respondSnapshot(a2, a.etag, 2_500).status).toBe(200);
  });

  it('gives the same ETag on every replica for the same source snapshot (derived from its body alone)', () => {
    const source = overviewAt(5_000, 'P2');
    const replicaA = createDerivedSnapshots(derive).of(source);
    const replicaB = createDerivedSnapshots(derive).of({ ...source });
    expect(replicaB.get('a')!.etag).toBe(replicaA.get('a')!.etag);
  });
});
