import 'server-only';
import { cpuMillicores, memoryBytes } from '@/lib/kubernetes/quantity';
import { KubernetesError } from './errors';
import type { Caller } from './request';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';

export type PodMetrics = {
  name: string;
  /** When metrics-server sampled it, and over which window. */
  timestamp: string | null;
  window: string | null;
  containers: { name: string; cpuMillicores: number | null; memoryBytes: number | null }[];
};

/**
 * metrics.k8s.io is an optional, aggregated API (metrics-server): `absent` when the cluster does not
 * serve it (404), `down` when it is registered but its server does not answer (503). Pages show each
 * as what it is, not as a failure of the panel and never as zero usage.
 */
export type PodMetricsUnavailable = { available: false; state: 'absent' | 'down'; reason: string };
export type PodMetricsResult = { available: true; pods: PodMetrics[] } | PodMetricsUnavailable;

type RawPodMetrics = {
  metadata?: { name?: string };
  timestamp?: string;
  window?: string;
  containers?: { name?: string; usage?: { cpu?: string; memory?: string } }[];
};

export async function readPodMetricsList(call: Caller, namespace: string, selector: string | undefined, object: string): Promise<PodMetricsResult> {
  let list: unknown;
  try {
    list = await call('listPodMetrics', object, namespace, ({ custom }, options) =>
      custom.listNamespacedCustomObject({ group: METRICS_GROUP, version: METRICS_VERSION, namespace, plural: 'pods', labelSelector: selector }, options()),
    );
  } catch (error) {
    // 404: the API group is not registered. 503: registered, but metrics-server is not answering.
    if (error instanceof KubernetesError && error.status === 404) {
      return { available: false, state: 'absent', reason: `${METRICS_GROUP} is not served by this cluster (no metrics-server?) (HTTP 404)` };
    }
    if (error instanceof KubernetesError && error.status === 503) {
      return { available: false, state: 'down', reason: `${METRICS_GROUP} is registered but not answering (HTTP 503: ${error.details.serverMessage ?? error.details.reason ?? 'service unavailable'})` };
    }
    throw error;
  }
  const items = (list as { items?: RawPodMetrics[] } | undefined)?.items;
  if (!Array.isArray(items)) throw new KubernetesError('bad-response', object, 200, `${object}: the answer has no items list`);
  return {
    available: true,
    pods: items.map((item) => ({
      name: item.metadata?.name ?? '',
      timestamp: typeof item.timestamp === 'string' ? item.timestamp : null,
      window: typeof item.window === 'string' ? item.window : null,
      containers: (item.containers ?? []).map((c) => ({
        name: c.name ?? '',
        cpuMillicores: cpuMillicores(c.usage?.cpu),
        memoryBytes: memoryBytes(c.usage?.memory),
      })),
    })),
  };
}
