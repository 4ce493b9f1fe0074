import type { Snapshot } from './snapshot';

/**
 * Issue 16, push instead of polling: one hub per snapshot that sends each new snapshot to every open
 * server-sent-events connection. The frame (`id:` the ETag, `data:` the snapshot's body) is built and encoded
 * once per snapshot and the same bytes are queued on every connection: no per-viewer serialisation.
 *
 * The refresher (lib/server/snapshot.ts) refreshes only when asked, so while connections are open the hub asks
 * it every `tickMs` (as polls would) and waits for a refresh in flight, sending its result the moment it lands.
 * Every tick also re-checks each connection's session (from the session cache, so from memory within its TTL):
 * a revoked session's stream ends within a tick plus the cache's TTL.
 */
export type SnapshotSource = { get(): Promise<Snapshot>; refresh(): Promise<Snapshot>; readonly refreshing: boolean };

export type StreamOptions = {
  source: SnapshotSource;
  /** How often the hub asks for a newer snapshot and re-checks sessions. */
  tickMs: number;
  /** A comment line this often, so proxies and browsers do not close an idle stream. */
  heartbeatMs: number;
  /** The browser's reconnection delay (`retry:`). */
  retryMs: number;
  /** Open streams per session (tabs of one browser); one more is refused. */
  maxPerSession: number;
  onError?: (error: unknown) => void;
};

type Connection = { sessionKey: string; controller: ReadableStreamDefaultController<Uint8Array>; stillAllowed: () => Promise<boolean>; close: () => void };

export class TooManyStreamsError extends Error {}

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': keep-alive\n\n');

/** The SSE frame for one snapshot; the body is JSON (no raw newline), so one `data:` line carries it. */
export function snapshotFrame(snapshot: Snapshot): Uint8Array {
  return encoder.encode(`id: ${snapshot.etag}\nevent: snapshot\ndata: ${snapshot.body}\n\n`);
}

export function createSnapshotStreamHub(options: StreamOptions) {
  const connections = new Set<Connection>();
  let last: { etag: string; frame: Uint8Array } | undefined;
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
    if (last?.etag === snapshot.etag) return;
    last = { etag: snapshot.etag, frame: snapshotFrame(snapshot) };
    for (const connection of connections) send(connection, last.frame);
    framesSent += connections.size;
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
      const checks = [...connections].map(async (connection) => ((await connection.stillAllowed().catch(() => false)) ? null : connection));
      for (const ended of await Promise.all(checks)) ended?.close();
    } finally {
      ticking = false;
    }
  };

  const start = () => {
    tickTimer ??= setInterval(() => void tick(), options.tickMs);
    heartbeatTimer ??= setInterval(() => {
      for (const connection of connections) send(connection, HEARTBEAT);
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
     * A new stream for one authorized request; its first frame is the latest snapshot. `stillAllowed` is asked
     * every tick; `signal` (the request's) ends it when the client goes away.
     */
    async open(sessionKey: string, stillAllowed: () => Promise<boolean>, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
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
          if (last?.etag !== first.etag) publish(first); // to the others first: this one gets it below
          connection = { sessionKey, controller, stillAllowed, close };
          connections.add(connection);
          signal.addEventListener('abort', close);
          controller.enqueue(encoder.encode(`retry: ${options.retryMs}\n\n`));
          controller.enqueue(last!.frame);
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
