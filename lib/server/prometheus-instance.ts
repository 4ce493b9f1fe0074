import 'server-only';
import { getEnv } from '@/lib/env';
import { createPrometheusClient, type PrometheusClient } from './prometheus';

const holder = globalThis as typeof globalThis & { __voicehiveOpsPrometheus?: PrometheusClient };

/** The process-wide Prometheus client: one shared cache for every viewer and route. */
export function getPrometheus(): PrometheusClient {
  if (!holder.__voicehiveOpsPrometheus) {
    const env = getEnv();
    holder.__voicehiveOpsPrometheus = createPrometheusClient({
      baseUrl: env.PROMETHEUS_URL,
      timeoutMs: env.PROMETHEUS_TIMEOUT_MS,
      cacheTtlMs: env.UPSTREAM_CACHE_TTL_MS,
    });
  }
  return holder.__voicehiveOpsPrometheus;
}
