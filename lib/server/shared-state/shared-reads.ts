import 'server-only';
import { randomUUID } from 'node:crypto';
import { isUpstreamError, UpstreamError } from '../upstream-error';
import { decodeShared, encodeShared } from './codec';
import type { SharedLink } from './link';

/** An answer as one replica read it from the upstream, for the others: the value or the upstream's error. */
type SharedEntry<V> = { fetchedAt: number; value: V } | { fetchedAt: number; error: { upstream: string; target: string; status: number | null; message: string } };

/** What a shared read gave: the value, when the upstream answered it, and how long it stays valid. */
export type SharedAnswer<V> = { value: V; fetchedAt: number; remainingMs: number; how: 'lead' | 'shared' | 'waited' | 'own' };

// One round trip per attempt: the answer if a replica already shared it (with its time left), else the
// refresh lease if it is free ("lead": this replica asks the upstream), else "wait" (another replica is asking).
const READ_OR_LEAD = `
local answer = redis.call('GET', KEYS[1])
if answer then return {'answer', answer, redis.call('PTTL', KEYS[1])} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'lead'} end
return {'wait'}`;

// Releases the lease only if this replica still holds it (it may have expired and gone to another).
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Upstream reads shared by every replica through Redis: per key and TTL, one replica holds a short lease
 * (SET NX PX), asks the upstream and writes the answer, or the upstream's error, with the TTL; the others
 * wait for it (polling, up to the lease) instead of asking too. An answer keeps its own fetch time and
 * expires in Redis `ttlMs` after it was asked for, so no replica holds it longer than the one that fetched
 * it would: a shared answer never looks fresher than it is. An upstream error is shared as that error
 * (for the same TTL), never as an answer. Without Redis, or while it is down, each replica asks itself.
 */
export function createSharedReads<V>(options: {
  link: SharedLink;
  /** Key prefix, e.g. `voicehive-ops:prometheus:query`. */
  namespace: string;
  ttlMs: number;
  /** How long a lease holder may take (the upstream's timeout and some): a replica that dies frees it then. */
  leaseMs: number;
  load: (key: string) => Promise<V>;
  pollMs?: number;
  now?: () => number;
}) {
  const { link, namespace, ttlMs, leaseMs, load } = options;
  const pollMs = options.pollMs ?? 20;
  const clock = options.now ?? Date.now;

  async function loadOwn(key: string, loadThis: (key: string) => Promise<V>): Promise<SharedAnswer<V>> {
    const fetchedAt = clock();
    return { value: await loadThis(key), fetchedAt, remainingMs: ttlMs, how: 'own' };
  }

  function open(text: string, pttl: number, how: 'shared' | 'waited'): SharedAnswer<V> {
    const entry = decodeShared<SharedEntry<V>>(text);
    if ('error' in entry) throw new UpstreamError(entry.error.upstream, entry.error.target, entry.error.status, entry.error.message.replace(`${entry.error.upstream}: `, ''));
    return { value: entry.value, fetchedAt: entry.fetchedAt, remainingMs: Math.max(1, Math.min(ttlMs, pttl)), how };
  }

  async function lead(key: string, resultKey: string, leaseKey: string, token: string, loadThis: (key: string) => Promise<V>): Promise<SharedAnswer<V>> {
    const fetchedAt = clock();
    let entry: SharedEntry<V> | null = null;
    let value: V | undefined;
    let failure: unknown;
    try {
      value = await loadThis(key);
      entry = { fetchedAt, value };
    } catch (error) {
      failure = error;
      // The upstream's own failure is news for every replica; anything else (a bug here) is not shared.
      if (isUpstreamError(error)) entry = { fetchedAt, error: { upstream: error.upstream, target: error.target, status: error.status, message: error.message } };
    }
    // Best effort: the answer is this replica's either way; a Redis failure only means the others ask too.
    // It expires `ttlMs` after it was asked for, not after it arrived: a slow answer is not kept longer for that.
    const remainingMs = ttlMs - (clock() - fetchedAt);
    const shared = remainingMs >= 1 ? entry : null;
    await link
      .run((redis) => (shared ? redis.multi().set(resultKey, encodeShared(shared), 'PX', remainingMs).eval(RELEASE, 1, leaseKey, token).exec() : redis.eval(RELEASE, 1, leaseKey, token)))
      .catch(() => {});
    if (failure !== undefined) throw failure;
    return { value: value as V, fetchedAt, remainingMs: Math.max(1, remainingMs), how: 'lead' };
  }

  return {
    /** The answer for `key`; `loadThis` replaces the loader for this read (a caller that builds its value per call). */
    async read(key: string, loadThis: (key: string) => Promise<V> = load): Promise<SharedAnswer<V>> {
      if (!link.available()) return loadOwn(key, loadThis);
      const resultKey = `${namespace}:answer:${key}`;
      const leaseKey = `${namespace}:lease:${key}`;
      const token = randomUUID();
      const giveUpAt = clock() + leaseMs + pollMs;
      let waited = false;
      for (;;) {
        let reply: [string, string?, number?];
        try {
          reply = (await link.run((redis) => redis.eval(READ_OR_LEAD, 2, resultKey, leaseKey, token, String(leaseMs)))) as [string, string?, number?];
        } catch {
          return loadOwn(key, loadThis); // Redis down: this replica's own read (the link logged it and stays off for a while).
        }
        if (reply[0] === 'answer') return open(reply[1]!, Number(reply[2]), waited ? 'waited' : 'shared');
        if (reply[0] === 'lead') return lead(key, resultKey, leaseKey, token, loadThis);
        // A lease outliving its holder expires on its own, and the next attempt takes it; this is a last resort.
        if (clock() >= giveUpAt) return loadOwn(key, loadThis);
        waited = true;
        await sleep(pollMs);
      }
    },
  };
}
