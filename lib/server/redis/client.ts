import 'server-only';
import { MAX_REDIS_TTL_SECONDS } from '@/lib/actions/kinds';
import Redis from 'ioredis';
import { getConsoleMetrics } from '../console-metrics';
import { createRedactor, REDIS_UPSTREAM, RedisError, TIMED_OUT, toRedisError } from './errors';
import type { RedisSettings } from './settings';

/** A key as a preview shows it: its type, the start of a string value, and its time to live. */
export type RedisKeyState = {
  key: string;
  exists: boolean;
  /** 'string', 'hash', 'list' …; null when the key does not exist. */
  type: string | null;
  /** String keys only, at most MAX_VALUE_CHARS; null for other types and absent keys. */
  value: string | null;
  truncated: boolean;
  /** Seconds left; null when the key has no expiry or does not exist. */
  ttlSeconds: number | null;
  /**
   * When the key expires, in milliseconds on the server's clock (TIME + PTTL, read in the same MULTI); null with no
   * expiry. A key that outlived a FLUSHDB keeps it to the millisecond, one a limiter recreated since has a later one:
   * whole-second TTLs cannot tell those apart. Absent where a reader does not know it.
   */
  expiresAtMs?: number | null;
};

/** The figures of `INFO memory` a MEMORY PURGE is judged by; a field the server does not report is null. */
export type RedisMemoryState = {
  /** `mem_allocator`, e.g. "jemalloc-5.3.0": MEMORY PURGE does something only with jemalloc. */
  allocator: string | null;
  usedMemoryBytes: number | null;
  usedMemoryRssBytes: number | null;
  fragmentationRatio: number | null;
  /** jemalloc's fragmentation (`allocator_frag_bytes`): what a purge can give back. */
  allocatorFragBytes: number | null;
  maxmemoryBytes: number | null;
};

export type RedisClient = {
  /** `host:port[/db]`, without credentials. */
  readonly label: string;
  readonly db: number;
  readKey(key: string): Promise<RedisKeyState>;
  deleteKey(key: string): Promise<{ deleted: boolean }>;
  /** `SET key value EX ttlSeconds`; the time must be a whole number of seconds from 1 to MAX_TTL_SECONDS. */
  setKey(key: string, value: string, ttlSeconds: number): Promise<void>;
  countKeys(): Promise<number>;
  /** Up to `limit` key names (one SCAN page): what a flush is checked against afterwards. */
  sampleKeys(limit: number): Promise<string[]>;
  flushDatabase(): Promise<void>;
  /** `INFO memory`, parsed. */
  readMemory(): Promise<RedisMemoryState>;
  /** `MEMORY PURGE`: asks the allocator to release dirty pages; changes no key. */
  purgeMemory(): Promise<void>;
  close(): Promise<void>;
};

/** `INFO memory`'s `field:value` lines → the figures a purge is judged by. */
export function parseMemoryInfo(info: string): RedisMemoryState {
  const fields = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    const match = /^([a-z_]+):(.*)$/.exec(line.trim());
    if (match) fields.set(match[1]!, match[2]!);
  }
  const number = (name: string) => {
    const value = Number(fields.get(name));
    return fields.has(name) && Number.isFinite(value) ? value : null;
  };
  return {
    allocator: fields.get('mem_allocator') ?? null,
    usedMemoryBytes: number('used_memory'),
    usedMemoryRssBytes: number('used_memory_rss'),
    fragmentationRatio: number('mem_fragmentation_ratio'),
    allocatorFragBytes: number('allocator_frag_bytes'),
    maxmemoryBytes: number('maxmemory'),
  };
}

export const MAX_VALUE_CHARS = 1024;
export const MAX_TTL_SECONDS = MAX_REDIS_TTL_SECONDS;
const LOGGED_LIMIT = 50;

/** `expiresAtMs` from PTTL and TIME (["seconds", "microseconds"]); left out when either reply is unreadable. */
function expiryInstant(pttl: unknown, time: unknown): Pick<RedisKeyState, 'expiresAtMs'> {
  if (pttl === -1) return { expiresAtMs: null };
  const [seconds = NaN, micros = NaN] = Array.isArray(time) ? time.map(Number) : [];
  if (typeof pttl !== 'number' || pttl < 0 || !Number.isFinite(seconds) || !Number.isFinite(micros)) return {};
  return { expiresAtMs: seconds * 1000 + Math.floor(micros / 1000) + pttl };
}

function createNotConfigured(settings: RedisSettings): RedisClient {
  const refuse = async (): Promise<never> => {
    throw new RedisError('not-configured', settings.label, 'Redis is not configured (set REDIS_URL)');
  };
  return { label: settings.label, db: settings.db, readKey: refuse, deleteKey: refuse, setKey: refuse, countKeys: refuse, sampleKeys: refuse, flushDatabase: refuse, readMemory: refuse, purgeMemory: refuse, close: async () => {} };
}

/**
 * The Redis adapter: one lazy connection, every call bounded by `timeoutMs` (connecting included), every
 * failure a RedisError naming `host:port[/db]`. A Redis that is down costs nothing while nobody asks: there
 * are no background reconnects; the next call connects again.
 */
export function createRedisClient(settings: RedisSettings): RedisClient {
  if (!settings.url) return createNotConfigured(settings);
  const { url, label, timeoutMs } = settings;
  const redact = createRedactor(url);
  const metrics = getConsoleMetrics();
  const logged = new Set<string>();
  /** One ioredis connection and the last cause it reported; replaced when it ends or stops answering. */
  type Connection = { redis: Redis; error: Error | null };
  let current: Connection | null = null;

  function open(): Connection {
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      // Commands wait in the offline queue only while this connection attempt runs; when it fails the queue
      // is flushed with the error at once (no retries), so a down Redis fails fast and nothing queues forever.
      enableOfflineQueue: true,
      maxRetriesPerRequest: 0,
      // No background reconnects: a Redis that is down costs nothing while nobody asks; the next call connects.
      retryStrategy: () => null,
      // A command that may have reached Redis before the connection dropped is not sent twice (a SET, a FLUSHDB).
      autoResendUnfulfilledCommands: false,
      reconnectOnError: () => false,
      disableClientInfo: true,
    });
    const connection: Connection = { redis, error: null };
    // Without a listener an 'error' event would crash the process. The cause reaches the caller through the
    // failed command; the log gets each distinct message once per outage.
    redis.on('error', (error: Error) => {
      connection.error = error;
      const line = redact(`[redis] ${label}: ${error.message}`);
      if (logged.has(line)) return;
      if (logged.size >= LOGGED_LIMIT) logged.clear();
      logged.add(line);
      console.warn(line);
    });
    redis.on('ready', () => logged.clear());
    return connection;
  }

  /** The live connection, or a new one: ioredis connects on its first command, which waits for it (bounded by the deadline). */
  function connection(): Connection {
    if (!current || current.redis.status === 'end') current = open();
    return current;
  }

  /** Drops a connection that stopped answering, so the next call starts afresh instead of queueing behind it. */
  function drop(connection: Connection): void {
    if (current === connection) current = null;
    connection.redis.disconnect();
  }

  async function run<T>(command: string, send: (r: Redis) => Promise<T>): Promise<T> {
    const stopTimer = metrics.upstreamDuration.startTimer({ upstream: REDIS_UPSTREAM });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(TIMED_OUT)), timeoutMs);
    });
    const used = connection();
    try {
      const result = await Promise.race([send(used.redis), deadline]);
      metrics.upstreamRequests.inc({ upstream: REDIS_UPSTREAM, outcome: 'ok' });
      return result;
    } catch (error) {
      const mapped = toRedisError(error, { label, timeoutMs, command, connectionError: used.error, redact });
      if (mapped.code === 'timeout') drop(used);
      metrics.upstreamRequests.inc({ upstream: REDIS_UPSTREAM, outcome: mapped.code === 'timeout' ? 'timeout' : 'error' });
      throw mapped;
    } finally {
      clearTimeout(timer);
      stopTimer();
    }
  }

  return {
    label,
    db: settings.db,

    async readKey(key) {
      // One MULTI, so type, value and TTL describe the same moment; GETRANGE/STRLEN fail on other types, which is expected.
      const replies = await run('MULTI', (r) => r.multi().type(key).getrange(key, 0, MAX_VALUE_CHARS - 1).strlen(key).ttl(key).pttl(key).time().exec());
      if (!replies) throw new RedisError('command', label, `Redis (${label}): the transaction reading ${key} was aborted`);
      const reply = (i: number) => replies[i] ?? [null, null];
      const [[typeError, type], [, value], [, length], [ttlError, ttl], [, pttl], [, time]] = [reply(0), reply(1), reply(2), reply(3), reply(4), reply(5)];
      const failed = typeError ?? ttlError;
      if (failed) throw toRedisError(failed, { label, timeoutMs, command: 'TYPE', connectionError: null, redact });
      if (type === 'none') return { key, exists: false, type: null, value: null, truncated: false, ttlSeconds: null };
      const isString = type === 'string';
      return {
        key,
        exists: true,
        type: String(type),
        value: isString ? String(value) : null,
        truncated: isString && Number(length) > MAX_VALUE_CHARS,
        ttlSeconds: typeof ttl === 'number' && ttl >= 0 ? ttl : null,
        ...expiryInstant(pttl, time),
      };
    },

    async deleteKey(key) {
      return { deleted: (await run('DEL', (r) => r.del(key))) > 0 };
    },

    async setKey(key, value, ttlSeconds) {
      if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
        throw new RangeError(`Redis SET ${key}: the time to live must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}, not ${ttlSeconds}`);
      }
      await run('SET', (r) => r.set(key, value, 'EX', ttlSeconds));
    },

    async countKeys() {
      return run('DBSIZE', (r) => r.dbsize());
    },

    async sampleKeys(limit) {
      const [, keys] = await run('SCAN', (r) => r.scan('0', 'COUNT', Math.max(1, Math.min(limit, 1000))));
      return keys.slice(0, limit);
    },

    async flushDatabase() {
      // ASYNC: the keys are gone at once and the memory is freed in the background, so a large database
      // cannot outlast the timeout (and be reported failed while the flush carries on).
      await run('FLUSHDB', (r) => r.flushdb('ASYNC'));
    },

    async readMemory() {
      return parseMemoryInfo(await run('INFO', (r) => r.info('memory')));
    },

    async purgeMemory() {
      const reply = await run('MEMORY PURGE', (r) => r.call('MEMORY', 'PURGE'));
      if (reply !== 'OK') throw new RedisError('command', label, `Redis (${label}): MEMORY PURGE answered ${JSON.stringify(reply)}, not OK`);
    },

    async close() {
      const closing = current;
      current = null;
      if (!closing) return;
      if (closing.redis.status === 'ready') await Promise.race([closing.redis.quit(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]).catch(() => {});
      closing.redis.disconnect();
    },
  };
}
