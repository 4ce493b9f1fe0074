import Redis, { ReplyError } from 'ioredis';
import type { RateLimitStore } from './store';

export interface RedisStoreOptions {
  /** Where outages and odd keys are reported, once each (default console.warn). */
  log?: (message: string) => void;
  /** Bound on every call, connecting included, so a hung Redis cannot hold the limiter (default 2 s). */
  timeoutMs?: number;
}

/** `host:port[/db]` of a redis:// URL, never its credentials. */
function labelOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
}

/** Rejects after `ms`; the late answer, if any, is dropped (never an unhandled rejection). */
function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * A pipeline's replies. Redis's own answer to one command (a key that is not a counter) stays in its
 * slot; anything else (no connection, a timeout) fails the whole call, as a single command would.
 */
async function execPipeline(pipeline: ReturnType<Redis['pipeline']>): Promise<[Error | null, unknown][]> {
  const replies = (await pipeline.exec()) ?? [];
  const failure = replies.find(([error]) => error && !(error instanceof ReplyError))?.[0];
  if (failure) throw failure;
  return replies;
}

/**
 * The rate-limit counters in a real Redis: one connection that reconnects on its own (the estate
 * uses it every tick), commands failing fast while it is down rather than piling up. A failure is
 * logged once per outage and thrown to the caller, which keeps the counts it last read.
 */
export function createRedisRateLimitStore(url: string, { log = (message) => console.warn(message), timeoutMs = 2000 }: RedisStoreOptions = {}): RateLimitStore {
  const label = labelOf(url);
  const redis = new Redis(url, {
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    // Queued only while (re)connecting; a failed attempt flushes the queue with the error at once.
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(200 * attempt, 2000),
    disableClientInfo: true,
  });
  let down = false;
  let closed = false;
  const logged = new Set<string>();
  const noteFailure = (error: unknown) => {
    if (closed || down) return;
    down = true;
    log(`sim: Redis ${label} unavailable (${error instanceof Error ? error.message : String(error)}); the PMS rate limiter keeps its last counts`);
  };
  // Without a listener an 'error' event would crash the process.
  redis.on('error', noteFailure);
  redis.on('ready', () => {
    if (down && !closed) log(`sim: Redis ${label} answers again`);
    down = false;
  });
  const run = async <T>(what: string, op: () => Promise<T>): Promise<T> => {
    try {
      return await withDeadline(op(), timeoutMs + 500, what);
    } catch (error) {
      noteFailure(error);
      throw error;
    }
  };

  return {
    count: (amounts, windowSeconds) =>
      run('count', async () => {
        const entries = [...amounts];
        const pipeline = redis.pipeline();
        for (const [key, amount] of entries) {
          if (amount > 0) pipeline.incrby(key, amount);
          else pipeline.get(key);
        }
        const replies = await execPipeline(pipeline);
        const counts = new Map<string, number>();
        const created: string[] = [];
        entries.forEach(([key, amount], index) => {
          const [error, reply] = replies[index] ?? [null, null];
          const value = Number(reply ?? 0);
          if (error || !Number.isFinite(value)) {
            const message = `sim: Redis key ${key} is not a counter (${error?.message ?? String(reply)}); left out`;
            // Once per key: INCRBY and GET word the same bad value differently, and both come round.
            if (!logged.has(key)) log(message);
            logged.add(key);
            return;
          }
          counts.set(key, value);
          if (amount > 0 && value === amount) created.push(key);
        });
        if (created.length > 0) {
          const expire = redis.pipeline();
          for (const key of created) expire.expire(key, windowSeconds);
          await execPipeline(expire);
        }
        return counts;
      }),
    set: (key, value) => run('SET', async () => void (await redis.set(key, value))),
    delete: (keys) => run('DEL', () => (keys.length === 0 ? Promise.resolve(0) : redis.del(...keys))),
    get: (key) => run('GET', async () => {
      const value = await redis.get(key);
      return value === null ? null : Number(value);
    }),
    ttl: (key) => run('TTL', () => redis.ttl(key)),
    async close() {
      closed = true;
      await withDeadline(redis.quit(), timeoutMs, 'QUIT').catch(() => undefined);
      redis.disconnect();
    },
  };
}
