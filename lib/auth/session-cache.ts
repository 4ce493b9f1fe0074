import { LRUCache } from 'lru-cache';
import type { SessionLookup } from './sessions';
import { hashSecret } from './tokens';

/**
 * Validated sessions kept in memory for `ttlMs`, so a viewer polling every few seconds costs no store read per
 * poll. Only active sessions are kept (a refusal is cheap to repeat and must not be remembered past a new
 * sign-in). Revocation: `forgetAll` on the replica that revoked makes it take effect there at once; another
 * replica reads the store again within `ttlMs`, so the revocation takes effect everywhere within that bound.
 * Keyed by the token's hash (the secret itself is not kept); at most `max` entries.
 */
export function createSessionCache(options: { ttlMs: number; max?: number; now?: () => number }) {
  const clock = options.now ?? Date.now;
  const cache = options.ttlMs > 0 ? new LRUCache<string, { lookup: SessionLookup; until: number }>({ max: options.max ?? 10_000 }) : null;
  // Every revocation on this replica moves this on: a lookup that started before it must not be kept after it.
  let generation = 0;
  // A revocation is made inside a transaction that commits a moment later: until then the store still says
  // "active", so for one TTL after it nothing is kept (revocations are rare; this costs nothing in between).
  let keepNothingUntil = -Infinity;

  return {
    async lookUp(token: string | undefined, load: () => Promise<SessionLookup>): Promise<SessionLookup> {
      if (!cache || !token || token.length > 200) return load();
      const key = hashSecret(token);
      const held = cache.get(key);
      if (held && clock() < held.until) return held.lookup;
      const startedIn = generation;
      const startedAt = clock();
      const lookup = await load();
      if (lookup.status === 'active' && startedIn === generation && startedAt >= keepNothingUntil) cache.set(key, { lookup, until: startedAt + options.ttlMs });
      else cache.delete(key);
      return lookup;
    },
    /**
     * The session as validated within the TTL, or undefined (never loads): the fast path in server.mjs serves
     * only what this says is active and leaves every other case (and its refusal, audit included) to the route.
     */
    peek(token: string | undefined): SessionLookup | undefined {
      if (!cache || !token || token.length > 200) return undefined;
      const held = cache.get(hashSecret(token));
      return held && clock() < held.until ? held.lookup : undefined;
    },
    /** A session, user or display token was revoked or changed here: nothing cached is trusted any more. */
    forgetAll(): void {
      generation += 1;
      keepNothingUntil = clock() + options.ttlMs;
      cache?.clear();
    },
    get size() {
      return cache?.size ?? 0;
    },
  };
}
