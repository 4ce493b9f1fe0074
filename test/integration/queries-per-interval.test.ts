// Issue 16: Prometheus is asked one evaluation of every catalog query per polling interval, whatever the number of
// viewers. Counted by Prometheus itself (prometheus_http_requests_total), per evaluation the viewers saw: a count,
// never a timing (each phase runs until its viewers have seen the same number of new evaluations).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OverviewResponse } from '@/lib/api/types';
import { waitUntil } from '@/scripts/stack/processes';
import type { Stack } from '@/scripts/stack/stack';
import { countPrometheusQueries, startIntegrationStack } from './estate';
import { signInAs, useThrowawayStore, type SignedIn } from './signed-in';

const POLL_INTERVAL_MS = 1_500; // the console's polling interval here (the cache TTL is 500 ms: estate.ts)
const EVALUATIONS_PER_PHASE = 3;

let stack: Stack;
let viewer: SignedIn;

beforeAll(async () => {
  useThrowawayStore();
  stack = await startIntegrationStack();
  process.env.POLL_INTERVAL_MS = String(POLL_INTERVAL_MS);
  stack.setScenario('pms-outage'); // some sections firing: their firing-since reads count too
  viewer = await signInAs('viewer');
});

afterAll(async () => {
  await stack?.stop();
});

const total = async () => {
  const c = await countPrometheusQueries(stack.prometheus.url);
  return c.instant + c.range;
};

/**
 * `viewers` pollers, each asking every 100 ms (far more often than the interval, out of step with each other),
 * half the overview and half a section page, until they have seen `evaluations` new evaluations. Returns the
 * Prometheus queries sent meanwhile and the evaluations made.
 */
async function phase(viewers: number, evaluations: number) {
  const overview = await import('@/app/api/sections/route');
  const section = await import('@/app/api/sections/[id]/route');
  const { getOverviewSnapshot } = await import('@/lib/server/overview-snapshot');
  const settled = () => waitUntil(async () => !getOverviewSnapshot().refreshing, 'the snapshot refresh to end', 30_000, 20);
  const generatedAt = async () => (JSON.parse((await getOverviewSnapshot().get()).body) as OverviewResponse).generatedAt;
  await settled();
  const before = await total();
  const first = await generatedAt();
  const seen = new Set<number>();
  let done = false;
  const pollers = Array.from({ length: viewers }, async (_, i) => {
    await new Promise((r) => setTimeout(r, (i * 100) / viewers));
    while (!done) {
      const response =
        i % 2 === 0
          ? await overview.GET(viewer.request('http://console/api/sections'))
          : await section.GET(viewer.request('http://console/api/sections/call-failures'), { params: Promise.resolve({ id: 'call-failures' }) });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { generatedAt: number };
      if (body.generatedAt !== first) seen.add(body.generatedAt);
      if (seen.size >= evaluations) done = true;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  await Promise.all(pollers);
  await settled(); // a refresh started by the last polls is counted below: so is its evaluation
  const last = await generatedAt();
  if (last !== first) seen.add(last);
  return { queries: (await total()) - before, evaluations: seen.size, times: [first, ...seen].sort((a, b) => a - b) };
}

it('sends one evaluation of every catalog query per polling interval, for 1 viewer as for 50', async () => {
  const { getOverviewSnapshot } = await import('@/lib/server/overview-snapshot');
  await getOverviewSnapshot().get();
  // The sections firing in pms-outage have firing-since reads: wait until the scenario's samples are in.
  await waitUntil(async () => (JSON.parse((await getOverviewSnapshot().refresh()).body) as OverviewResponse).sections.some((s) => s.severity !== 'ok' && s.severity !== 'unknown'), 'pms-outage to fire', 60_000, 500);

  const one = await phase(1, EVALUATIONS_PER_PHASE);
  const fifty = await phase(50, EVALUATIONS_PER_PHASE);
  // Every evaluation the viewers started was one they then saw, and none more: one per interval, not per viewer.
  expect(one.evaluations).toBeGreaterThanOrEqual(EVALUATIONS_PER_PHASE);
  expect(fifty.evaluations).toBeGreaterThanOrEqual(EVALUATIONS_PER_PHASE);
  // One per polling interval, not one per upstream cache TTL (500 ms here): evaluations start an interval apart.
  for (const p of [one, fifty]) for (let i = 1; i < p.times.length; i++) expect(p.times[i]! - p.times[i - 1]!).toBeGreaterThanOrEqual(POLL_INTERVAL_MS);
  const perEvaluation = (p: { queries: number; evaluations: number }) => p.queries / p.evaluations;
  console.log(`queries per evaluation: 1 viewer ${perEvaluation(one).toFixed(1)} (${one.queries} in ${one.evaluations}), 50 viewers ${perEvaluation(fifty).toFixed(1)} (${fifty.queries} in ${fifty.evaluations})`);
  expect(perEvaluation(one)).toBeGreaterThan(10); // every catalog query: a real evaluation, not a cache hit
  // Fifty viewers cost Prometheus what one costs, per evaluation (a section firing or clearing meanwhile may
  // add or drop a firing-since read: a few queries, never another evaluation's worth).
  expect(Math.abs(perEvaluation(fifty) - perEvaluation(one))).toBeLessThanOrEqual(perEvaluation(one) * 0.2);
});
