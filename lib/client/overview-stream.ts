import { HEARTBEAT_EVENT, parseHeartbeatAge, parseSnapshotData, SNAPSHOT_EVENT, STREAM_HEARTBEAT_MS } from '@/lib/api/overview-stream-protocol';

/**
 * The browser's side of GET /api/sections/stream, as a small state machine with no React in it (tested alone):
 * - `connecting`: a stream is being opened; the page still polls, so nothing is missed meanwhile.
 * - `live`: frames arrive; the page does not poll.
 * - `fallback`: the stream failed (refused: 401, 429, 503; broken; or silent, as behind a proxy that buffers it);
 *   the page polls as before, and a new stream is tried after a backoff.
 * The EventSource's own reconnection is not used: any error closes it, so one place decides when to try again.
 */
export type FeedState = 'connecting' | 'live' | 'fallback';

/** The part of EventSource used here (a double in tests). */
export type EventSourceLike = {
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
};

export type OverviewStreamOptions = {
  open: () => EventSourceLike;
  /** No frame nor heartbeat for this long: the stream is taken as dead (or held back) and polling resumes. */
  silenceMs: number;
  retry: { firstMs: number; maxMs: number };
  /** A snapshot (its JSON body and its age when sent); false when the body cannot be used. */
  onSnapshot: (body: string, ageMs: number) => boolean;
  /** The stream is alive but the snapshot has not changed: it is this old now. */
  onHeartbeat: (ageMs: number) => void;
  onState: (state: FeedState) => void;
  now?: () => number;
  /** 0..1; spreads the reconnections of many screens after a restart. */
  random?: () => number;
};

/** Two polls, or two heartbeats (and a second of slack) when the page polls faster than the server beats. */
export function computeSilenceMs(pollMs: number): number {
  return Math.max(2 * pollMs, 2 * STREAM_HEARTBEAT_MS + 1_000);
}

export function createOverviewStream(options: OverviewStreamOptions) {
  const clock = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  let state: FeedState = 'connecting';
  let source: EventSourceLike | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let liveSince = 0;
  let stopped = true;

  const setState = (next: FeedState) => {
    if (next === state) return;
    state = next;
    options.onState(next);
  };

  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(fail, options.silenceMs);
  };

  const drop = () => {
    clearTimeout(watchdog);
    source?.close();
    source = undefined;
  };

  function fail() {
    if (stopped || !source) return;
    // A stream that had been live for a good while failed afresh: start the backoff again.
    failures = state === 'live' && clock() - liveSince > options.retry.maxMs ? 1 : failures + 1;
    drop();
    setState('fallback');
    const delay = Math.min(options.retry.maxMs, options.retry.firstMs * 2 ** (failures - 1));
    retryTimer = setTimeout(connect, delay * (0.75 + 0.5 * random()));
  }

  function connect() {
    if (stopped) return;
    const opened = options.open();
    source = opened;
    // Listeners of a stream already replaced do nothing (a late event from a closed EventSource).
    const mine = (run: (event: MessageEvent<string>) => void) => (event: MessageEvent<string>) => {
      if (source === opened) run(event);
    };
    opened.addEventListener(
      SNAPSHOT_EVENT,
      mine((event) => {
        const frame = parseSnapshotData(event.data);
        if (!frame || !options.onSnapshot(frame.body, frame.ageMs)) return fail();
        if (state !== 'live') liveSince = clock();
        setState('live');
        arm();
      }),
    );
    opened.addEventListener(
      HEARTBEAT_EVENT,
      mine((event) => {
        const ageMs = parseHeartbeatAge(event.data);
        if (ageMs === null) return fail();
        arm();
        if (state === 'live') options.onHeartbeat(ageMs);
      }),
    );
    opened.addEventListener('error', mine(() => fail()));
    arm(); // also for the first frame: a proxy that buffers sends nothing at all
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      connect();
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      drop();
      setState('connecting');
    },
    get state(): FeedState {
      return state;
    },
  };
}
