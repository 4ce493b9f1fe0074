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
/**
 * Replicas sharing one refresh per interval (lib/server/shared-state): `read` either produces the snapshot with
 * `produce` (this replica refreshes for all) or returns the one another replica produced, with its own time.
 */
export type SharedSnapshots = { read(key: string, produce: (key: string) => Promise<Snapshot>): Promise<{ value: Snapshot }> };

export function createSnapshotRefresher(options: {
  key: string;
  intervalMs: number;
  load: (now: number) => Promise<unknown>;
  store?: SnapshotStore;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** With several replicas: one evaluation per interval between them, and the same snapshot (and ETag) on each. */
  shared?: SharedSnapshots | null;
}) {
  const store = options.store ?? createMemorySnapshotStore();
  const clock = options.now ?? Date.now;
  let inFlight: Promise<Snapshot> | undefined;
  let lastAttemptAt = -Infinity;

  const produce = async (): Promise<Snapshot> => {
    const startedAt = clock();
    return toSnapshot(await options.load(startedAt), startedAt);
  };

  const refresh = (): Promise<Snapshot> => {
    if (inFlight) return inFlight;
    lastAttemptAt = clock();
    const next = options.shared ? options.shared.read(options.key, produce).then((answer) => answer.value) : produce();
    inFlight = next
      .then((snapshot) => {
        const current = store.get(options.key);
        if (current && current.refreshedAt > snapshot.refreshedAt) return current; // never go back to an older one
        store.set(options.key, snapshot);
        // Another replica's snapshot ages from when it was taken: the next refresh is due an interval after that.
        lastAttemptAt = Math.min(lastAttemptAt, snapshot.refreshedAt);
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

/** How old the served snapshot is: the client reads its readings' age from it, not from when the answer arrived. */
export const SNAPSHOT_AGE_HEADER = 'x-snapshot-age-ms';

/**
 * The snapshot as an HTTP answer: its ETag, revalidated on every poll; `304` without a body when unchanged. Its
 * age rides in a header (on the 304 too): a snapshot still served while a slow refresh runs (an upstream that
 * hangs) must age on the screen, or the wall would show old data as current.
 */
export function respondSnapshot(snapshot: Snapshot, ifNoneMatch: string | null, now = Date.now()): Response {
  const headers = { 'cache-control': 'private, no-cache', etag: snapshot.etag, [SNAPSHOT_AGE_HEADER]: String(Math.max(0, now - snapshot.refreshedAt)) };
  if (matchesEtag(ifNoneMatch, snapshot.etag)) return new Response(null, { status: 304, headers });
  return new Response(snapshot.body, { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
}

/**
 * Answers derived from one snapshot (each section's answer from the overview's), computed once per snapshot and
 * kept until the next one: every replica derives the same bodies from the same shared snapshot, so the ETags
 * agree between replicas too. The derived answers carry the source's `refreshedAt`: their age is its age.
 */
export function createDerivedSnapshots(derive: (source: Snapshot) => Iterable<[string, unknown]>) {
  let from: Snapshot | undefined;
  let byKey = new Map<string, Snapshot>();
  return {
    of(source: Snapshot): Map<string, Snapshot> {
      if (from !== source) {
        byKey = new Map([...derive(source)].map(([key, value]) => [key, toSnapshot(value, source.refreshedAt)]));
        from = source;
      }
      return byKey;
    },
  };
}
