import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { MAX_TTL_SECONDS, MAX_VALUE_CHARS, type RedisClient, type RedisKeyState, type RedisMemoryState } from '@/lib/server/redis/client';
import type { ActionExecutor, ExecutionResult, Preview, Progress } from './executor';
import type { ResolvedAction } from './resolve';
import { assertBound, encodeBound, type Bound } from './binding';

/**
 * A key as an approval is bound to it: whether it exists, its type, its value (an integer counts as a
 * counter, which may only have grown), and its expiry instant. A new window of a rate limiter (reset to a
 * low count, a new expiry) or a key someone set meanwhile is another state, and the request must be renewed.
 */
function boundOfKey(state: RedisKeyState, now = Date.now()): Bound {
  const value = state.value === null ? null : /^\d{1,15}$/.test(state.value) ? { atLeast: Number(state.value) } : state.value;
  return {
    [`${state.key} exists`]: state.exists,
    [`${state.key} type`]: state.type,
    [`${state.key} value`]: value,
    [`${state.key} expiry`]: state.ttlSeconds === null ? null : { expiresAt: now + state.ttlSeconds * 1000 },
  };
}
const withBound = (bound: Bound) => ({ bound, version: encodeBound(bound) });
/** FLUSHDB empties a database whatever it holds: the approval is bound to which database it is. */
const boundOfDatabase = (client: RedisClient): Bound => ({ database: `${client.label} db ${client.db}` });
import { nameActionTarget } from './target-name';

export { redisKinds } from './kinds';

// The key is the catalog's template filled with checked parameters (a vendor, an address, a numeric id);
// this is a last guard against a template that could produce something odd: printable ASCII, no spaces.
const SAFE_KEY = /^[\x21-\x7e]{1,512}$/;

const stepName = (action: ResolvedAction) => `catalog step ${action.section.id}/${action.step.id}`;

function requireKey(action: ResolvedAction): string {
  const key = action.target.key;
  if (!key) throw new ApiError('internal', `${stepName(action)} has no key in its target`);
  if (!SAFE_KEY.test(key)) throw new ApiError('internal', `${stepName(action)}: the key ${JSON.stringify(key)} is not printable ASCII without spaces`);
  return key;
}

/** The value and the bounded time a redis-set step writes, from the catalog's fixed values. */
export function readSetValues(action: ResolvedAction): { value: string; ttlSeconds: number } {
  const { value, ttlSeconds: raw } = action.action.values;
  if (value === undefined) throw new ApiError('internal', `${stepName(action)}: redis-set needs values.value`);
  const ttlSeconds = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(ttlSeconds >= 1 && ttlSeconds <= MAX_TTL_SECONDS)) {
    throw new ApiError('internal', `${stepName(action)}: values.ttlSeconds must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS} (an entry is set for a bounded time), not ${raw === undefined ? 'missing' : JSON.stringify(raw)}`);
  }
  return { value, ttlSeconds };
}

const expiry = (ttlSeconds: number | null) => (ttlSeconds === null ? 'no expiry' : `expires in ${ttlSeconds} s`);
const quote = (state: RedisKeyState) => `${JSON.stringify(state.value ?? '')}${state.truncated ? `… (first ${MAX_VALUE_CHARS} characters)` : ''}`;

/** One side of a change: `"57" (expires in 43 s)`, `a hash (no expiry)`, `(does not exist)`. */
export function describeKeyState(state: RedisKeyState): string {
  if (!state.exists) return '(does not exist)';
  return `${state.type === 'string' ? quote(state) : `a ${state.type}`} (${expiry(state.ttlSeconds)})`;
}

/** For messages: `it held "57", expiring in 43 s`, `it was a hash, with no expiry`. */
function describeHeld(state: RedisKeyState): string {
  const what = state.type === 'string' ? `it held ${quote(state)}` : `it was a ${state.type}`;
  return `${what}, ${state.ttlSeconds === null ? 'with no expiry' : `expiring in ${state.ttlSeconds} s`}`;
}

const FLUSH_SAMPLE = 50;

/** The same entry still standing: same type and value, and its expiry not started again. */
function sameEntry(before: RedisKeyState, after: RedisKeyState): boolean {
  if (!before.exists || !after.exists || before.type !== after.type || before.value !== after.value) return false;
  // To the millisecond where the reader knows it (±2 ms: TIME is floored to the millisecond and read a moment apart from PTTL): a counter recreated
  // within the same second with the same value and TTL is not the key that was there.
  if (before.expiresAtMs !== undefined && after.expiresAtMs !== undefined) {
    return before.expiresAtMs === null ? after.expiresAtMs === null : after.expiresAtMs !== null && Math.abs(after.expiresAtMs - before.expiresAtMs) <= 2;
  }
  return before.ttlSeconds === null ? after.ttlSeconds === null : after.ttlSeconds !== null && after.ttlSeconds <= before.ttlSeconds;
}

/** MEMORY PURGE releases a server's dirty allocator pages: the approval is bound to which server and its allocator. */
const boundOfServer = (client: RedisClient, memory: RedisMemoryState): Bound => ({ server: client.label, allocator: memory.allocator });
const mebibytes = (bytes: number | null) => (bytes === null ? 'unknown' : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
/** `used 1.2 MiB, RSS 5.0 MiB, fragmentation ratio 4.12, allocator fragmentation 0.3 MiB`, as INFO memory says it. */
export function describeMemory(m: RedisMemoryState): string {
  const ratio = m.fragmentationRatio === null ? 'unknown' : m.fragmentationRatio.toFixed(2);
  return `used ${mebibytes(m.usedMemoryBytes)}, RSS ${mebibytes(m.usedMemoryRssBytes)}, fragmentation ratio ${ratio}, allocator fragmentation ${mebibytes(m.allocatorFragBytes)}`;
}
const isJemalloc = (m: RedisMemoryState) => m.allocator?.startsWith('jemalloc') ?? false;
const PURGED = 'dirty allocator pages released (MEMORY PURGE); every key kept';

const plural = (n: number) => `${n} ${n === 1 ? 'key' : 'keys'}`;
const databaseName = (client: RedisClient) => `Redis database ${client.db} (${client.label})`;
const notRedis = (action: ResolvedAction) => new ApiError('bad-request', `step: ${action.action.kind} is not a Redis action`, 'step');

/**
 * Remediations on Redis: the preview is a read of the key as it is now. `resourceVersion` is always null:
 * Redis has no versions, and a rate-limit counter changes with every request, so binding an approval to
 * the value it held would make every approval conflict. The person approves the key and the operation.
 */
export function createRedisExecutor(getClient: () => RedisClient): ActionExecutor {
  return {
    async preview(action): Promise<Preview> {
      const client = getClient();
      switch (action.action.kind) {
        case 'redis-del': {
          const key = requireKey(action);
          const state = await client.readKey(key);
          const before = describeKeyState(state);
          const warnings = state.exists ? [] : [`${key} does not exist now; deleting it changes nothing.`];
          return { changes: [{ path: key, before, after: state.exists ? '(deleted)' : before }], ...withBound(boundOfKey(state)), warnings, target: nameActionTarget(action.action.kind, action.target) };
        }
        case 'redis-set': {
          const key = requireKey(action);
          const { value, ttlSeconds } = readSetValues(action);
          const state = await client.readKey(key);
          const warnings =
            !state.exists ? [] : state.type === 'string' && state.value === value ? [`${key} is already set; its time to live starts again at ${ttlSeconds} s.`] : [`${key} holds ${describeKeyState(state)} now; it will be replaced.`];
          return { changes: [{ path: key, before: describeKeyState(state), after: `${JSON.stringify(value)} (expires in ${ttlSeconds} s)` }], ...withBound(boundOfKey(state)), warnings, target: nameActionTarget(action.action.kind, action.target) };
        }
        case 'redis-flushdb': {
          const count = await client.countKeys();
          const warnings = ['Every session ends: everyone signs in again. Rate-limit counters, whitelisted addresses and caches in this database go too.'];
          return { changes: [{ path: databaseName(client), before: plural(count), after: plural(0) }], ...withBound(boundOfDatabase(client)), warnings, target: nameActionTarget(action.action.kind, action.target) };
        }
        case 'redis-memory-purge': {
          const memory = await client.readMemory();
          const warnings = ['MEMORY PURGE evicts no key: it returns memory the allocator holds but no key uses (fragmentation). If used memory itself is near maxmemory, see the other steps.'];
          if (!isJemalloc(memory)) warnings.push(`This Redis allocates with ${memory.allocator ?? 'an unknown allocator'}, not jemalloc: MEMORY PURGE does nothing there.`);
          // What the purge acts on is the server's memory: the preview shows it as read, and what a purge does.
          return { changes: [{ path: `Redis memory (${client.label})`, before: describeMemory(memory), after: PURGED }], ...withBound(boundOfServer(client, memory)), warnings, target: nameActionTarget(action.action.kind, action.target) };
        }
        default:
          throw notRedis(action);
      }
    },

    async execute(action, approved): Promise<ExecutionResult> {
      const client = getClient();
      const target = nameActionTarget(action.action.kind, action.target);
      switch (action.action.kind) {
        case 'redis-del': {
          const key = requireKey(action);
          // Read right before: still the key that was approved (and, after, what was deleted).
          const before = await client.readKey(key);
          assertBound(target, approved.bound, boundOfKey(before));
          const { deleted } = await client.deleteKey(key);
          const after = await client.readKey(key);
          // Read back: gone, or recreated at once by a limiter counting again; never the same key still standing.
          if (after.exists && sameEntry(before, after)) throw new ApiError('upstream', `Redis (${client.label}): after DEL, ${key} still holds ${describeKeyState(after)}`);
          const recreated = after.exists ? `; recreated since (${describeKeyState(after)})` : '';
          const message = !deleted ? `${key} did not exist; nothing deleted` : before.exists ? `deleted ${key} (${describeHeld(before)})${recreated}` : `deleted ${key}`;
          return { message, details: { key, deleted, before: describeKeyState(before), readBack: describeKeyState(after) } };
        }
        case 'redis-set': {
          const key = requireKey(action);
          const { value, ttlSeconds } = readSetValues(action);
          assertBound(target, approved.bound, boundOfKey(await client.readKey(key)));
          await client.setKey(key, value, ttlSeconds);
          const after = await client.readKey(key);
          const held = after.exists && after.type === 'string' && after.value === value && after.ttlSeconds !== null && after.ttlSeconds > 0 && after.ttlSeconds <= ttlSeconds;
          if (!held) throw new ApiError('upstream', `Redis (${client.label}): after SET, ${key} is ${describeKeyState(after)} instead of ${JSON.stringify(value)} for ${ttlSeconds} s`);
          return { message: `set ${key} = ${JSON.stringify(value)} for ${ttlSeconds} s`, details: { key, value, ttlSeconds, readBack: describeKeyState(after) } };
        }
        case 'redis-flushdb': {
          assertBound(target, approved.bound, boundOfDatabase(client));
          const count = await client.countKeys();
          // With live traffic new sessions and counters appear at once, so a count after proves nothing: keys
          // sampled before are read back instead, and none may still hold what it held.
          const sample = await Promise.all((await client.sampleKeys(FLUSH_SAMPLE)).map((key) => client.readKey(key)));
          await client.flushDatabase();
          const survivors: string[] = [];
          for (const before of sample) if (sameEntry(before, await client.readKey(before.key))) survivors.push(before.key);
          if (survivors.length > 0) throw new ApiError('upstream', `Redis (${client.label}): after FLUSHDB, ${survivors.join(', ')} still hold what they held`);
          return { message: `flushed the database (${plural(count)}); none of the ${sample.length} keys read before is left`, details: { database: databaseName(client), keysBefore: count, keysReadBack: sample.length } };
        }
        case 'redis-memory-purge': {
          const before = await client.readMemory();
          assertBound(target, approved.bound, boundOfServer(client, before));
          // With another allocator the command answers OK and does nothing: a button never reports that as done.
          if (!isJemalloc(before)) throw new ApiError('upstream', `Redis (${client.label}) allocates with ${before.allocator ?? 'an unknown allocator'}, not jemalloc: MEMORY PURGE would release nothing; nothing was sent`);
          const keys = await client.countKeys();
          await client.purgeMemory();
          // Read back: the figures after, and the key count beside the one before (a purge frees pages, never keys).
          const after = await client.readMemory();
          const keysAfter = await client.countKeys();
          const freed = before.usedMemoryRssBytes !== null && after.usedMemoryRssBytes !== null ? before.usedMemoryRssBytes - after.usedMemoryRssBytes : null;
          const outcome = freed === null ? 'RSS unknown' : freed > 0 ? `RSS ${mebibytes(freed)} lower` : 'RSS not lower (nothing dirty to release, or traffic used it again)';
          return {
            message: `MEMORY PURGE done on ${client.label}: ${outcome}. Before: ${describeMemory(before)}. After: ${describeMemory(after)}.`,
            details: { server: client.label, before, after, keysBefore: keys, keysAfter },
          };
        }
        default:
          throw notRedis(action);
      }
    },

    async follow(action): Promise<Progress> {
      const client = getClient();
      switch (action.action.kind) {
        case 'redis-del': {
          const key = requireKey(action);
          const state = await client.readKey(key);
          if (!state.exists) return { state: 'complete', message: `${key} is gone` };
          const now = state.type === 'string' ? `value ${quote(state)}` : `a ${state.type}`;
          // Without an expiry the counter never resets: the very fault clearing it was meant to end.
          if (state.ttlSeconds === null) return { state: 'failed', message: `${key} is back (${now}) with no expiry: it will not reset by itself; the limiter is stuck again` };
          // Not a failure: a limiter recreates its counter with the next request, which is what clearing it is for.
          return { state: 'complete', message: `${key} was deleted and has been recreated since (${now}, TTL ${state.ttlSeconds} s): the limiter is counting again` };
        }
        case 'redis-set': {
          const key = requireKey(action);
          const { value } = readSetValues(action);
          const state = await client.readKey(key);
          if (!state.exists) return { state: 'failed', message: `${key} expired or was deleted` };
          if (state.type !== 'string' || state.value !== value) return { state: 'failed', message: `${key} is ${describeKeyState(state)} now, not ${JSON.stringify(value)}` };
          if (state.ttlSeconds === null) return { state: 'failed', message: `${key} = ${JSON.stringify(value)} with no expiry: it was set again without a time limit` };
          return { state: 'complete', message: `${key} = ${JSON.stringify(value)}, expires in ${state.ttlSeconds} s` };
        }
        case 'redis-flushdb':
          return { state: 'complete', message: 'the database was flushed; sessions, counters and caches are recreated as traffic arrives' };
        case 'redis-memory-purge':
          return { state: 'complete', message: `Redis memory now: ${describeMemory(await client.readMemory())}` };
        default:
          throw notRedis(action);
      }
    },
  };
}
