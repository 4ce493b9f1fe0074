// Issue 16: a section evaluated from reads cached earlier carries the oldest read's time, not the evaluation's,
// so the last good reading kept through an outage is never stamped after the outage began (the race the replica
// test used to allow for). Prometheus here is a small fake that answers every query with one sample, or 503.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SectionStatus } from '@/lib/severity/section-status';
import { useThrowawayStore } from './signed-in';

const TTL_MS = 2_000;
let down = false;
let prometheus: http.Server;
let evaluate: (id: string) => Promise<SectionStatus>;

beforeAll(async () => {
  prometheus = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (down) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable');
      const now = Date.now() / 1000;
      const data = (req.url ?? '').startsWith('/api/v1/query_range')
        ? { resultType: 'matrix', result: [{ metric: { job: 'fake' }, values: [[now - 60, '1'], [now, '1']] }] }
        : { resultType: 'vector', result: [{ metric: { job: 'fake' }, value: [now, '1'] }] };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data }));
    });
  });
  await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
  useThrowawayStore();
  Object.assign(process.env, { PROMETHEUS_URL: `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}`, PROMETHEUS_TIMEOUT_MS: '1000', UPSTREAM_CACHE_TTL_MS: String(TTL_MS) });
  const { evaluateSection } = await import('@/lib/server/section-status-service');
  const { getCatalog } = await import('@/lib/server/catalog');
  evaluate = (id) => evaluateSection(getCatalog().byId.get(id)!);
});

afterAll(async () => {
  prometheus.closeAllConnections();
  await new Promise((resolve) => prometheus.close(resolve));
});

const later = async (than: number) => {
  await expect.poll(() => Date.now(), { interval: 5 }).toBeGreaterThan(than);
  return Date.now();
};

describe('the time a reading carries', () => {
  it('is when its oldest read was asked of Prometheus, not when it was evaluated from the cache', async () => {
    const before = Date.now();
    const first = await evaluate('redis');
    expect(first.evaluatedAt).toBeGreaterThanOrEqual(before);
    const secondAt = await later(first.evaluatedAt + 20);
    const second = await evaluate('redis'); // within the TTL: every read comes from the cache
    // When the first evaluation's reads were sent (after it began), not when this one began.
    expect(second.evaluatedAt).toBeLessThan(secondAt);
    expect(second.evaluatedAt).toBeGreaterThanOrEqual(first.evaluatedAt);
  });

  it('so the last good reading shown through an outage is from before it began, evaluated during it or not', async () => {
    await expect.poll(async () => (await evaluate('redis')).error, { timeout: 10_000 }).toBeNull();
    const good = await evaluate('redis');
    const outageAt = await later(good.evaluatedAt + 20);
    down = true;
    // Still answered from reads cached before the outage: stamped before it, not after.
    expect((await evaluate('redis')).evaluatedAt).toBeLessThan(outageAt);
    // Once the cached reads expire the upstream's 503 shows, with the last good reading's own time as "since".
    let stale: SectionStatus | undefined;
    await expect
      .poll(async () => (stale = await evaluate('redis')).stale !== null, { timeout: 5 * TTL_MS, interval: 100 })
      .toBe(true);
    expect(stale!.stale!.since).toBeLessThan(outageAt);
    expect(stale!.stale!.error).toMatch(/503/);
    expect(stale!.severity).not.toBe('ok');
    down = false;
  });
});
