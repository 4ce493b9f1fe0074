// The Redis adapter (lib/server/redis) against real redis-server processes (Debian's package, installed by
// scripts/ensure-system-deps.sh): plain, password-protected, with FLUSHDB disabled as production Redis often
// has it, stopped; and a TCP server that accepts connections and never answers.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { statusByCode } from '@/lib/api/errors';
import { getConsoleMetrics } from '@/lib/server/console-metrics';
import { createRedisClient, type RedisClient } from '@/lib/server/redis/client';
import { RedisError } from '@/lib/server/redis/errors';
import { labelRedisUrl } from '@/lib/server/redis/settings';
import { findFreePort } from '@/scripts/stack/processes';
import { startRedis } from '@/scripts/stack/redis';

const TIMEOUT_MS = 1000;
// "Within the timeout" with room for a slow machine; a hang would take the test's own 120 s.
const WITHIN = TIMEOUT_MS + 2000;
const PASSWORD = 'correct-horse-battery';

const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-redis-test-'));
let redis: Awaited<ReturnType<typeof startRedis>>;
let raw: Redis;
let client: RedisClient;
const clients: RedisClient[] = [];
const servers: { stop(): Promise<void> }[] = [];

function connect(url: string | null, timeoutMs = TIMEOUT_MS): RedisClient {
  const made = createRedisClient({ url, timeoutMs, ...(url ? labelRedisUrl(url) : { label: 'not configured', db: 0 }) });
  clients.push(made);
  return made;
}

/** Runs `call`, expects a RedisError, and says how long it took. */
async function failure(call: () => Promise<unknown>): Promise<{ error: RedisError; ms: number }> {
  const started = Date.now();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RedisError);
  return { error: error as RedisError, ms: Date.now() - started };
}

beforeAll(async () => {
  redis = await startRedis({ logDir });
  servers.push(redis);
  raw = new Redis(redis.url);
  client = connect(redis.url);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  raw?.disconnect();
  await Promise.all(servers.map((s) => s.stop()));
  fs.rmSync(logDir, { recursive: true, force: true });
});

describe('reading keys', () => {
  it('reads a string value and its TTL, an absent key, a hash and a long value', async () => {
    await raw.set('ratelimit:apaleo', '57', 'EX', 120);
    await raw.set('plain', 'forever');
    await raw.hset('session:abc', { user: 'olivia' });
    await raw.set('big', 'x'.repeat(5000));

    const counter = await client.readKey('ratelimit:apaleo');
    expect(counter).toMatchObject({ key: 'ratelimit:apaleo', exists: true, type: 'string', value: '57', truncated: false });
    expect(counter.ttlSeconds).toBeGreaterThan(100);
    expect(counter.ttlSeconds).toBeLessThanOrEqual(120);
    // The expiry instant, on the server's clock (the same machine here): read again, it has not moved.
    expect(counter.expiresAtMs).toBeGreaterThan(Date.now() + 100_000);
    expect(counter.expiresAtMs).toBeLessThanOrEqual(Date.now() + 120_000);
    expect((await client.readKey('ratelimit:apaleo')).expiresAtMs! - counter.expiresAtMs!).toBeLessThanOrEqual(2);
    expect(await client.readKey('plain')).toEqual({ key: 'plain', exists: true, type: 'string', value: 'forever', truncated: false, ttlSeconds: null, expiresAtMs: null });
    expect(await client.readKey('missing')).toEqual({ key: 'missing', exists: false, type: null, value: null, truncated: false, ttlSeconds: null });
    expect(await client.readKey('session:abc')).toEqual({ key: 'session:abc', exists: true, type: 'hash', value: null, truncated: false, ttlSeconds: null, expiresAtMs: null });
    const big = await client.readKey('big');
    expect(big.value).toHaveLength(1024);
    expect(big.truncated).toBe(true);
  });
});

describe('changing keys', () => {
  it('deletes a key, and says when there was nothing to delete', async () => {
    await raw.set('rate_limit:user:123:per_minute', '9');
    expect(await client.deleteKey('rate_limit:user:123:per_minute')).toEqual({ deleted: true });
    expect(await raw.exists('rate_limit:user:123:per_minute')).toBe(0);
    expect(await client.deleteKey('rate_limit:user:123:per_minute')).toEqual({ deleted: false });
  });

  it('sets a value with a time to live, and refuses an unbounded or fractional one', async () => {
    await client.setKey('rate_limit:whitelist:1.2.3.4', 'true', 3600);
    expect(await raw.get('rate_limit:whitelist:1.2.3.4')).toBe('true');
    expect(await raw.ttl('rate_limit:whitelist:1.2.3.4')).toBeGreaterThan(3590);
    for (const ttl of [0, -1, 1.5, 86_401]) await expect(client.setKey('rate_limit:whitelist:5.6.7.8', 'true', ttl)).rejects.toThrow(/whole number of seconds from 1 to 86400/);
    expect(await raw.exists('rate_limit:whitelist:5.6.7.8')).toBe(0);
  });

  it('counts the keys and flushes the database', async () => {
    await raw.set('one', '1');
    expect(await client.countKeys()).toBe(await raw.dbsize());
    await client.flushDatabase();
    expect(await client.countKeys()).toBe(0);
    expect(await raw.dbsize()).toBe(0);
  });

  it('uses the database the URL names', async () => {
    const db3 = connect(`${redis.url}/3`);
    await db3.setKey('in-three', 'yes', 60);
    expect(await raw.exists('in-three')).toBe(0);
    expect(await db3.countKeys()).toBe(1);
    expect(db3.label).toBe(`127.0.0.1:${redis.port}/3`);
  });
});

describe('failures', () => {
  it('not configured: 503 unavailable, and nothing is attempted', async () => {
    const { error } = await failure(() => connect(null).readKey('x'));
    expect(error.code).toBe('not-configured');
    expect(error.message).toBe('Redis is not configured (set REDIS_URL)');
    expect(error.toApiError().code).toBe('unavailable');
    expect(statusByCode[error.toApiError().code]).toBe(503);
  });

  it('a wrong or missing password: an authentication error that never shows the password', async () => {
    const locked = await startRedis({ logDir, password: PASSWORD });
    servers.push(locked);
    const port = locked.port;
    const warn = vi.spyOn(console, 'warn');
    const wrong = await failure(() => connect(`redis://:not-the-${PASSWORD}@127.0.0.1:${port}`).readKey('x'));
    expect(wrong.error.code).toBe('auth');
    expect(wrong.error.message).toMatch(new RegExp(`^Redis \\(127\\.0\\.0\\.1:${port}\\): authentication failed \\(WRONGPASS`));
    expect(wrong.error.message).not.toContain(PASSWORD);
    expect(wrong.error.toApiError().code).toBe('upstream');

    const none = await failure(() => connect(`redis://127.0.0.1:${port}`).countKeys());
    expect(none.error.code).toBe('auth');
    expect(none.error.message).toContain('NOAUTH');
    // The connection's own error events are logged (once each), also without the password.
    expect(warn.mock.calls.flat().join('\n')).toContain('WRONGPASS');
    expect(warn.mock.calls.flat().join('\n')).not.toContain(PASSWORD);
    warn.mockRestore();

    expect(await connect(locked.url).countKeys()).toBe(0);
  });

  it('a stopped Redis: unreachable (connection refused) within the timeout, and fine again once it is back', async () => {
    const shortLived = await startRedis({ logDir });
    const port = shortLived.port;
    const flaky = connect(shortLived.url);
    expect(await flaky.countKeys()).toBe(0);
    await shortLived.stop();

    const { error, ms } = await failure(() => flaky.readKey('x'));
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(`Redis (127.0.0.1:${port}): connection refused`);
    expect(error.toApiError().code).toBe('upstream');
    expect(ms).toBeLessThan(WITHIN);

    const back = await startRedis({ logDir, port });
    servers.push(back);
    expect(await flaky.countKeys()).toBe(0);
  });

  it('a server that accepts the connection and never answers: timeout within REDIS_TIMEOUT_MS', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    servers.push({
      stop: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      },
    });
    const port = (silent.address() as net.AddressInfo).port;
    const hanging = connect(`redis://127.0.0.1:${port}`);

    for (const call of [() => hanging.readKey('x'), () => hanging.deleteKey('x')]) {
      const { error, ms } = await failure(call);
      expect(error.code).toBe('timeout');
      expect(error.message).toBe(`Redis (127.0.0.1:${port}): no answer within ${TIMEOUT_MS} ms`);
      expect(ms).toBeLessThan(WITHIN);
    }
  });

  it('a renamed (disabled) command: a command error naming it', async () => {
    const locked = await startRedis({ logDir, extraArgs: ['--rename-command', 'FLUSHDB', ''] });
    servers.push(locked);
    const { error } = await failure(() => connect(locked.url).flushDatabase());
    expect(error.code).toBe('command');
    expect(error.message).toMatch(new RegExp(`^Redis \\(127\\.0\\.0\\.1:${locked.port}\\): FLUSHDB refused: ERR unknown command`));
    expect(error.toApiError().code).toBe('upstream');
  });

  it('a port with nothing on it: unreachable, and the process carries on (no unhandled error event)', async () => {
    const port = await findFreePort();
    const { error } = await failure(() => connect(`redis://127.0.0.1:${port}`).countKeys());
    expect(error.code).toBe('unreachable');
  });
});

describe('metrics', () => {
  it('counts every call by outcome, and its duration', async () => {
    const metrics = getConsoleMetrics();
    const count = async (outcome: string) => (await metrics.upstreamRequests.get()).values.find((v) => v.labels.upstream === 'redis' && v.labels.outcome === outcome)?.value ?? 0;
    const observed = async () => (await metrics.upstreamDuration.get()).values.find((v) => v.labels.upstream === 'redis' && v.metricName?.endsWith('_count'))?.value ?? 0;
    const before = { ok: await count('ok'), error: await count('error'), durations: await observed() };
    await client.readKey('x');
    await client.countKeys();
    const nobody = connect(`redis://127.0.0.1:${await findFreePort()}`);
    await failure(() => nobody.countKeys());
    expect(await count('ok')).toBe(before.ok + 2);
    expect(await count('error')).toBe(before.error + 1);
    expect(await observed()).toBe(before.durations + 3);
  });
});
