import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverviewResponse } from '@/lib/api/types';
import { scenarios, sectionIds } from '@/sim/scenarios';
import { waitUntil } from '@/scripts/stack/processes';
import type { Stack } from '@/scripts/stack/stack';
import { countPrometheusQueries, forgetHistory, startIntegrationStack } from './estate';
import { signInAs, useThrowawayStore, type SignedIn } from './signed-in';

let stack: Stack;
let readOverview: () => Promise<OverviewResponse>;
let viewer: SignedIn;

beforeAll(async () => {
  useThrowawayStore();
  stack = await startIntegrationStack();
  // The overview is evaluated once per polling interval (issue 16): a short one keeps each scenario's wait short.
  process.env.POLL_INTERVAL_MS = '2000';
  viewer = await signInAs('viewer');
  const route = await import('@/app/api/sections/route');
  readOverview = async () => (await route.GET(viewer.request('http://console/api/sections'))).json() as Promise<OverviewResponse>;
});

afterAll(async () => {
  await stack?.stop();
});

const severities = (overview: OverviewResponse) => Object.fromEntries(overview.sections.map((s) => [s.id, s.severity]));

describe('every scenario drives its sections to the contract severity through the console API', () => {
  for (const scenario of scenarios) {
    const expected = Object.fromEntries(sectionIds.map((id) => [id, scenario.expected[id] ?? 'ok']));
    const firing = Object.entries(scenario.expected).map(([id, level]) => `${id} ${level}`).join(', ') || 'all ok';
    it(`${scenario.id}: ${firing}`, async () => {
      stack.setScenario(scenario.id);
      await forgetHistory(stack.prometheus.url);
      const switchedAt = Date.now();
      let seen: Record<string, string> = {};
      // Wait for the scenario's samples to fill the 15 s window; the final assertion is what counts. Only an
      // evaluation made after the switch counts: a cached one could still hold the previous scenario's levels.
      await waitUntil(async () => {
        const overview = await readOverview();
        if (overview.sections.some((s) => s.evaluatedAt < switchedAt)) return false;
        seen = severities(overview);
        return Object.keys(seen).length === sectionIds.length && sectionIds.every((id) => seen[id] === expected[id]);
      }, `${scenario.id} to reach ${firing}`, 60_000, 1000).catch(() => undefined);
      expect(seen).toEqual(expected);
    });
  }
});

describe('the shared upstream cache', () => {
  it('answers twenty viewers of one section from one shared evaluation: one ETag, no upstream query of their own', async () => {
    const route = await import('@/app/api/sections/[id]/route');
    const { getOverviewSnapshot } = await import('@/lib/server/overview-snapshot');
    const params = Promise.resolve({ id: 'call-failures' });
    const settled = () => waitUntil(async () => !getOverviewSnapshot().refreshing, 'the snapshot refresh to end', 30_000, 20);
    await settled();
    await new Promise((r) => setTimeout(r, 600)); // let the 500 ms cache entries from earlier tests expire
    // What one evaluation of every section costs upstream, cache cold.
    const start = await countPrometheusQueries(stack.prometheus.url);
    await getOverviewSnapshot().refresh();
    const one = await countPrometheusQueries(stack.prometheus.url);
    await new Promise((r) => setTimeout(r, 600));
    const answers = await Promise.all(Array.from({ length: 20 }, () => route.GET(viewer.request('http://console/api/sections/call-failures'), { params })));
    await settled();
    const after = await countPrometheusQueries(stack.prometheus.url);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    // Every viewer got the same serialised answer; at most the one background refresh they started read upstream.
    expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
    expect(after.instant - one.instant).toBeLessThanOrEqual(one.instant - start.instant);
    expect(after.range - one.range).toBeLessThanOrEqual(one.range - start.range);
    // A poll naming that ETag costs no body.
    const etag = answers[0]!.headers.get('etag')!;
    const again = await route.GET(viewer.request('http://console/api/sections/call-failures', { headers: { 'if-none-match': etag } }), { params });
    expect([200, 304]).toContain(again.status);
    if (again.status === 304) expect(await again.text()).toBe('');
  });
});

// Last: it stops Prometheus for good.
describe('when Prometheus stops', () => {
  it('shows the last data as stale with the error, and never ok; after STALE_UNKNOWN_AFTER_MS all is unknown', async () => {
    stack.setScenario('healthy');
    await forgetHistory(stack.prometheus.url);
    let healthy = await readOverview();
    await waitUntil(async () => {
      healthy = await readOverview();
      return healthy.sections.every((s) => s.severity === 'ok');
    }, 'the healthy estate to read ok', 60_000, 500);
    expect(healthy.sections.every((s) => s.stale === null)).toBe(true);
    await stack.prometheus.stop();

    let stale = healthy;
    // The shared cache may answer from before the stop for up to UPSTREAM_CACHE_TTL_MS.
    await waitUntil(async () => {
      stale = await readOverview();
      return stale.sections.every((s) => s.stale !== null);
    }, 'sections to be marked stale', 10_000, 200).catch(() => undefined);
    for (const section of stale.sections) {
      // Old data cannot say a section is healthy now: a stale ok is shown as unknown, values kept.
      expect(section.severity).not.toBe('ok');
      expect(section.key.value).not.toBeNull();
      expect(section.stale?.error).toMatch(/prometheus: connection refused/);
      expect(section.stale?.since).toBeLessThanOrEqual(Date.now());
    }

    let overview = stale;
    // Past the bound every section carries the error (no good data for too long).
    await waitUntil(async () => {
      overview = await readOverview();
      return overview.sections.every((s) => s.error !== null);
    }, 'the stale data to pass STALE_UNKNOWN_AFTER_MS', 30_000, 500).catch(() => undefined);
    expect(overview.sections.map((s) => s.severity)).toEqual(overview.sections.map(() => 'unknown'));
    expect(overview.sections.every((s) => s.error?.includes('connection refused'))).toBe(true);
  });
});
