import 'server-only';
import { getEnv } from '@/lib/env';
import { createPrometheusClient, type PrometheusClient } from './prometheus';
import { prometheusConnectionOptionsFromEnv } from './prometheus-connection';

const holder = globalThis as typeof globalThis & { __voicehiveOpsPrometheus?: PrometheusClient };

/** The process-wide Prometheus client: one shared cache for every viewer and route. */
export function getPrometheus(): PrometheusClient {
  if (!holder.__voicehiveOpsPrometheus) {
    const env = getEnv();
    holder.__voicehiveOpsPrometheus = createPrometheusClient({ ...prometheusConnectionOptionsFromEnv(env), cacheTtlMs: env.UPSTREAM_CACHE_TTL_MS });
  }
  return holder.__voicehiveOpsPrometheus;
}
