import 'server-only';
import { getEnv } from '@/lib/env';
import { openStore, type Store } from './open-store';

const holder = globalThis as typeof globalThis & { __voicehiveStore?: Promise<Store> };

/** The process's store, opened (and migrated) on first use and shared by every request. */
export function getStore(): Promise<Store> {
  if (!holder.__voicehiveStore) {
    const env = getEnv();
    const opening = openStore({ databaseUrl: env.DATABASE_URL, sqlitePath: env.STORE_PATH });
    // A failed open is not cached: the next request tries again (the database may come back).
    opening.catch(() => {
      if (holder.__voicehiveStore === opening) holder.__voicehiveStore = undefined;
    });
    holder.__voicehiveStore = opening;
  }
  return holder.__voicehiveStore;
}
