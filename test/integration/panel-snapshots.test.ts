// Issue 16: chart and PMS panels are served from snapshots refreshed once per interval while someone views them.
// Counted at a stand-in Prometheus (scripts/stack/counting-prometheus.ts) that records every query and can go
// down on demand (503), so a failed refresh happens at a known moment; counts and states only, never timings.
// The PMS vendor's health endpoint is a small local server (the probe's own tests cover real answers).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PanelResponse } from '@/lib/api/types';
import { startCountingPrometheus, type CountingPrometheus } from '@/scripts/stack/counting-prometheus';
import { waitUntil } from '@/scripts/stack/processes';
import { signInAs, useThrowawayStore, type SignedIn } from './signed-in';

let prometheus: CountingPrometheus;
let pmsServer: http.Server;
let viewer: SignedIn;
let routes: { chart: typeof import('@/app/api/sections/[id]/panels/[panelId]/route'); pms: typeof import('@/app/api/sections/[id]/pms/[panelId]/route') };

const SECTION = 'pms-connection';
const CHART = 'pms-failures';
const PMS_PANEL = 'pms-health';
/** The panel's requests, latency and breaker queries (runbooks/pms-connection.yaml). */
const PMS_QUERIES_PER_REFRESH = 3;

beforeAll(async () => {
  useThrowawayStore();
  prometheus = await startCountingPrometheus({ value: 0 });
  pmsServer = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
  await new Promise<void>((resolve) => pmsServer.listen(0, '127.0.0.1', resolve));
  const pmsUrl = `http://127.0.0.1:${(pmsServer.address() as AddressInfo).port}/health`;
  Object.assign(process.env, {
    PROMETHEUS_URL: prometheus.url,
    PROMETHEUS_TIMEOUT_MS: '1000',
    // Panels refresh once per interval: 1 s here; a 15 m chart's points are 8 s apart, so it refreshes every 8 s.
    POLL_INTERVAL_MS: '1000',
    UPSTREAM_CACHE_TTL_MS: '200',
    PMS_HEALTH_URLS: `apaleo=${pmsUrl}`,
    PMS_ALLOW_PRIVATE_TARGETS: 'true',
    PMS_PROBE_INTERVAL_MS: '1000',
  });
  viewer = await signInAs('viewer');
  routes = { chart: await import('@/app/api/sections/[id]/panels/[panelId]/route'), pms: await import('@/app/api/sections/[id]/pms/[panelId]/route') };
});

afterAll(async () => {
  const { getPanelSnapshots } = await import('@/lib/server/panel-snapshots');
  getPanelSnapshots().snapshots.clear();
  await prometheus?.stop();
  pmsServer?.closeAllConnections();
  await new Promise((resolve) => pmsServer?.close(resolve));
});

const getChart = (range: string, etag?: string) =>
  routes.chart.GET(viewer.request(`http://console/api/sections/${SECTION}/panels/${CHART}?range=${range}`, { headers: etag ? { 'if-none-match': etag } : {} }), { params: Promise.resolve({ id: SECTION, panelId: CHART }) });
const getPms = () => routes.pms.GET(viewer.request(`http://console/api/sections/${SECTION}/pms/${PMS_PANEL}`), { params: Promise.resolve({ id: SECTION, panelId: PMS_PANEL }) });

const rangeQueries = () => prometheus.queries.filter((q) => q.path === '/api/v1/query_range').length;
const instantQueries = () => prometheus.queries.filter((q) => q.path === '/api/v1/query').length;

/**
 * `viewers` pollers of one panel, each asking every 50 ms (far more often than its interval, out of step), until
 * they have seen `refreshes` answers newer than the first. Returns every distinct read time they saw.
 */
async function poll(viewers: number, refreshes: number, ask: () => Promise<Response>): Promise<number[]> {
  const seen = new Set<number>();
  let first: number | undefined;
  let done = false;
  await Promise.all(
    Array.from({ length: viewers }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * 50) / viewers));
      while (!done) {
        const response = await ask();
        expect(response.status).toBe(200);
        const body = (await response.json()) as { generatedAt: number };
        first ??= body.generatedAt;
        seen.add(body.generatedAt);
        if (seen.size > refreshes) done = true;
        await new Promise((r) => setTimeout(r, 50));
      }
    }),
  );
  return [...seen].sort((a, b) => a - b);
}

describe('panels from snapshots', () => {
  it('forty viewers of one chart cost one Prometheus query per refresh, refreshes an interval apart, and a 304 when unchanged', async () => {
    const before = rangeQueries();
    const times = await poll(40, 2, () => getChart('15m'));
    const { getPanelSnapshots } = await import('@/lib/server/panel-snapshots');
    await waitUntil(async () => !getPanelSnapshots().snapshots.refreshing(`chart:${SECTION}:${CHART}:15m`), 'the chart refresh to end', 10_000, 20);
    const sent = rangeQueries() - before;
    // Each refresh read once (the one under way when the viewers stopped may be counted, not yet seen).
    expect(sent).toBeGreaterThanOrEqual(times.length);
    expect(sent).toBeLessThanOrEqual(times.length + 1);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(8_000);

    const current = await getChart('15m');
    const etag = current.headers.get('etag')!;
    const unchanged = await getChart('15m', etag);
    expect(unchanged.status).toBe(304);
    expect(Number(unchanged.headers.get('x-snapshot-age-ms'))).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('forty viewers of the PMS panel cost one set of its queries per interval', async () => {
    await getPms(); // the first load: its queries per refresh
    const perRefresh = instantQueries();
    expect(perRefresh).toBe(PMS_QUERIES_PER_REFRESH);
    const before = instantQueries();
    const times = await poll(40, 3, getPms);
    const { getPanelSnapshots } = await import('@/lib/server/panel-snapshots');
    await waitUntil(async () => !getPanelSnapshots().snapshots.refreshing(`pms:${SECTION}:${PMS_PANEL}`), 'the PMS refresh to end', 10_000, 20);
    const refreshes = (instantQueries() - before) / perRefresh;
    expect(refreshes).toBeGreaterThanOrEqual(times.length - 1); // the first time seen may be the warm-up's
    expect(refreshes).toBeLessThanOrEqual(times.length + 1);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1_000);
  }, 60_000);

  it('a failed refresh serves the last chart with its age and the error, never as a fresh reading; it clears on recovery', async () => {
    const good = await getChart('15m');
    const last = (await good.json()) as PanelResponse;
    expect(last.refreshError).toBeNull();
    prometheus.down = true;
    let stale: { response: Response; body: PanelResponse } | undefined;
    let lastGood = { etag: good.headers.get('etag'), body: last };
    try {
      await waitUntil(
        async () => {
          const response = await getChart('15m');
          const body = (await response.json()) as PanelResponse;
          if (body.refreshError === null) lastGood = { etag: response.headers.get('etag'), body };
          stale = { response, body };
          return body.refreshError !== null;
        },
        'the failed refresh to show',
        30_000,
        100,
      );
    } finally {
      prometheus.down = false;
    }
    expect(stale!.response.status).toBe(200);
    expect(stale!.body.refreshError?.message).toMatch(/503/);
    // The last good series, with the last good read time: the age keeps growing from it.
    expect(stale!.body.series).toEqual(lastGood.body.series);
    expect(stale!.body.generatedAt).toBe(lastGood.body.generatedAt);
    expect(Number(stale!.response.headers.get('x-snapshot-age-ms'))).toBeGreaterThanOrEqual(stale!.body.refreshError!.at - stale!.body.generatedAt);
    expect(stale!.response.headers.get('etag')).not.toBe(lastGood.etag);
    await waitUntil(async () => ((await (await getChart('15m')).json()) as PanelResponse).refreshError === null, 'the recovery to show', 30_000, 100);
  }, 60_000);

  it('a panel nobody views stops refreshing and leaves memory; asked again, it is read afresh', async () => {
    const { getPanelSnapshots } = await import('@/lib/server/panel-snapshots');
    const snapshots = getPanelSnapshots().snapshots;
    const key = `pms:${SECTION}:${PMS_PANEL}`;
    const before = instantQueries();
    const lastAsked = (await (await getPms()).json()) as { generatedAt: number };
    expect(snapshots.size).toBeGreaterThan(0);
    // Nobody asks any more: the chart (8 s interval) and the PMS panel (1 s) leave once idle past their window.
    await waitUntil(async () => snapshots.size === 0, 'the unviewed panels to leave', 60_000, 100);
    expect(snapshots.refreshing(key)).toBe(false);
    const afterLeaving = instantQueries();
    // At most the refreshes of its idle window (2 intervals + the timeout: 3 s at 1 s) after the last ask.
    const perRefresh = PMS_QUERIES_PER_REFRESH;
    expect((afterLeaving - before) / perRefresh).toBeLessThanOrEqual(5);
    // Nothing is scheduled any more: another panel's load passes and this one's count does not move.
    await getChart('1h');
    await waitUntil(async () => !snapshots.refreshing(`chart:${SECTION}:${CHART}:1h`), 'the chart load', 10_000, 20);
    expect(instantQueries()).toBe(afterLeaving);
    const again = (await (await getPms()).json()) as { generatedAt: number };
    expect(again.generatedAt).toBeGreaterThan(lastAsked.generatedAt);
    expect(instantQueries()).toBe(afterLeaving + perRefresh);
  }, 90_000);
});
