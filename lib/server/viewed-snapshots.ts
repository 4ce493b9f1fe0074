import type { RefreshError } from '@/lib/api/types';
import { toSnapshot, type Snapshot } from './snapshot';

type Entry<C> = {
  /** What the key names (the panel and range): the loader reads it, and it leaves with the entry. */
  context: C;
  snapshot?: Snapshot;
  value?: object;
  error: RefreshError | null;
  inFlight?: Promise<Snapshot>;
  lastAskedAt: number;
  lastAttemptAt: number;
  timer?: unknown;
};

type Timers = { set(run: () => void, ms: number): unknown; clear(handle: unknown): void };
const realTimers: Timers = {
  // Unref'd: a panel kept warm must never keep a process (a test, a CLI) alive.
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Answers keyed by what a viewer asks for (a chart's section, panel and range; a PMS panel), each refreshed in the
 * background once per its interval, and only while someone asked for it within `idleMs`: one viewer or five
 * hundred cost one upstream read per interval, and a key nobody views stops costing anything and leaves memory.
 *
 * Once a value exists no caller waits for the upstream (stale-while-revalidate, one refresh in flight). A refresh
 * that fails keeps the last good value with its own age (`refreshedAt` of the read) and names the failure in the
 * body (`refreshError`), so the panel shows it stale with the reason and never as a fresh reading. Only the very
 * first load is awaited, and its failure is the caller's (no value is invented).
 */
export function createViewedSnapshots<C>(options: {
  load: (context: C, now: number) => Promise<object>;
  intervalMs: (context: C) => number;
  /** How long after its last ask a key is still refreshed: a viewer polling every interval keeps it warm. */
  idleMs: (context: C) => number;
  /** At most this many keys kept; beyond, the one asked longest ago leaves (the catalog bounds keys anyway). */
  maxEntries: number;
  now?: () => number;
  timers?: Timers;
  onError?: (key: string, error: unknown) => void;
}) {
  const clock = options.now ?? Date.now;
  const timers = options.timers ?? realTimers;
  const entries = new Map<string, Entry<C>>();

  const serialise = (entry: Entry<C>, refreshedAt: number) => toSnapshot({ ...entry.value, refreshError: entry.error }, refreshedAt);

  function evict(key: string, entry: Entry<C>): void {
    if (entry.timer !== undefined) timers.clear(entry.timer);
    if (entries.get(key) === entry) entries.delete(key);
  }

  function refresh(key: string, entry: Entry<C>): Promise<Snapshot> {
    if (entry.inFlight) return entry.inFlight;
    const startedAt = clock();
    entry.lastAttemptAt = startedAt;
    entry.inFlight = options
      .load(entry.context, startedAt)
      .then(
        (value) => {
          entry.value = value;
          entry.error = null;
          entry.snapshot = serialise(entry, startedAt);
          return entry.snapshot;
        },
        (error: unknown) => {
          if (!entry.snapshot) throw error;
          options.onError?.(key, error);
          // The same value at the same age, now saying why it is not newer (a new ETag: the answer did change).
          entry.error = { message: describe(error), at: clock() };
          entry.snapshot = serialise(entry, entry.snapshot.refreshedAt);
          return entry.snapshot;
        },
      )
      .finally(() => {
        entry.inFlight = undefined;
        if (entries.get(key) === entry) schedule(key, entry);
      });
    return entry.inFlight;
  }

  /** The next background refresh an interval after the last one started, or the key's end if nobody asked since. */
  function schedule(key: string, entry: Entry<C>): void {
    if (entry.timer !== undefined) timers.clear(entry.timer);
    const due = entry.lastAttemptAt + options.intervalMs(entry.context);
    entry.timer = timers.set(() => {
      entry.timer = undefined;
      if (clock() < due) return schedule(key, entry); // a timer may fire a millisecond early: never refresh early
      if (clock() - entry.lastAskedAt > options.idleMs(entry.context)) return evict(key, entry);
      refresh(key, entry).catch(() => undefined); // a first load's failure already reached its callers
    }, Math.max(0, due - clock()));
  }

  function makeRoom(): void {
    if (entries.size < options.maxEntries) return;
    let oldest: [string, Entry<C>] | undefined;
    for (const pair of entries) if (!oldest || pair[1].lastAskedAt < oldest[1].lastAskedAt) oldest = pair;
    if (oldest) evict(...oldest);
  }

  return {
    /** The key's latest answer; awaits the upstream only when the key has no value yet. */
    async get(key: string, context: C): Promise<Snapshot> {
      const now = clock();
      let entry = entries.get(key);
      // Idle past its window but not yet swept (its timer is late): as gone; its old value is not served as current.
      if (entry && now - entry.lastAskedAt > options.idleMs(entry.context)) {
        evict(key, entry);
        entry = undefined;
      }
      if (!entry) {
        makeRoom();
        entry = { context, error: null, lastAskedAt: now, lastAttemptAt: -Infinity };
        entries.set(key, entry);
      }
      entry.lastAskedAt = now;
      if (!entry.snapshot) {
        const loading = entry;
        return refresh(key, loading).catch((error: unknown) => {
          evict(key, loading); // nothing to serve: the next ask tries the upstream again, as without snapshots
          throw error;
        });
      }
      return entry.snapshot;
    },
    /**
     * The key's latest answer if it has one, counted as an ask (it keeps the key warm, as `get` does); undefined
     * when it has none yet, never loading: the fast path in server.mjs leaves first loads, and their failures, to
     * the route.
     */
    peek(key: string): Snapshot | undefined {
      const now = clock();
      const entry = entries.get(key);
      if (!entry?.snapshot || now - entry.lastAskedAt > options.idleMs(entry.context)) return undefined;
      entry.lastAskedAt = now;
      return entry.snapshot;
    },
    /** Keys held now (each one refreshing in the background): for tests and the bench. */
    get size() {
      return entries.size;
    },
    refreshing: (key: string) => entries.get(key)?.inFlight !== undefined,
    clear(): void {
      for (const [key, entry] of entries) evict(key, entry);
    },
  };
}
