import 'server-only';
import { decodeShared, encodeShared } from './codec';
import type { SharedLink } from './link';

// Keeps the newer reading only: a replica that evaluated earlier must not overwrite a later reading.
const REMEMBER_IF_NEWER = `
local at = tonumber(redis.call('HGET', KEYS[1], 'at'))
if at and at > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'at', ARGV[1], 'reading', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/**
 * The last good reading per id (a section's status), shown as stale while the upstream is down. Kept in
 * this replica's memory and, with the console's own Redis, shared: during a Prometheus outage every
 * replica then shows the same stale reading (the newest any replica took, with its own time), instead of
 * one replica "stale P1" and the next "unknown" because it had not read that section yet. Redis down:
 * each replica falls back to its own memory.
 */
export function createLastGoodReadings<T extends { evaluatedAt: number }>(options: {
  link: () => SharedLink | null;
  namespace: string;
  /** How long a shared reading is kept after it was written (older ones are expired as stale anyway). */
  keepMs?: number;
}) {
  const keepMs = options.keepMs ?? 24 * 3_600_000;
  const local = new Map<string, T>();
  const writtenAt = new Map<string, number>();
  const keyOf = (id: string) => `${options.namespace}:last-good:${id}`;

  return {
    /**
     * Records a good reading (if newer than the one held) here and in Redis. Every new reading is written (one
     * small command): skipping some would let a replica's own newer reading differ from the shared one.
     */
    async remember(id: string, reading: T): Promise<void> {
      const previous = local.get(id);
      if (previous && previous.evaluatedAt > reading.evaluatedAt) return;
      local.set(id, reading);
      const link = options.link();
      if (!link?.available() || writtenAt.get(id) === reading.evaluatedAt) return;
      writtenAt.set(id, reading.evaluatedAt);
      await link.run((redis) => redis.eval(REMEMBER_IF_NEWER, 1, keyOf(id), String(reading.evaluatedAt), encodeShared(reading), String(keepMs))).catch(() => {});
    },
    /** The newest good reading any replica shared, or this replica's own when Redis has none or is down. */
    async recall(id: string): Promise<T | undefined> {
      const own = local.get(id);
      const link = options.link();
      if (!link?.available()) return own;
      try {
        const text = await link.run((redis) => redis.hget(keyOf(id), 'reading'));
        const shared = text ? decodeShared<T>(text) : undefined;
        if (!shared) return own;
        return !own || shared.evaluatedAt > own.evaluatedAt ? shared : own;
      } catch {
        return own;
      }
    },
    clear: () => {
      local.clear();
      writtenAt.clear();
    },
  };
}
