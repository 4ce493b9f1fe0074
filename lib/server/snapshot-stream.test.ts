import { describe, expect, it } from 'vitest';
import { parseSnapshotData } from '@/lib/api/overview-stream-protocol';
import { createSnapshotStreamHub, snapshotBodyLine, TooManyStreamsError, type SnapshotSource } from './snapshot-stream';
import { toSnapshot, type Snapshot } from './snapshot';

/** A refresher double: `next` is what the next refresh produces; `get` starts it when asked to, as the real one does when due. */
function source(initial: unknown) {
  let current = toSnapshot(initial, 1);
  let next: Snapshot | undefined;
  let inFlight: Promise<Snapshot> | undefined;
  const s: SnapshotSource & { change(value: unknown): void } = {
    change(value) {
      next = toSnapshot(value, Date.now());
    },
    get: async () => {
      if (next && !inFlight) void s.refresh();
      return current;
    },
    refresh: () =>
      (inFlight ??= Promise.resolve().then(() => {
        if (next) [current, next] = [next, undefined];
        inFlight = undefined;
        return current;
      })),
    get refreshing() {
      return inFlight !== undefined;
    },
  };
  return s;
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const out = { text: '', ended: false };
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      out.text += decoder.decode(value);
    }
    out.ended = true;
  })();
  return out;
}

/** The sessions still allowed, as the store would say; `checks` counts the calls (one per tick for all streams). */
function sessions(...ids: string[]) {
  const state = { allowed: new Set(ids), failing: false, checks: 0 };
  const checkSessions = async (keys: string[]) => {
    state.checks += 1;
    if (state.failing) throw new Error('store down');
    return new Set(keys.filter((k) => state.allowed.has(k)));
  };
  return { state, checkSessions };
}

const hubOf = (src: SnapshotSource, s = sessions('s1', 's2', 's3'), extra: { checkGraceMs?: number; now?: () => number } = {}) =>
  createSnapshotStreamHub({ source: src, tickMs: 10, heartbeatMs: 20, retryMs: 3_000, maxPerSession: 2, checkSessions: s.checkSessions, checkGraceMs: extra.checkGraceMs ?? 1_000, now: extra.now });
const dataOf = (text: string, event: string) =>
  text
    .split('\n\n')
    .filter((frame) => frame.includes(`event: ${event}\n`))
    .map((frame) => frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'));

describe('the snapshot stream hub', () => {
  it('sends retry and the current snapshot first, then each new snapshot once, with the ETag as id; heartbeats between', async () => {
    const src = source({ n: 1 });
    const hub = hubOf(src);
    const out = await collect(await hub.open('s1', new AbortController().signal));
    await expect.poll(() => out.text).toContain('data: {"n":1}');
    expect(out.text.startsWith('retry: 3000\n\n')).toBe(true);
    src.change({ n: 2 });
    await expect.poll(() => out.text).toContain('data: {"n":2}');
    await expect.poll(() => dataOf(out.text, 'heartbeat').length).toBeGreaterThan(0);
    expect(Number(dataOf(out.text, 'heartbeat')[0]), 'a heartbeat states the age of the last snapshot').toBeGreaterThanOrEqual(0);
    expect(out.text.match(/event: snapshot/g)).toHaveLength(2);
    expect(out.text).toContain(`id: ${toSnapshot({ n: 2 }, 0).etag}\n`);
    hub.closeAll();
    await expect.poll(() => out.ended).toBe(true);
  });

  it('frames a snapshot body on one line whatever its body', () => {
    const line = new TextDecoder().decode(snapshotBodyLine(toSnapshot({ text: 'two\nlines' }, 0)));
    expect(line.split('\n').filter((l) => l.startsWith('data: '))).toHaveLength(1);
  });

  it('states each snapshot’s age when sent, so an old snapshot sent on connect does not look new', async () => {
    let now = 100_000;
    const hub = hubOf(source({ n: 1 }), undefined, { now: () => now }); // the snapshot was taken at 1
    now = 160_001;
    const out = await collect(await hub.open('s1', new AbortController().signal));
    await expect.poll(() => dataOf(out.text, 'snapshot').length).toBe(1);
    expect(parseSnapshotData(dataOf(out.text, 'snapshot')[0]!)).toEqual({ ageMs: 160_000, body: '{"n":1}' });
    hub.closeAll();
  });

  it('checks every open stream’s session in one call per tick, and ends those no longer allowed', async () => {
    const s = sessions('s1', 's2', 's3');
    const hub = hubOf(source({ n: 1 }), s);
    const outs = await Promise.all(['s1', 's1', 's2', 's3'].map(async (key) => collect(await hub.open(key, new AbortController().signal))));
    const before = s.state.checks;
    await expect.poll(() => s.state.checks).toBeGreaterThan(before + 2);
    s.state.allowed.delete('s1');
    await expect.poll(() => outs[0]!.ended && outs[1]!.ended).toBe(true);
    expect(outs[2]!.ended || outs[3]!.ended).toBe(false);
    expect(hub.openConnections).toBe(2);
    hub.closeAll();
  });

  it('keeps streams through a store failure shorter than the grace, and ends them all after it', async () => {
    let now = 0;
    const s = sessions('s1');
    const hub = hubOf(source({ n: 1 }), s, { checkGraceMs: 5_000, now: () => now });
    const out = await collect(await hub.open('s1', new AbortController().signal));
    s.state.failing = true;
    const failedAt = s.state.checks;
    await expect.poll(() => s.state.checks).toBeGreaterThan(failedAt + 2);
    expect(out.ended, 'a brief store failure ends nothing').toBe(false);
    s.state.allowed.delete('s1'); // revoked while the store could not be read: it must not live on
    now = 5_001;
    await expect.poll(() => out.ended).toBe(true);
  });

  it('ends a stream whose session is no longer allowed, and one whose client went away', async () => {
    const s = sessions('s1', 's2');
    const hub = hubOf(source({ n: 1 }), s);
    const revoked = await collect(await hub.open('s1', new AbortController().signal));
    const leaving = new AbortController();
    const gone = await collect(await hub.open('s2', leaving.signal));
    expect(hub.openConnections).toBe(2);
    s.state.allowed.delete('s1');
    await expect.poll(() => revoked.ended).toBe(true);
    leaving.abort();
    await expect.poll(() => hub.openConnections).toBe(0);
    expect(gone.ended).toBe(true);
  });

  it('refuses a stream past the per-session bound, and any after shutdown', async () => {
    const hub = hubOf(source({ n: 1 }));
    const signal = new AbortController().signal;
    await hub.open('s1', signal);
    await hub.open('s1', signal);
    await expect(hub.open('s1', signal)).rejects.toBeInstanceOf(TooManyStreamsError);
    await hub.open('s2', signal);
    hub.closeAll();
    expect(hub.openConnections).toBe(0);
    await expect(hub.open('s3', signal)).rejects.toThrow(/shutting down/);
  });
});
