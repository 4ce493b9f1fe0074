import 'server-only';
import Redis from 'ioredis';
import { createRedactor } from '../redis/errors';
import { labelRedisUrl } from '../redis/settings';

/**
 * The console's own Redis (CONSOLE_REDIS_URL), for what replicas share: upstream answers and last good
 * readings. Everything here is an optimisation over each replica's own memory, so a Redis that is down or
 * slow must cost little: every command is bounded by `timeoutMs`, and after a failure the link reports
 * itself unavailable for `retryAfterMs` (callers then use their own cache) instead of adding a timeout to
 * every read. The failure is logged once per outage and kept for whoever shows the link's state.
 */
export type SharedLink = {
  /** `host:port[/db]`, never the credentials. */
  readonly label: string;
  /** False while a recent failure says Redis is down: callers use their own memory without asking. */
  available(): boolean;
  /** The last failure's message while unavailable, else null. */
  readonly lastError: string | null;
  /** Runs one command; a failure marks the link unavailable and is rethrown. */
  run<T>(send: (redis: Redis) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export function createSharedLink(options: { url: string; timeoutMs: number; retryAfterMs?: number; log?: (line: string) => void; now?: () => number }): SharedLink {
  const { url, timeoutMs } = options;
  const label = labelRedisUrl(url).label;
  const redact = createRedactor(url);
  const retryAfterMs = options.retryAfterMs ?? 5_000;
  const log = options.log ?? ((line: string) => console.warn(line));
  const clock = options.now ?? Date.now;
  let downUntil = 0;
  let lastError: string | null = null;
  let redis: Redis | null = null;

  function connection(): Redis {
    if (redis && redis.status !== 'end') return redis;
    redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      // No background reconnects: the next call after `retryAfterMs` connects again.
      retryStrategy: () => null,
      enableOfflineQueue: true,
      disableClientInfo: true,
    });
    // Without a listener an 'error' event would end the process; the cause reaches callers through the command.
    redis.on('error', () => {});
    return redis;
  }

  function markDown(error: unknown): void {
    const message = redact(`[shared-state] Redis ${label}: ${error instanceof Error ? error.message : String(error)}; each replica uses its own cache until it answers`);
    if (lastError === null) log(message);
    lastError = message;
    downUntil = clock() + retryAfterMs;
    redis?.disconnect();
    redis = null;
  }

  return {
    label,
    available: () => clock() >= downUntil,
    get lastError() {
      return clock() >= downUntil ? null : lastError;
    },
    async run(send) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const result = await Promise.race([send(connection()), deadline]);
        if (lastError !== null) log(`[shared-state] Redis ${label} answers again: replicas share upstream reads`);
        lastError = null;
        return result;
      } catch (error) {
        markDown(error);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      const closing = redis;
      redis = null;
      if (closing?.status === 'ready') await Promise.race([closing.quit(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]).catch(() => {});
      closing?.disconnect();
    },
  };
}
