import { describe, expect, it } from 'vitest';
import { createEstate, UnknownScenarioError } from './estate';
import { parseExposition, seriesKey, type Sample } from './exposition';
import { scenarios } from './scenarios';

const START = Date.UTC(2025, 0, 15, 14, 0, 0);

/** An estate on a hand-driven clock: `advance` moves time and ticks, as the server's timer would. */
function createClockedEstate(scenario = 'healthy', seed = 7, start = START) {
  let now = start;
  const estate = createEstate({ seed, scenario, now: () => now });
  return {
    estate,
    advance(seconds: number) {
      for (let i = 0; i < seconds; i++) {
        now += 1000;
        estate.tick();
      }
    },
    async read(): Promise<Sample[]> {
      return parseExposition(await estate.registry.metrics()).samples;
    },
    async types() {
      return parseExposition(await estate.registry.metrics()).types;
    },
  };
}

const isMonotonic = (name: string, types: Map<string, string>) =>
  types.get(name) === 'counter' || /_(bucket|count|sum)$/.test(name) && types.get(name.replace(/_(bucket|count|sum)$/, '')) === 'histogram';

const sumOf = (samples: Sample[], name: string, match: Record<string, string | RegExp> = {}) =>
  samples
    .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => (typeof v === 'string' ? s.labels[k] === v : v.test(s.labels[k] ?? ''))))
    .reduce((sum, s) => sum + s.value, 0);

describe('estate', () => {
  it('never lets a counter or histogram series decrease or vanish, through every scenario', async () => {
    const sim = createClockedEstate();
    const types = await sim.types();
    let previous = new Map((await sim.read()).map((s) => [seriesKey(s), s.value]));
    for (const scenario of [...scenarios, scenarios[0]!]) {
      sim.estate.setScenario(scenario.id);
      for (let step = 0; step < 4; step++) {
        sim.advance(3);
        const current = await sim.read();
        const byKey = new Map(current.map((s) => [seriesKey(s), s.value]));
        for (const [key, value] of previous) {
          const name = key.slice(0, key.indexOf('{'));
          if (!isMonotonic(name, types)) continue;
          expect(byKey.get(key), `${key} in ${scenario.id}`).toBeGreaterThanOrEqual(value);
        }
        previous = byKey;
      }
    }
  });

  it('replays the same series for the same seed and clock', async () => {
    const a = createClockedEstate('pms-outage', 42);
    const b = createClockedEstate('pms-outage', 42);
    a.advance(20);
    b.advance(20);
    expect(await a.estate.registry.metrics()).toBe(await b.estate.registry.metrics());
  });

  it('rejects an unknown scenario and keeps the current one', () => {
    const { estate } = createClockedEstate('error-rate');
    expect(() => estate.setScenario('no-such-scenario')).toThrow(UnknownScenarioError);
    expect(estate.getScenario().id).toBe('error-rate');
    expect(() => createEstate({ scenario: 'nope' })).toThrow(UnknownScenarioError);
  });

  it.each([
    ['healthy', 'voicehive_calls_total', { outcome: 'success' }, 'voicehive_calls_total', {}, 0.98, 1],
    ['call-failures', 'voicehive_calls_total', { outcome: 'success' }, 'voicehive_calls_total', {}, 0.75, 0.85],
    ['error-rate', 'voicehive_http_requests_total', { code: /^5/ }, 'voicehive_http_requests_total', {}, 0.03, 0.05],
    ['auth-failures', 'voicehive_http_requests_total', { code: '401' }, 'voicehive_http_requests_total', {}, 0.2, 0.3],
    ['pms-outage', 'voicehive_pms_requests_total', { vendor: 'apaleo', outcome: /^(error|timeout)$/ }, 'voicehive_pms_requests_total', { vendor: 'apaleo' }, 0.35, 0.45],
    ['pms-outage', 'voicehive_pms_requests_total', { vendor: 'mews', outcome: /^(error|timeout)$/ }, 'voicehive_pms_requests_total', { vendor: 'mews' }, 0, 0.02],
    ['dns-servfail', 'coredns_dns_responses_total', { rcode: 'SERVFAIL' }, 'coredns_dns_responses_total', {}, 0.05, 0.07],
  ] as const)('%s: %s ratio over 15 s lands in its band, at peak and at night', async (scenario, num, numMatch, den, denMatch, low, high) => {
    for (const hour of [14, 4]) await expectRatioInBand(hour, scenario, num, numMatch, den, denMatch, low, high);
  });

  // 04:00 UTC is the quietest hour: the fewest events per window, so the noisiest ratios.
  async function expectRatioInBand(hour: number, scenario: string, num: string, numMatch: Record<string, string | RegExp>, den: string, denMatch: Record<string, string | RegExp>, low: number, high: number) {
    const sim = createClockedEstate(scenario, 7, Date.UTC(2025, 0, 15, hour));
    sim.advance(5);
    const before = await sim.read();
    sim.advance(15);
    const after = await sim.read();
    const delta = (name: string, match: Record<string, string | RegExp>) => sumOf(after, name, match) - sumOf(before, name, match);
    const ratio = delta(num, numMatch) / delta(den, denMatch);
    expect(ratio, `${scenario} at ${hour}:00`).toBeGreaterThanOrEqual(low);
    expect(ratio, `${scenario} at ${hour}:00`).toBeLessThanOrEqual(high);
  }

  it('auth failures: 2–8/s when users cannot log in, over 10/s under attack', async () => {
    for (const [scenario, low, high] of [['auth-failures', 2, 8], ['suspicious-activity', 10, 100], ['healthy', 0, 1]] as const) {
      const sim = createClockedEstate(scenario);
      const before = sumOf(await sim.read(), 'voicehive_auth_failures_total');
      sim.advance(15);
      const perSecond = (sumOf(await sim.read(), 'voicehive_auth_failures_total') - before) / 15;
      expect(perSecond, scenario).toBeGreaterThan(low);
      expect(perSecond, scenario).toBeLessThan(high);
    }
  });

  it('oom-loop: restarts grow, OOMKilled is reported; when the loop ends restarts stop but the last reason stays', async () => {
    const sim = createClockedEstate('oom-loop');
    sim.advance(30);
    const samples = await sim.read();
    const oom = samples.filter((s) => s.name === 'kube_pod_container_status_last_terminated_reason');
    expect(oom).toHaveLength(1);
    expect(oom[0]).toMatchObject({ value: 1, labels: { reason: 'OOMKilled', container: 'media-agent', namespace: 'voicehive' } });
    expect(sumOf(samples, 'kube_pod_container_status_restarts_total', { pod: oom[0]!.labels.pod! })).toBeGreaterThanOrEqual(3);
    const pod = oom[0]!.labels.pod!;
    const restartsAtEnd = sumOf(samples, 'kube_pod_container_status_restarts_total', { pod });
    sim.estate.setScenario('healthy');
    sim.advance(60);
    const after = await sim.read();
    expect(after.filter((s) => s.name === 'kube_pod_container_status_last_terminated_reason')).toHaveLength(1);
    expect(sumOf(after, 'kube_pod_container_status_restarts_total', { pod })).toBe(restartsAtEnd);
  });

  it('backup-stale: postgres last success 2 h old at the switch, others recent; healthy catches up', async () => {
    const sim = createClockedEstate();
    sim.advance(5);
    sim.estate.setScenario('backup-stale');
    sim.advance(10);
    const now = START / 1000 + 15;
    const ages = Object.fromEntries((await sim.read()).filter((s) => s.name === 'voicehive_backup_last_success_timestamp_seconds').map((s) => [s.labels.store, now - s.value]));
    expect(ages.postgres).toBeGreaterThan(7200);
    expect(ages.postgres).toBeLessThan(7300);
    expect(ages.redis).toBeLessThan(20 * 60);
    expect(ages.recordings).toBeLessThan(20 * 60);
    sim.estate.setScenario('healthy');
    sim.advance(1);
    const after = (await sim.read()).find((s) => s.name === 'voicehive_backup_last_success_timestamp_seconds' && s.labels.store === 'postgres');
    expect(now + 1 - (after?.value ?? 0)).toBeLessThan(5);
  });
});
