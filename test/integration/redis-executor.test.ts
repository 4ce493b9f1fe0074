// The Redis action kinds end to end below the HTTP layer: the real catalog (runbooks/) → resolveAction
// (parameters checked, key rendered from the catalog's template) → the Redis executor → a real redis-server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import type { ActionExecutor } from '@/lib/actions/executor';
import { createRedisExecutor } from '@/lib/actions/redis-executor';
import { resolveAction, type ResolvedAction } from '@/lib/actions/resolve';
import { loadCatalog } from '@/lib/catalog/load';
import { bindPmsVendors } from '@/lib/catalog/pms-vendors';
import type { Section } from '@/lib/catalog/schema';
import { createRedisClient, type RedisClient } from '@/lib/server/redis/client';
import { labelRedisUrl } from '@/lib/server/redis/settings';
import { startRedis } from '@/scripts/stack/redis';

const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-redis-executor-'));
let server: Awaited<ReturnType<typeof startRedis>>;
let raw: Redis;
let client: RedisClient;
let executor: ActionExecutor;
let sections: Map<string, Section>;

const resolve = (section: string, step: string, params: Record<string, unknown> = {}): ResolvedAction => resolveAction(sections, section, step, params);
const ctx = { requester: 'olivia' };
/** What a person approves: the preview made just before (every execution is bound to one). */
const approve = async (action: ResolvedAction) => {
  const preview = await executor.preview(action, ctx);
  return { bound: preview.bound, changes: preview.changes };
};
/** Preview, then execute what the preview showed. */
const run = async (action: ResolvedAction) => executor.execute(action, await approve(action), ctx);

beforeAll(async () => {
  server = await startRedis({ logDir });
  raw = new Redis(server.url);
  client = createRedisClient({ url: server.url, timeoutMs: 2000, ...labelRedisUrl(server.url) });
  executor = createRedisExecutor(() => client);
  // As the server loads it (lib/server/catalog.ts): `pms-vendor` parameters become a choice of the vendors.
  const loaded = bindPmsVendors(loadCatalog(path.resolve(__dirname, '../../runbooks')), ['apaleo', 'mews', 'opera', 'cloudbeds', 'protel']);
  sections = new Map(loaded.map((s) => [s.id, s]));
});

afterAll(async () => {
  await client?.close();
  raw?.disconnect();
  await server?.stop();
  fs.rmSync(logDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await raw.flushdb();
});

describe('redis-del: clear a PMS vendor rate limit', () => {
  const action = () => resolve('pms-connection', 'clear-rate-limit', { vendor: 'apaleo' });

  it('previews the value and TTL without writing, deletes on execute, and follow says it is gone', async () => {
    await raw.set('ratelimit:apaleo', '57', 'EX', 43);
    expect(action().target.key).toBe('ratelimit:apaleo');

    const preview = await executor.preview(action(), ctx);
    expect(preview).toMatchObject({ target: 'Redis key ratelimit:apaleo', warnings: [] });
    expect(preview.changes).toHaveLength(1);
    expect(preview.changes[0]).toMatchObject({ path: 'ratelimit:apaleo', after: '(deleted)' });
    expect(preview.changes[0]?.before).toMatch(/^"57" \(expires in (4[0-3]) s\)$/);
    expect(await raw.get('ratelimit:apaleo')).toBe('57');

    const result = await run(action());
    expect(result.message).toMatch(/^deleted ratelimit:apaleo \(it held "57", expiring in 4[0-3] s\)$/);
    expect(result.details).toMatchObject({ key: 'ratelimit:apaleo', deleted: true });
    expect(await raw.exists('ratelimit:apaleo')).toBe(0);

    expect(await executor.follow(action(), { message: 'done' })).toEqual({ state: 'complete', message: 'ratelimit:apaleo is gone' });
  });

  it('follow: a counter the limiter has recreated since is reported, not failed', async () => {
    await raw.set('ratelimit:apaleo', '57');
    await run(action());
    await raw.set('ratelimit:apaleo', '1', 'EX', 60);
    const progress = await executor.follow(action(), { message: 'done' });
    expect(progress.state).toBe('complete');
    expect(progress.message).toMatch(/^ratelimit:apaleo was deleted and has been recreated since \(value "1", TTL (5\d|60) s\): the limiter is counting again$/);
  });

  it('follow: a counter recreated without an expiry is the stuck limiter again, and fails the check', async () => {
    await run(action());
    await raw.set('ratelimit:apaleo', '9000');
    expect(await executor.follow(action(), { message: 'done' })).toEqual({ state: 'failed', message: 'ratelimit:apaleo is back (value "9000") with no expiry: it will not reset by itself; the limiter is stuck again' });
  });

  it('a key that does not exist: the preview warns, and execute says nothing was deleted', async () => {
    const preview = await executor.preview(action(), ctx);
    expect(preview.warnings).toEqual(['ratelimit:apaleo does not exist now; deleting it changes nothing.']);
    expect(preview.changes).toEqual([{ path: 'ratelimit:apaleo', before: '(does not exist)', after: '(does not exist)' }]);
    expect((await run(action())).message).toBe('ratelimit:apaleo did not exist; nothing deleted');
  });

  it('a per-user counter (rate-limiting/clear-rate-limit-counters) with a numeric id', async () => {
    await raw.set('rate_limit:user:123:per_minute', '300', 'EX', 60);
    const perUser = resolve('rate-limiting', 'clear-rate-limit-counters', { id: '123' });
    expect((await executor.preview(perUser, ctx)).target).toBe('Redis key rate_limit:user:123:per_minute');
    await run(perUser);
    expect(await raw.exists('rate_limit:user:123:per_minute')).toBe(0);
  });
});

describe('redis-set: whitelist an address for a bounded time', () => {
  const action = () => resolve('rate-limiting', 'whitelist-ip', { ip: '1.2.3.4' });

  it('previews not set → "true" for 3600 s, sets it with the TTL, reads it back, and follow confirms', async () => {
    const preview = await executor.preview(action(), ctx);
    expect(preview).toMatchObject({ target: 'Redis key rate_limit:whitelist:1.2.3.4', warnings: [] });
    expect(preview.changes).toEqual([{ path: 'rate_limit:whitelist:1.2.3.4', before: '(does not exist)', after: '"true" (expires in 3600 s)' }]);
    expect(await raw.exists('rate_limit:whitelist:1.2.3.4')).toBe(0);

    const result = await run(action());
    expect(result.message).toBe('set rate_limit:whitelist:1.2.3.4 = "true" for 3600 s');
    expect(await raw.get('rate_limit:whitelist:1.2.3.4')).toBe('true');
    expect(await raw.ttl('rate_limit:whitelist:1.2.3.4')).toBeGreaterThan(3590);

    const progress = await executor.follow(action(), { message: 'done' });
    expect(progress.state).toBe('complete');
    expect(progress.message).toMatch(/^rate_limit:whitelist:1\.2\.3\.4 = "true", expires in 3[56]\d\d s$/);

    await raw.del('rate_limit:whitelist:1.2.3.4');
    expect(await executor.follow(action(), { message: 'done' })).toEqual({ state: 'failed', message: 'rate_limit:whitelist:1.2.3.4 expired or was deleted' });
  });

  it('an address already whitelisted: the preview says its time starts again', async () => {
    await raw.set('rate_limit:whitelist:1.2.3.4', 'true', 'EX', 100);
    const preview = await executor.preview(action(), ctx);
    expect(preview.warnings).toEqual(['rate_limit:whitelist:1.2.3.4 is already set; its time to live starts again at 3600 s.']);
  });

  it('an IPv6 address', async () => {
    await run(resolve('rate-limiting', 'whitelist-ip', { ip: '2001:db8::1' }));
    expect(await raw.get('rate_limit:whitelist:2001:db8::1')).toBe('true');
  });

  it('a catalog step without a bounded time is refused before anything is written', async () => {
    const base = action();
    for (const ttlSeconds of [undefined, '0', '90000', '1.5', 'forever']) {
      const values: Record<string, string> = { value: 'true', ...(ttlSeconds === undefined ? {} : { ttlSeconds }) };
      const broken: ResolvedAction = { ...base, action: { ...base.action, values } };
      const error = await executor.preview(broken, ctx).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('internal');
      expect((error as ApiError).message).toMatch(/^catalog step rate-limiting\/whitelist-ip: values\.ttlSeconds must be a whole number of seconds from 1 to 86400/);
      await expect(executor.execute(broken, { bound: {}, changes: [] }, ctx)).rejects.toThrow(/values\.ttlSeconds/);
    }
    expect(await raw.dbsize()).toBe(0);
  });
});

describe('parameters the catalog does not allow', () => {
  it('are refused by resolveAction, naming the field, and Redis is untouched', async () => {
    await raw.set('ratelimit:apaleo', '57');
    const keysBefore = await raw.dbsize();
    const refused = (section: string, step: string, params: Record<string, unknown>) => {
      try {
        resolve(section, step, params);
      } catch (error) {
        return error as ApiError;
      }
      throw new Error(`${section}/${step} accepted ${JSON.stringify(params)}`);
    };
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['rate-limiting', 'whitelist-ip', { ip: '1.2.3.4.5' }, 'params.ip'],
      ['rate-limiting', 'whitelist-ip', { ip: '1.2.3.4', key: 'session:*' }, 'params'],
      ['rate-limiting', 'clear-rate-limit-counters', { id: '12a' }, 'params.id'],
      ['rate-limiting', 'clear-rate-limit-counters', { id: '1 2' }, 'params.id'],
      ['pms-connection', 'clear-rate-limit', { vendor: 'evil' }, 'params.vendor'],
      ['pms-connection', 'clear-rate-limit', { vendor: 'apaleo*' }, 'params.vendor'],
    ];
    for (const [section, step, params, field] of cases) {
      const error = refused(section, step, params);
      expect(error).toBeInstanceOf(ApiError);
      expect(error.code).toBe('bad-request');
      expect(error.field).toBe(field);
      expect(error.message.startsWith(`${field}`)).toBe(true);
    }
    expect(await raw.dbsize()).toBe(keysBefore);
    expect(await raw.get('ratelimit:apaleo')).toBe('57');
  });
});

describe('redis-flushdb: clear Redis sessions (authentication)', () => {
  const action = () => resolve('authentication', 'clear-redis-sessions');

  it('previews the key count with the consequences, and execute empties the database', async () => {
    expect(action().action).toMatchObject({ kind: 'redis-flushdb', approval: true });
    await raw.set('session:a', '1');
    await raw.hset('session:b', { user: 'olivia' });
    await raw.set('ratelimit:apaleo', '57', 'EX', 60);

    const preview = await executor.preview(action(), ctx);
    const database = `Redis database 0 (127.0.0.1:${server.port})`;
    expect(preview).toMatchObject({ target: 'Redis database' });
    expect(preview.changes).toEqual([{ path: database, before: '3 keys', after: '0 keys' }]);
    expect(preview.warnings).toEqual(['Every session ends: everyone signs in again. Rate-limit counters, whitelisted addresses and caches in this database go too.']);
    expect(await raw.dbsize()).toBe(3);

    const result = await run(action());
    expect(result.message).toBe('flushed the database (3 keys); none of the 3 keys read before is left');
    expect(await raw.dbsize()).toBe(0);
    expect((await executor.follow(action(), { message: 'done' })).state).toBe('complete');
  });
});

describe('redis-memory-purge: MEMORY PURGE (redis, 003 "Memory Full"), against Debian\'s redis-server (jemalloc)', () => {
  const action = () => resolve('redis', 'memory-purge');

  it('previews INFO memory, purges, and reports the figures before and after; every key is kept', async () => {
    expect(action().action).toMatchObject({ kind: 'redis-memory-purge', idempotent: true });
    // Fragment the heap: many values written, then every other one deleted, so jemalloc holds pages no key uses.
    const pipeline = raw.pipeline();
    for (let i = 0; i < 4000; i++) pipeline.set(`cache:frag:${i}`, 'x'.repeat(300 + (i % 7) * 50));
    await pipeline.exec();
    const deletions = raw.pipeline();
    for (let i = 0; i < 4000; i += 2) deletions.del(`cache:frag:${i}`);
    await deletions.exec();
    const keys = await raw.dbsize();

    const preview = await executor.preview(action(), ctx);
    expect(preview.target).toBe('Redis memory');
    expect(preview.changes).toEqual([
      { path: `Redis memory (127.0.0.1:${server.port})`, before: expect.stringMatching(/^used \d+\.\d MiB, RSS \d+\.\d MiB, fragmentation ratio \d+\.\d\d, allocator fragmentation \d+\.\d MiB$/), after: 'dirty allocator pages released (MEMORY PURGE); every key kept' },
    ]);
    expect(preview.bound).toEqual({ server: `127.0.0.1:${server.port}`, allocator: expect.stringMatching(/^jemalloc/) });
    expect(preview.warnings).toEqual([expect.stringMatching(/^MEMORY PURGE evicts no key/)]);

    const result = await run(action());
    expect(result.message).toMatch(new RegExp(`^MEMORY PURGE done on 127\\.0\\.0\\.1:${server.port}: RSS .*\\. Before: used .*\\. After: used .*\\.$`));
    expect(result.details).toMatchObject({ keysBefore: keys, keysAfter: keys, before: { allocator: expect.stringMatching(/^jemalloc/) }, after: { usedMemoryBytes: expect.any(Number), fragmentationRatio: expect.any(Number) } });
    expect(await raw.dbsize()).toBe(keys);
    expect(await raw.get('cache:frag:1')).toHaveLength(350);
    expect(await executor.follow(action(), result)).toMatchObject({ state: 'complete', message: expect.stringMatching(/^Redis memory now: used /) });
    // Idempotent by nature: pressed again, the same purge runs again.
    expect((await run(action())).message).toMatch(/^MEMORY PURGE done/);
  });

  it('an approval bound to another server (or allocator) is refused before anything is sent', async () => {
    await raw.set('k', 'v');
    const preview = await executor.preview(action(), ctx);
    await expect(executor.execute(action(), { bound: { ...preview.bound, server: '10.0.0.9:6379' }, changes: preview.changes }, ctx)).rejects.toThrow(/changed since it was approved: .*server/);
    expect(await raw.get('k')).toBe('v');
  });

  it('a Redis where MEMORY is disabled (renamed away): the preview reads, the run fails naming the command, no key is touched', async () => {
    const locked = await startRedis({ logDir, extraArgs: ['--rename-command', 'MEMORY', ''] });
    const lockedClient = createRedisClient({ url: locked.url, timeoutMs: 2000, ...labelRedisUrl(locked.url) });
    try {
      const lockedExecutor = createRedisExecutor(() => lockedClient);
      const preview = await lockedExecutor.preview(action(), ctx);
      await expect(lockedExecutor.execute(action(), { bound: preview.bound, changes: preview.changes }, ctx)).rejects.toThrow(/MEMORY PURGE.*unknown command|unknown command.*MEMORY/i);
    } finally {
      await lockedClient.close();
      await locked.stop();
    }
  });
});
