import 'server-only';
import type { WorkloadMetrics, WorkloadsResponse } from '@/lib/api/workloads-types';
import type { Panel } from '@/lib/catalog/schema';
import type { PodMetricsResult } from '../kubernetes/client';
import { KubernetesError } from '../kubernetes/errors';
import { getKubernetes } from '../kubernetes/instance';
import { assembleWorkloads } from './assemble-workloads';

type WorkloadsPanel = Extract<Panel, { kind: 'workloads' }>;

/**
 * Usage is a nice-to-have next to the workloads: a metrics API the console cannot read (not served,
 * or not granted) makes the CPU and memory columns "not available", never the panel an error.
 */
async function readMetricsOrWhy(read: Promise<PodMetricsResult>): Promise<PodMetricsResult | Extract<WorkloadMetrics, { available: false }>> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof KubernetesError) return { available: false, state: 'error', reason: error.message };
    throw error;
  }
}

/**
 * Deployments, pods, warnings and usage for one workloads panel. Every list goes through the adapter's
 * shared cache, so many viewers of one page cost one read per list per TTL. Any failure of the lists
 * themselves is thrown (a KubernetesError): the panel shows it, never an empty, healthy-looking table.
 */
export async function getWorkloads(panel: WorkloadsPanel): Promise<WorkloadsResponse> {
  const k8s = getKubernetes();
  const { namespace, selector } = panel;
  const [deployments, replicaSets, pods, warnings, metrics] = await Promise.all([
    k8s.listDeployments(namespace, selector),
    k8s.listReplicaSets(namespace, selector),
    k8s.listPods(namespace, selector),
    k8s.listWarningEvents(namespace),
    readMetricsOrWhy(k8s.listPodMetrics(namespace, selector)),
  ]);
  return assembleWorkloads({ deployments, replicaSets, pods, warnings, metrics }, { namespace, selector, now: Date.now() });
}
