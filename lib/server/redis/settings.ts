import 'server-only';
import type { Env } from '@/lib/env';

/** How the console reaches Redis, resolved from the environment once. */
export type RedisSettings = {
  /** REDIS_URL as given (credentials included); null when Redis is not configured. */
  url: string | null;
  /** Per command, connection included. */
  timeoutMs: number;
  /** `host:port[/db]`, never the credentials: what every message and log line names. */
  label: string;
  /** The logical database the URL selects (0 unless its path says otherwise). */
  db: number;
};

const DEFAULT_PORT = 6379;

/** `host:port[/db]` of a redis:// or rediss:// URL; user name and password are left out on purpose. */
export function labelRedisUrl(url: string): { label: string; db: number } {
  const parsed = new URL(url);
  // ioredis takes the database from the path, else from `?db=` (query items become client options).
  const db = Number(parsed.pathname.replace(/^\//, '') || parsed.searchParams.get('db') || '0');
  const address = `${parsed.hostname}:${parsed.port || DEFAULT_PORT}`;
  // A path that is not a database number is left to ioredis to refuse; the label still must not leak anything.
  return Number.isInteger(db) && db > 0 ? { label: `${address}/${db}`, db } : { label: address, db: 0 };
}

export function redisSettingsFromEnv(env: Env): RedisSettings {
  if (!env.REDIS_URL) return { url: null, timeoutMs: env.REDIS_TIMEOUT_MS, label: 'not configured', db: 0 };
  return { url: env.REDIS_URL, timeoutMs: env.REDIS_TIMEOUT_MS, ...labelRedisUrl(env.REDIS_URL) };
}
