import { describe, expect, it } from 'vitest';
import { createViewedSnapshots } from './viewed-snapshots';

/** A clock and timers the test moves by hand: every count below is exact, nothing waits on real time. */
function manualTime() {
  let now = 0;
  let nextId = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    timers: {
      set: (run: () => void, ms: number) => {
        pending.set(++nextId, { at: now + ms, run });
        return nextId;
      },
      clear: (id: unknown) => void pending.delete(id as number),
    },
    get scheduled() {
      return pending.size;
    },
    /** Moves the clock to `to`, running each timer due on the way (and what its promises do) in order. */
    async advanceTo(to: number) {
      for (;;) {
        await settle();
        const due = [...pending.entries()].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = to;
      await settle();
    },
  };
}

type Context = { name: string };

function setup(load: (context: Context, now: number) => Promise<object>, maxEntries = 10) {
  const time = manualTime();
  const loads: number[] = [];
  const snapshots = createViewedSnapshots<Context>({
    intervalMs: () => 100,
    idleMs: () => 250,
    maxEntries,
    now: time.now,
    timers: time.timers,
    load: (context, now) => {
      loads.push(now);
      return load(context, now);
    },
  });
  const read = async (key = 'a') => JSON.parse((await snapshots.get(key, { name: key })).body) as Record<string, unknown>;
  return { time, loads, snapshots, read };
}

describe('viewed snapshots', () => {
  it('many concurrent viewers of one key cost one load, then one per interval while they keep asking', async () => {
    const { time, loads, snapshots, read } = setup(async (c, now) => ({ name: c.name, readAt: now }));
    const first = await Promise.all(Array.from({ length: 50 }, () => read()));
    expect(loads).toEqual([0]);
    expect(new Set(first.map((b) => b.readAt))).toEqual(new Set([0]));
    for (let t = 10; t <= 500; t += 10) {
      await time.advanceTo(t);
      await Promise.all(Array.from({ length: 50 }, () => read()));
    }
    // A background refresh every 100 ms whatever the number of viewers, none of them waited for.
    expect(loads).toEqual([0, 100, 200, 300, 400, 500]);
    expect((await read()).refreshError).toBeNull();
    expect(snapshots.size).toBe(1);
  });

  it('serves the latest value with the same ETag until a refresh changes it', async () => {
    let value = 1;
    const { time, snapshots } = setup(async () => ({ value }));
    const first = await snapshots.get('a', { name: 'a' });
    await time.advanceTo(50);
    expect((await snapshots.get('a', { name: 'a' })).etag).toBe(first.etag);
    value = 2;
    await time.advanceTo(100);
    const second = await snapshots.get('a', { name: 'a' });
    expect(second.etag).not.toBe(first.etag);
    expect(second.refreshedAt).toBe(100);
  });

  it('a failed refresh keeps the last value at its own age and names the failure; the next success clears it', async () => {
    let failing = false;
    const { time, snapshots, read } = setup(async (_c, now) => {
      if (failing) throw new Error('prometheus: HTTP 503');
      return { readAt: now };
    });
    await read();
    failing = true;
    await time.advanceTo(90);
    await read(); // still viewed
    await time.advanceTo(100);
    const stale = await snapshots.get('a', { name: 'a' });
    expect(stale.refreshedAt).toBe(0); // its age is the last good read's, not the failed attempt's
    expect(JSON.parse(stale.body)).toEqual({ readAt: 0, refreshError: { message: 'prometheus: HTTP 503', at: 100 } });
    failing = false;
    await time.advanceTo(190);
    await read();
    await time.advanceTo(200);
    expect(await read()).toEqual({ readAt: 200, refreshError: null });
  });

  it('a failing first load is the caller’s error, holds nothing, and the next ask tries again', async () => {
    let failing = true;
    const { loads, snapshots, read } = setup(async () => {
      if (failing) throw new Error('prometheus: connection refused');
      return { ok: true };
    });
    await expect(Promise.all([read(), read()])).rejects.toThrow('connection refused');
    expect(loads).toHaveLength(1); // the two asks joined one load
    expect(snapshots.size).toBe(0);
    failing = false;
    expect(await read()).toEqual({ ok: true, refreshError: null });
  });

  it('a key nobody asks for stops refreshing and leaves memory; asked again, it loads afresh', async () => {
    const { time, loads, snapshots, read } = setup(async (_c, now) => ({ readAt: now }));
    await read();
    await time.advanceTo(120);
    await read(); // last ask at 120: refreshed until 370 at most
    await time.advanceTo(2_000);
    expect(loads).toEqual([0, 100, 200, 300]);
    expect(snapshots.size).toBe(0);
    expect(time.scheduled).toBe(0); // no timer left behind
    expect(await read()).toEqual({ readAt: 2_000, refreshError: null }); // not the old value served as current
  });

  it('an idle key whose timer is late is not served: its old value would look current', async () => {
    const { time, snapshots, read } = setup(async (_c, now) => ({ readAt: now }));
    await read();
    time.timers.clear(1); // the refresh timer never ran (a stalled event loop)
    await time.advanceTo(1_000);
    expect(await read()).toEqual({ readAt: 1_000, refreshError: null });
    expect(snapshots.size).toBe(1);
  });

  it('peek: nothing before the first value (it never loads), then the latest value, and it keeps the key warm as an ask does', async () => {
    const { time, loads, snapshots, read } = setup(async (_c, now) => ({ readAt: now }));
    expect(snapshots.peek('a')).toBeUndefined();
    expect(loads).toEqual([]);
    await read();
    for (let t = 200; t <= 1_000; t += 200) {
      await time.advanceTo(t);
      expect(JSON.parse(snapshots.peek('a')!.body)).toMatchObject({ readAt: t }); // refreshed in the background at t
    }
    expect(snapshots.size).toBe(1); // peeked every 200 ms (< idleMs 250): never idle
    await time.advanceTo(2_000);
    expect(snapshots.peek('a')).toBeUndefined(); // idle: left, and not served as current
  });

  it('holds at most maxEntries keys: the one asked longest ago leaves', async () => {
    const { time, snapshots, read } = setup(async (c) => ({ name: c.name }), 2);
    await read('a');
    await time.advanceTo(10);
    await read('b');
    await time.advanceTo(20);
    await read('a');
    await read('c');
    expect(snapshots.size).toBe(2);
    await time.advanceTo(30);
    expect(snapshots.refreshing('b')).toBe(false);
    snapshots.clear();
    expect(time.scheduled).toBe(0);
  });
});
