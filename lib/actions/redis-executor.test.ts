import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import type { Action, Section, Step } from '@/lib/catalog/schema';
import type { RedisClient, RedisKeyState } from '@/lib/server/redis/client';
import { createRedisExecutor, describeKeyState } from './redis-executor';
import type { ResolvedAction } from './resolve';

const absent = (key: string): RedisKeyState => ({ key, exists: false, type: null, value: null, truncated: false, ttlSeconds: null });

/** A Redis that remembers what it was told and answers reads from `keys` (the real one is in test/integration). */
function fakeRedis(keys: Map<string, RedisKeyState>, options: { dropWrites?: boolean } = {}): RedisClient & { writes: string[] } {
  const writes: string[] = [];
  return {
    label: '10.0.0.5:6379',
    db: 0,
    writes,
    readKey: async (key) => keys.get(key) ?? absent(key),
    deleteKey: async (key) => (writes.push(`DEL ${key}`), { deleted: keys.delete(key) }),
    setKey: async (key, value, ttlSeconds) => {
      writes.push(`SET ${key} ${value} EX ${ttlSeconds}`);
      if (!options.dropWrites) keys.set(key, { key, exists: true, type: 'string', value, truncated: false, ttlSeconds });
    },
    countKeys: async () => keys.size,
    sampleKeys: async (limit) => [...keys.keys()].slice(0, limit),
    flushDatabase: async () => void (writes.push('FLUSHDB'), keys.clear()),
    readMemory: async () => ({ allocator: 'jemalloc-5.3.0', usedMemoryBytes: 1_000_000, usedMemoryRssBytes: 4_000_000, fragmentationRatio: 4, allocatorFragBytes: 100_000, maxmemoryBytes: 0 }),
    purgeMemory: async () => void writes.push('MEMORY PURGE'),
    close: async () => {},
  };
}

function resolved(kind: Action['kind'], key: string | undefined, values: Record<string, string> = {}): ResolvedAction {
  const action = { kind, target: key ? { key } : {}, values, params: {}, role: 'operator', approval: false } as unknown as Action;
  const step = { id: 'step-1', title: 'A step', action } as unknown as Step & { action: Action };
  return { section: { id: 'rate-limiting' } as Section, step, action, params: {}, target: key ? { key } : {} };
}

describe('describeKeyState', () => {
  it('reads as a reviewer would say it', () => {
    expect(describeKeyState(absent('k'))).toBe('(does not exist)');
    expect(describeKeyState({ key: 'k', exists: true, type: 'string', value: '57', truncated: false, ttlSeconds: 43 })).toBe('"57" (expires in 43 s)');
    expect(describeKeyState({ key: 'k', exists: true, type: 'string', value: 'a\nb', truncated: true, ttlSeconds: null })).toBe('"a\\nb"… (first 1024 characters) (no expiry)');
    expect(describeKeyState({ key: 'k', exists: true, type: 'hash', value: null, truncated: false, ttlSeconds: null })).toBe('a hash (no expiry)');
  });
});

const ctx = { requester: 'olivia' };
const approved = { bound: {}, changes: [] };
/** Preview, then execute what it showed (every execution is bound to a preview). */
async function previewThenExecute(executor: ReturnType<typeof createRedisExecutor>, action: ResolvedAction) {
  const preview = await executor.preview(action, ctx);
  return executor.execute(action, { bound: preview.bound, changes: preview.changes }, ctx);
}
const done = { message: 'done' };

describe('the Redis executor', () => {
  it('redis-set fails the run when the value does not hold after SET (read back and verify)', async () => {
    const redis = fakeRedis(new Map(), { dropWrites: true });
    const error = await previewThenExecute(createRedisExecutor(() => redis), resolved('redis-set', 'rate_limit:whitelist:1.2.3.4', { value: 'true', ttlSeconds: '3600' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('Redis (10.0.0.5:6379): after SET, rate_limit:whitelist:1.2.3.4 is (does not exist) instead of "true" for 3600 s');
  });

  it('redis-set follow fails when the entry lost its expiry or its value', async () => {
    const key = 'rate_limit:whitelist:1.2.3.4';
    const keys = new Map<string, RedisKeyState>([[key, { key, exists: true, type: 'string', value: 'true', truncated: false, ttlSeconds: null }]]);
    const executor = createRedisExecutor(() => fakeRedis(keys));
    const action = resolved('redis-set', key, { value: 'true', ttlSeconds: '3600' });
    expect(await executor.follow(action, done)).toEqual({ state: 'failed', message: `${key} = "true" with no expiry: it was set again without a time limit` });
    keys.set(key, { key, exists: true, type: 'string', value: 'false', truncated: false, ttlSeconds: 10 });
    expect(await executor.follow(action, done)).toEqual({ state: 'failed', message: `${key} is "false" (expires in 10 s) now, not "true"` });
  });

  it('redis-del on a hash says what it was', async () => {
    const keys = new Map([['session:abc', { key: 'session:abc', exists: true, type: 'hash', value: null, truncated: false, ttlSeconds: 30 }]]);
    const result = await previewThenExecute(createRedisExecutor(() => fakeRedis(keys)), resolved('redis-del', 'session:abc'));
    expect(result.message).toBe('deleted session:abc (it was a hash, expiring in 30 s)');
  });

  it('refuses a step without a key, a key with spaces, and kinds that are not Redis, writing nothing', async () => {
    const redis = fakeRedis(new Map());
    const executor = createRedisExecutor(() => redis);
    await expect(executor.preview(resolved('redis-del', undefined), ctx)).rejects.toThrow('catalog step rate-limiting/step-1 has no key in its target');
    await expect(executor.execute(resolved('redis-del', 'a b'), approved, ctx)).rejects.toThrow(/not printable ASCII without spaces/);
    await expect(executor.execute(resolved('scale', 'x'), approved, ctx)).rejects.toThrow('step: scale is not a Redis action');
    expect(redis.writes).toEqual([]);
  });

  it('redis-flushdb says one key, or N keys', async () => {
    const keys = new Map([['a', absent('a')]]);
    const preview = await createRedisExecutor(() => fakeRedis(keys)).preview(resolved('redis-flushdb', undefined), ctx);
    expect(preview.changes).toEqual([{ path: 'Redis database 0 (10.0.0.5:6379)', before: '1 key', after: '0 keys' }]);
  });

  it('redis-flushdb: a limiter counter recreated within the same second, same value and TTL, is not a survivor (its expiry instant is later); a key whose expiry did not move is', async () => {
    const counter = (expiresAtMs: number): RedisKeyState => ({ key: 'ratelimit:opera', exists: true, type: 'string', value: '1', truncated: false, ttlSeconds: 60, expiresAtMs });
    const flushThen = async (afterFlush: RedisKeyState) => {
      const keys = new Map([['ratelimit:opera', counter(1_000_060_000)]]);
      const redis = fakeRedis(keys);
      redis.flushDatabase = async () => void (redis.writes.push('FLUSHDB'), keys.set('ratelimit:opera', afterFlush));
      const executor = createRedisExecutor(() => redis);
      const action = resolved('redis-flushdb', undefined);
      const preview = await executor.preview(action, ctx);
      return executor.execute(action, { bound: preview.bound, changes: preview.changes }, ctx);
    };
    await expect(flushThen(counter(1_000_060_007))).resolves.toMatchObject({ message: 'flushed the database (1 key); none of the 1 keys read before is left' });
    await expect(flushThen(counter(1_000_060_001))).rejects.toThrow('Redis (10.0.0.5:6379): after FLUSHDB, ratelimit:opera still hold what they held');
  });

  it('redis-memory-purge on a Redis without jemalloc: the preview warns, and the run is refused before MEMORY PURGE is sent (it would release nothing)', async () => {
    const redis = fakeRedis(new Map());
    redis.readMemory = async () => ({ allocator: 'libc', usedMemoryBytes: 1_000_000, usedMemoryRssBytes: 3_000_000, fragmentationRatio: 3, allocatorFragBytes: null, maxmemoryBytes: 0 });
    const executor = createRedisExecutor(() => redis);
    const preview = await executor.preview(resolved('redis-memory-purge', undefined), ctx);
    expect(preview.warnings).toContain('This Redis allocates with libc, not jemalloc: MEMORY PURGE does nothing there.');
    expect(preview.changes[0]?.before).toBe('used 1.0 MiB, RSS 2.9 MiB, fragmentation ratio 3.00, allocator fragmentation unknown');
    await expect(executor.execute(resolved('redis-memory-purge', undefined), { bound: preview.bound, changes: preview.changes }, ctx)).rejects.toThrow(/not jemalloc: MEMORY PURGE would release nothing; nothing was sent/);
    expect(redis.writes).toEqual([]);
  });
});
