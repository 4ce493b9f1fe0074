import 'server-only';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
  };
}

type ConsoleMetrics = ReturnType<typeof createConsoleMetrics>;
// One registry per process: Next may load this module once per route bundle, and dev reloads it.
const holder = globalThis as typeof globalThis & { __voicehiveOpsMetrics?: ConsoleMetrics };

export function getConsoleMetrics(): ConsoleMetrics {
  holder.__voicehiveOpsMetrics ??= createConsoleMetrics();
  return holder.__voicehiveOpsMetrics;
}
