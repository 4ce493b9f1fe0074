import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { getEnv, parseDurationMs } from '@/lib/env';
import { onShutdown } from '@/lib/server/shutdown';
import { openStore, type Store } from './open-store';

const holder = globalThis as typeof globalThis & { __voicehiveStore?: Promise<Store> };

/** The process's store, opened (and migrated) on first use and shared by every request. */
export function getStore(): Promise<Store> {
  if (!holder.__voicehiveStore) {
    const env = getEnv();
    // Every request needs the store (sessions live there): if it cannot be opened, say so with a 503.
    const opening = openStore({ databaseUrl: env.DATABASE_URL, sqlitePath: env.STORE_PATH, pool: { size: env.DATABASE_POOL_SIZE, waitMs: parseDurationMs(env.DATABASE_POOL_WAIT) } }).catch((error: unknown) => {
      console.error('[store] cannot be opened:', error);
      throw new ApiError('unavailable', `The console's store (${env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}) cannot be opened: ${error instanceof Error ? error.message : String(error)}`);
    });
    // A failed open is not cached: the next request tries again (the database may come back).
    opening.catch(() => {
      if (holder.__voicehiveStore === opening) holder.__voicehiveStore = undefined;
    });
    // Closed last at shutdown (after running work and leases): a SQLite store checkpoints its WAL, PostgreSQL's pool ends.
    opening.then(
      (store) => onShutdown('store', async () => {
        await store.close();
        console.log('[store] closed');
      }, 'close'),
      () => undefined,
    );
    holder.__voicehiveStore = opening;
  }
  return holder.__voicehiveStore;
}
