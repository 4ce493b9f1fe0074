import { HEARTBEAT_EVENT, SNAPSHOT_EVENT } from '@/lib/api/overview-stream-protocol';
import type { Snapshot } from './snapshot';

/**
 * Issue 16, push instead of polling: one hub per snapshot that sends each new snapshot to every open
 * server-sent-events connection. The frame's body line (the snapshot's JSON) is encoded once per snapshot and the
 * same bytes are queued on every connection, after a short head (`id:` the ETag, the age when sent): no per-viewer
 * serialisation.
 *
 * The refresher (lib/server/snapshot.ts) refreshes only when asked, so while connections are open the hub asks
 * it every `tickMs` (as polls would) and waits for a refresh in flight, sending its result the moment it lands.
 * Every tick also re-checks the sessions of all open connections in one call (`checkSessions`: one store query per
 * tick whatever the number of viewers), so a revoked session's stream ends within a tick.
 */
export type SnapshotSource = { get(): Promise<Snapshot>; refresh(): Promise<Snapshot>; readonly refreshing: boolean };

export type StreamOptions = {
  source: SnapshotSource;
  /** How often the hub asks for a newer snapshot and re-checks sessions. */
  tickMs: number;
  /** A heartbeat event this often, so proxies do not close an idle stream and the browser knows it is alive. */
  heartbeatMs: number;
  /** The browser's reconnection delay (`retry:`). */
  retryMs: number;
  /** Open streams per session (tabs of one browser); one more is refused. */
  maxPerSession: number;
  /** Which of these sessions may still read the overview; asked once per tick for every open stream together. */
  checkSessions: (sessionKeys: string[]) => Promise<Set<string>>;
  /**
   * When `checkSessions` fails (the store is down), streams stay open this long after the last good check, as a
   * poll's cached session would; then every stream ends, so a store outage never keeps a revoked session alive.
   */
  checkGraceMs: number;
  now?: () => number;
  onError?: (error: unknown) => void;
};

type Connection = { sessionKey: string; controller: ReadableStreamDefaultController<Uint8Array>; close: () => void };

export class TooManyStreamsError extends Error {}

const encoder = new TextEncoder();

/** The end of a snapshot's frame, its body, encoded once and queued on every connection (JSON has no raw newline). */
export function snapshotBodyLine(snapshot: Snapshot): Uint8Array {
  return encoder.encode(`data: ${snapshot.body}\n\n`);
}

/** The start of a snapshot's frame: its ETag and its age when sent (lib/api/overview-stream-protocol.ts). */
export function snapshotHead(snapshot: Snapshot, now: number): Uint8Array {
  return encoder.encode(`id: ${snapshot.etag}\nevent: ${SNAPSHOT_EVENT}\ndata: ${Math.max(0, Math.round(now - snapshot.refreshedAt))}\n`);
}

export function createSnapshotStreamHub(options: StreamOptions) {
  const clock = options.now ?? Date.now;
  const connections = new Set<Connection>();
  let last: { snapshot: Snapshot; body: Uint8Array } | undefined;
  let lastGoodCheck = clock();
  let tickTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let ticking = false;
  let closed = false;
  let framesSent = 0;

  const send = (connection: Connection, bytes: Uint8Array) => {
    try {
      connection.controller.enqueue(bytes);
    } catch {
      connection.close(); // the client went away between ticks
    }
  };

  const publish = (snapshot: Snapshot) => {
    if (last?.snapshot.etag === snapshot.etag) return;
    last = { snapshot, body: snapshotBodyLine(snapshot) };
    const head = snapshotHead(snapshot, clock()); // the same age for everyone: it is sent to all at once
    for (const connection of connections) {
      send(connection, head);
      send(connection, last.body);
    }
    framesSent += connections.size;
  };

  const checkSessions = async () => {
    if (connections.size === 0) return;
    const open = [...connections];
    let allowed: Set<string>;
    try {
      allowed = await options.checkSessions([...new Set(open.map((c) => c.sessionKey))]);
      lastGoodCheck = clock();
    } catch (error) {
      options.onError?.(error);
      if (clock() - lastGoodCheck <= options.checkGraceMs) return;
      allowed = new Set(); // the store has been unreadable too long: no session can be vouched for
    }
    for (const connection of open) if (!allowed.has(connection.sessionKey)) connection.close();
  };

  const tick = async () => {
    if (ticking) return; // a slow refresh: never two ticks at once
    ticking = true;
    try {
      let snapshot = await options.source.get();
      if (options.source.refreshing) snapshot = await options.source.refresh(); // the refresh this get started
      publish(snapshot);
    } catch (error) {
      options.onError?.(error); // the last snapshot stays with the viewers; its own age shows
    }
    try {
      await checkSessions();
    } finally {
      ticking = false;
    }
  };

  const start = () => {
    tickTimer ??= setInterval(() => void tick(), options.tickMs);
    heartbeatTimer ??= setInterval(() => {
      if (!last) return;
      const beat = encoder.encode(`event: ${HEARTBEAT_EVENT}\ndata: ${Math.max(0, Math.round(clock() - last.snapshot.refreshedAt))}\n\n`);
      for (const connection of connections) send(connection, beat);
    }, options.heartbeatMs);
  };
  const stopIfIdle = () => {
    if (connections.size > 0) return;
    clearInterval(tickTimer);
    clearInterval(heartbeatTimer);
    tickTimer = heartbeatTimer = undefined;
  };

  return {
    /**
     * A new stream for one authorized request; its first frame is the latest snapshot, with its age now. Its session
     * is re-checked every tick; `signal` (the request's) ends it when the client goes away.
     */
    async open(sessionKey: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
      if (closed) throw new Error('the console is shutting down');
      const mine = [...connections].filter((c) => c.sessionKey === sessionKey).length;
      if (mine >= options.maxPerSession) throw new TooManyStreamsError(`${mine} streams are already open for this session (at most ${options.maxPerSession}).`);
      const first = await options.source.get();
      let connection: Connection | undefined;
      return new ReadableStream<Uint8Array>({
        start: (controller) => {
          let ended = false;
          const close = () => {
            if (ended) return;
            ended = true;
            connections.delete(connection!);
            signal.removeEventListener('abort', close);
            try {
              controller.close();
            } catch {
              /* already cancelled by the client */
            }
            stopIfIdle();
          };
          if (last?.snapshot.etag !== first.etag) publish(first); // to the others first: this one gets it below
          if (connections.size === 0) lastGoodCheck = clock(); // just authorized
          connection = { sessionKey, controller, close };
          connections.add(connection);
          signal.addEventListener('abort', close);
          controller.enqueue(encoder.encode(`retry: ${options.retryMs}\n\n`));
          controller.enqueue(snapshotHead(last!.snapshot, clock()));
          controller.enqueue(last!.body);
          start();
          if (signal.aborted) close();
        },
        cancel: () => connection?.close(),
      });
    },
    /** Ends every stream (shutdown): the browsers reconnect, to another replica or to this one once restarted. */
    closeAll(): void {
      closed = true;
      for (const connection of [...connections]) connection.close();
      stopIfIdle();
    },
    get openConnections(): number {
      return connections.size;
    },
    get framesSent(): number {
      return framesSent;
    },
  };
}
