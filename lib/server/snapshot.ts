import { createHash } from 'node:crypto';

/** One serialised answer, computed once per refresh and served to every request until the next one. */
export type Snapshot = { body: string; etag: string; refreshedAt: number };

/**
 * Where the latest snapshot of each answer lives. In memory here; a shared (e.g. Redis-backed) store can
 * replace it as long as it keeps this shape.
 */
export interface SnapshotStore {
  get(key: string): Snapshot | undefined;
  set(key: string, snapshot: Snapshot): void;
}

export function createMemorySnapshotStore(): SnapshotStore {
  const entries = new Map<string, Snapshot>();
  return { get: (key) => entries.get(key), set: (key, snapshot) => void entries.set(key, snapshot) };
}

export function toSnapshot(value: unknown, refreshedAt: number): Snapshot {
  const body = JSON.stringify(value);
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, refreshedAt };
}

/**
 * Stale-while-revalidate over one answer: once a snapshot exists no caller waits for the loader; a snapshot
 * older than `intervalMs` starts one background refresh (never two at once). A failed refresh keeps the
 * last snapshot (its own timestamps keep showing its age); only the very first load is awaited and can fail.
 */
export function createSnapshotRefresher(options: {
  key: string;
  intervalMs: number;
  load: (now: number) => Promise<unknown>;
  store?: SnapshotStore;
  now?: () => number;
  onError?: (error: unknown) => void;
}) {
  const store = options.store ?? createMemorySnapshotStore();
  const clock = options.now ?? Date.now;
  let inFlight: Promise<Snapshot> | undefined;
  let lastAttemptAt = -Infinity;

  const refresh = (): Promise<Snapshot> => {
    if (inFlight) return inFlight;
    const startedAt = clock();
    lastAttemptAt = startedAt;
    inFlight = options
      .load(startedAt)
      .then((value) => {
        const snapshot = toSnapshot(value, startedAt);
        store.set(options.key, snapshot);
        return snapshot;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    /** The latest snapshot; awaits a load only when none exists yet. */
    async get(): Promise<Snapshot> {
      const current = store.get(options.key);
      if (!current) return refresh();
      const now = clock();
      if (now - current.refreshedAt >= options.intervalMs && now - lastAttemptAt >= options.intervalMs) {
        refresh().catch((error: unknown) => options.onError?.(error));
      }
      return current;
    },
    refresh,
    get refreshing() {
      return inFlight !== undefined;
    },
  };
}

/** True when the request's `If-None-Match` names this snapshot's ETag. */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
}

/** The snapshot as an HTTP answer: its ETag, revalidated on every poll; `304` without a body when unchanged. */
export function respondSnapshot(snapshot: Snapshot, ifNoneMatch: string | null): Response {
  const headers = { 'cache-control': 'private, no-cache', etag: snapshot.etag };
  if (matchesEtag(ifNoneMatch, snapshot.etag)) return new Response(null, { status: 304, headers });
  return new Response(snapshot.body, { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
}
