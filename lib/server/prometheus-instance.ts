import 'server-only';
import { getEnv } from '@/lib/env';
import { createPrometheusClient, type PrometheusClient } from './prometheus';
import { prometheusConnectionOptionsFromEnv } from './prometheus-connection';
import { getSharedLink } from './shared-state/instance';

const holder = globalThis as typeof globalThis & { __voicehiveOpsPrometheus?: PrometheusClient };

/** The process-wide Prometheus client: one shared cache for every viewer and route (and every replica, with CONSOLE_REDIS_URL). */
export function getPrometheus(): PrometheusClient {
  if (!holder.__voicehiveOpsPrometheus) {
    const env = getEnv();
    holder.__voicehiveOpsPrometheus = createPrometheusClient({ ...prometheusConnectionOptionsFromEnv(env), cacheTtlMs: env.UPSTREAM_CACHE_TTL_MS, shared: getSharedLink() });
  }
  return holder.__voicehiveOpsPrometheus;
}
