import { describe, expect, it } from 'vitest';
import { createSnapshotStreamHub, snapshotFrame, TooManyStreamsError, type SnapshotSource } from './snapshot-stream';
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

const hubOf = (src: SnapshotSource) => createSnapshotStreamHub({ source: src, tickMs: 10, heartbeatMs: 20, retryMs: 3_000, maxPerSession: 2 });
const allowed = async () => true;

describe('the snapshot stream hub', () => {
  it('sends retry and the current snapshot first, then each new snapshot once, with the ETag as id; heartbeats between', async () => {
    const src = source({ n: 1 });
    const hub = hubOf(src);
    const out = await collect(await hub.open('s1', allowed, new AbortController().signal));
    await expect.poll(() => out.text).toContain('data: {"n":1}');
    expect(out.text.startsWith('retry: 3000\n\n')).toBe(true);
    src.change({ n: 2 });
    await expect.poll(() => out.text).toContain('data: {"n":2}');
    await expect.poll(() => out.text).toContain(': keep-alive');
    expect(out.text.match(/event: snapshot/g)).toHaveLength(2);
    expect(out.text).toContain(`id: ${toSnapshot({ n: 2 }, 0).etag}\n`);
    hub.closeAll();
    await expect.poll(() => out.ended).toBe(true);
  });

  it('frames a snapshot on one line whatever its body', () => {
    const frame = new TextDecoder().decode(snapshotFrame(toSnapshot({ text: 'two\nlines' }, 0)));
    expect(frame.split('\n').filter((l) => l.startsWith('data: '))).toHaveLength(1);
  });

  it('ends a stream whose session is no longer allowed, and one whose client went away', async () => {
    const hub = hubOf(source({ n: 1 }));
    let ok = true;
    const revoked = await collect(await hub.open('s1', async () => ok, new AbortController().signal));
    const leaving = new AbortController();
    const gone = await collect(await hub.open('s2', allowed, leaving.signal));
    expect(hub.openConnections).toBe(2);
    ok = false;
    await expect.poll(() => revoked.ended).toBe(true);
    leaving.abort();
    await expect.poll(() => hub.openConnections).toBe(0);
    expect(gone.ended).toBe(true);
  });

  it('refuses a stream past the per-session bound, and any after shutdown', async () => {
    const hub = hubOf(source({ n: 1 }));
    const signal = new AbortController().signal;
    await hub.open('s1', allowed, signal);
    await hub.open('s1', allowed, signal);
    await expect(hub.open('s1', allowed, signal)).rejects.toBeInstanceOf(TooManyStreamsError);
    await hub.open('s2', allowed, signal);
    hub.closeAll();
    expect(hub.openConnections).toBe(0);
    await expect(hub.open('s3', allowed, signal)).rejects.toThrow(/shutting down/);
  });
});
