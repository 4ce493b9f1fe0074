import 'server-only';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

function createConsoleMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'voicehive_ops_' });
  return {
    registry,
    upstreamRequests: new Counter({
      name: 'voicehive_ops_upstream_requests_total',
      help: 'Requests the console sent to an upstream, by outcome (ok, error, timeout).',
      labelNames: ['upstream', 'outcome'] as const,
      registers: [registry],
    }),
    upstreamDuration: new Histogram({
      name: 'voicehive_ops_upstream_request_duration_seconds',
      help: 'Latency of upstream requests.',
      labelNames: ['upstream'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    upstreamCache: new Counter({
      name: 'voicehive_ops_upstream_cache_total',
      help: 'Upstream reads answered from the shared cache (hit), joined to a request in flight (coalesced), or sent (miss).',
      labelNames: ['upstream', 'result'] as const,
      registers: [registry],
    }),
    // The route label is the route's pattern (`/api/sections/[id]`), never the raw URL: bounded (lib/server/http-metrics.ts).
    httpRequests: new Counter({
      name: 'voicehive_ops_http_requests_total',
      help: 'Requests the console answered, by route pattern, method and status code.',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'voicehive_ops_http_request_duration_seconds',
      help: 'Time to answer a request, by route pattern and method.',
      labelNames: ['route', 'method'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    actionRuns: new Counter({
      name: 'voicehive_ops_action_runs_total',
      help: 'Remediation runs that ended, by action kind (rollout-restart, scale, …) and outcome (succeeded, failed, rejected, expired, cancelled, void).',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    leasesHeld: new Gauge({
      name: 'voicehive_ops_leases_held',
      help: 'Whether this replica holds the lease for a piece of background work (1) or not (0).',
      labelNames: ['lease'] as const,
      registers: [registry],
    }),
  };
}

type ConsoleMetrics = ReturnType<typeof createConsoleMetrics>;
// One registry per process: Next may load this module once per route bundle, and dev reloads it.
const holder = globalThis as typeof globalThis & { __voicehiveOpsMetrics?: ConsoleMetrics };

export function getConsoleMetrics(): ConsoleMetrics {
  holder.__voicehiveOpsMetrics ??= createConsoleMetrics();
  return holder.__voicehiveOpsMetrics;
}

/**
 * Called by whoever takes or gives up a lease (approval expiry, rollout following, PMS probes …): `held` is
 * whether this replica holds it now (true/1) or not (false/0). Names are the leases' fixed names, never ids.
 */
export function setLeasesHeld(name: string, held: boolean | number): void {
  getConsoleMetrics().leasesHeld.set({ lease: name }, Number(held) > 0 ? 1 : 0);
}
