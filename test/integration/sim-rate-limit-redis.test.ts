// The simulator's PMS rate limiter against a real Redis (Debian's redis-server): the keys the console's
// "Clear rate limit" button deletes are the ones the simulated connectors count in.
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitUntil } from '@/scripts/stack/processes';
import { startRedis } from '@/scripts/stack/redis';
import { parseExposition } from '@/sim/exposition';
import { PMS_RATE_LIMIT_PER_MINUTE, STUCK_RATE_LIMIT_COUNT } from '@/sim/rate-limit/limiter';
import { startSimulator, type Simulator } from '@/sim/server';
import { pmsVendors } from '@/sim/topology';

let redis: Awaited<ReturnType<typeof startRedis>>;
let client: Redis;
let sim: Simulator;

beforeAll(async () => {
  redis = await startRedis({ logDir: path.resolve(__dirname, '../../test-results/integration-logs') });
  client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined); // this test stops Redis; the client's reconnect errors are expected
  sim = await startSimulator({ port: 0, tickMs: 100, kube: false, redisUrl: redis.url });
});

afterAll(async () => {
  await sim?.close();
  client?.disconnect();
  await redis?.stop();
});

/** apaleo's PMS calls by outcome, from the simulator's /metrics. */
async function readApaleo(): Promise<Record<string, number>> {
  const { samples } = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  const calls = samples.filter((s) => s.name === 'voicehive_pms_requests_total' && s.labels.vendor === 'apaleo');
  return Object.fromEntries(calls.map((s) => [s.labels.outcome, s.value]));
}

/** apaleo's calls by outcome over the next ≥ 20 calls (polled, whatever the hour's traffic). */
async function measureApaleo(): Promise<{ ok: number; error: number }> {
  const before = await readApaleo();
  let delta = { ok: 0, error: 0, total: 0 };
  await waitUntil(async () => {
    const after = await readApaleo();
    const diff = (outcome: string) => (after[outcome] ?? 0) - (before[outcome] ?? 0);
    delta = { ok: diff('ok'), error: diff('error'), total: diff('ok') + diff('error') + diff('timeout') + diff('unauthorized') };
    return delta.total >= 20;
  }, '20 apaleo calls', 30_000, 100);
  return delta;
}

describe('the simulator’s PMS rate limiter in a real Redis', () => {
  it('healthy ticks count each vendor in ratelimit:{vendor} with a 60 s window, and make no other key', async () => {
    await waitUntil(async () => (await Promise.all(pmsVendors.map((v) => client.ttl(`ratelimit:${v}`)))).every((ttl) => ttl > 0 && ttl <= 60), 'every vendor key with a TTL', 10_000, 100);
    for (const vendor of pmsVendors) expect(Number(await client.get(`ratelimit:${vendor}`))).toBeLessThan(PMS_RATE_LIMIT_PER_MINUTE);
    expect((await client.keys('*')).sort()).toEqual(pmsVendors.map((v) => `ratelimit:${v}`).sort());
  });

  it('pms-rate-limited leaves ratelimit:apaleo stuck over the limit without TTL until the console-equivalent DEL', async () => {
    sim.setScenario('pms-rate-limited');
    await waitUntil(async () => Number(await client.get('ratelimit:apaleo')) > STUCK_RATE_LIMIT_COUNT, 'the stuck key to grow', 10_000, 100);
    expect(await client.ttl('ratelimit:apaleo')).toBe(-1);
    const stuck = await measureApaleo();
    expect(stuck.ok).toBe(0);
    expect(stuck.error).toBeGreaterThanOrEqual(20);
    expect(await client.ttl('ratelimit:apaleo')).toBe(-1); // INCRBY never created it, so it never got an expiry

    expect(await client.del('ratelimit:apaleo')).toBe(1);
    await waitUntil(async () => (await client.ttl('ratelimit:apaleo')) > 0, 'the key recreated with a TTL', 10_000, 50);
    expect(await client.ttl('ratelimit:apaleo')).toBeLessThanOrEqual(60);
    expect(Number(await client.get('ratelimit:apaleo'))).toBeLessThan(PMS_RATE_LIMIT_PER_MINUTE);
    await waitUntil(async () => sim.estate.getRemedies().some((r) => r.kind === 'redis-del' && r.key === 'ratelimit:apaleo'), 'the DEL reported as a remedy', 5000, 50);
    const healed = await measureApaleo();
    expect(healed.ok).toBeGreaterThanOrEqual(18);
    expect(healed.error).toBeLessThanOrEqual(1);
  });

  it('a switch clears the stuck key again', async () => {
    sim.setScenario('pms-rate-limited');
    await waitUntil(async () => (await client.ttl('ratelimit:apaleo')) === -1, 'the stuck key', 5000, 50);
    sim.setScenario('healthy');
    await waitUntil(async () => (await client.ttl('ratelimit:apaleo')) > 0, 'a fresh window', 5000, 50);
    expect((await measureApaleo()).ok).toBeGreaterThanOrEqual(18);
  });

  it('a key that is not a counter is left out; the other vendors keep counting', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await client.set('ratelimit:mews', 'not-a-number');
      const before = Number(await client.get('ratelimit:opera'));
      await waitUntil(async () => Number(await client.get('ratelimit:opera')) > before + 5, 'opera to keep counting', 10_000, 100);
      expect(warn.mock.calls.filter(([message]) => String(message).includes('ratelimit:mews'))).toHaveLength(1);
      await client.del('ratelimit:mews');
      await waitUntil(async () => (await client.ttl('ratelimit:mews')) > 0, 'mews counting again', 10_000, 50);
    } finally {
      warn.mockRestore();
    }
  });

  it('a Redis that goes away does not crash or stall the simulator; it says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await redis.stop();
      const before = await readApaleo();
      // The estate keeps ticking on the last counts: calls go on, /metrics answers.
      await waitUntil(async () => ((await readApaleo()).ok ?? 0) - (before.ok ?? 0) >= 20, 'calls to go on without Redis', 30_000, 100);
      expect((await fetch(`${sim.url}/healthz`)).status).toBe(200);
      await waitUntil(async () => warn.mock.calls.length > 0, 'the outage to be logged', 10_000, 100);
      const outage = warn.mock.calls.filter(([message]) => String(message).includes('unavailable'));
      expect(outage).toHaveLength(1);
      sim.setScenario('pms-rate-limited'); // its writes fail; the switch still happens
      expect(sim.getScenario().id).toBe('pms-rate-limited');
      const closing = Date.now();
      await sim.close();
      expect(Date.now() - closing).toBeLessThan(5000);
    } finally {
      warn.mockRestore();
    }
  });
});
