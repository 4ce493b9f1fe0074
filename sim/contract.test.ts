import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContractMetrics } from './contract';
import { parseExposition, type Exposition } from './exposition';
import { startSimulator, type Simulator } from './server';

// shared/ sits beside the repository (in CI too); a missing contract fails the test, it is not skipped. The
// repository's additions to it (contract/metrics-additions.md) are held to the same checks.
const contractFiles = [path.resolve(__dirname, '../../shared/contract/metrics.md'), path.resolve(__dirname, '../contract/metrics-additions.md')];
/** Series Prometheus makes itself rather than scraping them; the targets test covers `up`. */
const madeByPrometheus = new Set(['up']);
/** Series that exist only while something is wrong (kube-state-metrics reports no reason before a termination). */
const onlyWhileFailing: Record<string, string> = { kube_pod_container_status_last_terminated_reason: 'oom-loop' };
/** Node, DNS and probe series belong to no workload, so they carry no namespace. */
const withoutNamespace = /^(node_|coredns_|probe_)/;

let sim: Simulator;
const expositions = new Map<string, Exposition>();
beforeAll(async () => {
  sim = await startSimulator({ port: 0, tickMs: 50 });
  for (const scenario of ['healthy', 'oom-loop']) {
    sim.setScenario(scenario);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expositions.set(scenario, parseExposition(await (await fetch(`${sim.url}/metrics`)).text()));
  }
});
afterAll(async () => {
  await sim.close();
});

describe('the simulator exports the metrics contract', () => {
  const metrics = contractFiles.flatMap((file) => readContractMetrics(file)).filter((m) => !madeByPrometheus.has(m.name));

  it('reads a plausible contract', () => {
    expect(metrics.length).toBeGreaterThan(35);
  });

  it.each(metrics.map((m) => [m.name, m] as const))('%s', (name, metric) => {
    const { types, samples } = expositions.get(onlyWhileFailing[name] ?? 'healthy')!;
    expect(types.has(name), `no "# TYPE ${name}" in /metrics`).toBe(true);
    if (metric.type) expect(types.get(name)).toBe(metric.type);
    const series = samples.filter((s) => s.name === name || (metric.type === 'histogram' && s.name.startsWith(`${name}_`)));
    expect(series.length, `no samples of ${name}`).toBeGreaterThan(0);
    const expectedLabels = [...metric.labels, ...(withoutNamespace.test(name) ? [] : ['namespace'])].sort();
    for (const { labels } of series) {
      const names = Object.keys(labels).filter((l) => l !== 'le');
      if (metric.exact) expect(names.sort()).toEqual(expectedLabels);
      else expect(names).toEqual(expect.arrayContaining(expectedLabels));
      if (!withoutNamespace.test(name)) expect(labels.namespace).toBe('voicehive');
      for (const [label, allowed] of Object.entries(metric.values)) expect(allowed).toContain(labels[label]);
    }
  });
});
