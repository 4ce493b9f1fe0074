import 'server-only';
import { getEnv } from '@/lib/env';
import { createKubernetesClient, type KubernetesClient } from './client';
import { resolveKubernetesSettings } from './settings';

const holder = globalThis as typeof globalThis & { __voicehiveOpsKubernetes?: KubernetesClient };

/** The process-wide Kubernetes adapter: one connection and one shared read cache for every viewer and route. */
export function getKubernetes(): KubernetesClient {
  if (!holder.__voicehiveOpsKubernetes) {
    const env = getEnv();
    holder.__voicehiveOpsKubernetes = createKubernetesClient(resolveKubernetesSettings(env), { cacheTtlMs: env.UPSTREAM_CACHE_TTL_MS });
  }
  return holder.__voicehiveOpsKubernetes;
}
