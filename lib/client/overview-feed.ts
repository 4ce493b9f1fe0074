import type { QueryClient } from '@tanstack/react-query';
import { OVERVIEW_STREAM_PATH } from '@/lib/api/overview-stream-protocol';
import type { OverviewResponse } from '@/lib/api/types';
import { computeSilenceMs, createOverviewStream, type EventSourceLike, type FeedState } from './overview-stream';
import { queryKeys } from './query-keys';

/**
 * The overview stream wired to React Query: each frame becomes the cached answer of GET /api/sections (the key
 * every reader of the overview uses), so the board, the wall, the shortcuts and the declare prompt read it as if
 * a poll had brought it. `generatedAt` moves on by the age the server stated, as fetchOverview does with
 * x-snapshot-age-ms; a heartbeat re-states the age of the snapshot already held, as a poll's 304 would.
 * When the stream fails, the readers poll again at once: a 401 then ends the session as it always did (the
 * QueryCache's onError in QueryProvider), and every other failure shows as the polls show it.
 */
export type OverviewFeed = { readonly state: FeedState; subscribe(listener: () => void): () => void; release(): void };

type Entry = OverviewFeed & { users: number };

const RETRY = { firstMs: 5_000, maxMs: 60_000 };
// A page that unmounts and mounts its readers again at once (a navigation, React's strict mode) keeps the stream.
const LINGER_MS = 2_000;
const feeds = new WeakMap<QueryClient, Entry>();

export function connectOverviewFeed(client: QueryClient, options: { pollMs: number; open?: () => EventSourceLike }): OverviewFeed {
  const listeners = new Set<() => void>();
  let held: OverviewResponse | undefined; // the last snapshot as sent, before its age was added
  const show = (body: OverviewResponse, ageMs: number) => client.setQueryData<OverviewResponse>(queryKeys.sections(), { ...body, generatedAt: body.generatedAt + ageMs });
  const stream = createOverviewStream({
    open: options.open ?? (() => new EventSource(OVERVIEW_STREAM_PATH)),
    silenceMs: computeSilenceMs(options.pollMs),
    retry: RETRY,
    onSnapshot: (text, ageMs) => {
      const body = parseOverview(text);
      if (!body) return false;
      held = body;
      show(body, ageMs);
      return true;
    },
    onHeartbeat: (ageMs) => {
      if (held) show(held, ageMs);
    },
    onState: (state) => {
      if (state === 'fallback') {
        held = undefined;
        void client.refetchQueries({ queryKey: queryKeys.sections(), exact: true, type: 'active' });
      }
      listeners.forEach((listener) => listener());
    },
  });
  stream.start();
  return {
    get state() {
      return stream.state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    release: () => stream.stop(),
  };
}

/** Only what the readers rely on is checked: anything else is not an overview, and the page polls instead. */
function parseOverview(text: string): OverviewResponse | null {
  try {
    const body = JSON.parse(text) as Partial<OverviewResponse> | null;
    return body && typeof body.generatedAt === 'number' && Array.isArray(body.sections) ? (body as OverviewResponse) : null;
  } catch {
    return null;
  }
}

/** The tab's one overview stream (per QueryClient), opened by its first reader and closed a moment after its last. */
export function acquireOverviewFeed(client: QueryClient, pollMs: number): OverviewFeed {
  let entry = feeds.get(client);
  if (!entry) {
    const feed = connectOverviewFeed(client, { pollMs });
    let closing: ReturnType<typeof setTimeout> | undefined;
    const created: Entry = {
      users: 0,
      get state() {
        return feed.state;
      },
      subscribe: feed.subscribe,
      release() {
        created.users -= 1;
        if (created.users > 0) return;
        clearTimeout(closing);
        closing = setTimeout(() => {
          if (created.users > 0) return;
          feeds.delete(client);
          feed.release();
        }, LINGER_MS);
      },
    };
    entry = created;
    feeds.set(client, entry);
  }
  entry.users += 1;
  return entry;
}

/** The tab's stream state, without opening one. */
export function peekOverviewFeed(client: QueryClient): FeedState | null {
  return feeds.get(client)?.state ?? null;
}
