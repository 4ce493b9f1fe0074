import 'server-only';
import type { WorkloadMetrics, WorkloadPod, WorkloadsResponse } from '@/lib/api/workloads-types';
import { deploymentView, eventView, podView, type DeploymentLike, type EventLike, type PodLike } from '@/lib/kubernetes/views';
import type { PodMetricsResult } from '../kubernetes/client';

/** Enough to see what is going wrong now; older warnings are counted, not listed. */
export const MAX_WARNING_EVENTS = 20;

type Named = { metadata?: { name?: string } };

export type WorkloadObjects = {
  deployments: DeploymentLike[];
  replicaSets: Named[];
  pods: PodLike[];
  /** The namespace's warning events, newest first (as the adapter returns them). */
  warnings: EventLike[];
  /** Pod usage, or why there is none (not served, down, or the read failed). */
  metrics: PodMetricsResult | Extract<WorkloadMetrics, { available: false }>;
};

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

function sumOrNull(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

/** Usage per pod name, summed over its containers (kubectl top pod's figure). */
function usageByPod(metrics: WorkloadObjects['metrics']): Map<string, { cpuMillicores: number | null; memoryBytes: number | null }> {
  if (!metrics.available) return new Map();
  return new Map(
    metrics.pods.map((p) => [
      p.name,
      { cpuMillicores: sumOrNull(p.containers.map((c) => c.cpuMillicores)), memoryBytes: sumOrNull(p.containers.map((c) => c.memoryBytes)) },
    ]),
  );
}

function describeMetrics(metrics: WorkloadObjects['metrics']): WorkloadMetrics {
  if (!metrics.available) return metrics;
  const stamps = metrics.pods.map((p) => p.timestamp).filter((t): t is string => t !== null).sort();
  return { available: true, sampledAt: stamps.at(-1) ?? null };
}

/** The panel's JSON from the objects the selector matched. Pure apart from the clock. */
export function assembleWorkloads(objects: WorkloadObjects, context: { namespace: string; selector: string; now: number }): WorkloadsResponse {
  const usage = usageByPod(objects.metrics);
  const deployments = objects.deployments.map(deploymentView).sort(byName);
  const pods: WorkloadPod[] = objects.pods
    .map((pod) => {
      const view = podView(pod, context.now);
      return { ...view, cpuMillicores: usage.get(view.name)?.cpuMillicores ?? null, memoryBytes: usage.get(view.name)?.memoryBytes ?? null };
    })
    .sort((a, b) => (a.deployment ?? '').localeCompare(b.deployment ?? '') || byName(a, b));
  // Matched by kind and name: a pod and a deployment never share a name, but a name alone could match another kind's event.
  const involved = new Set([
    ...deployments.map((d) => `deployment/${d.name}`),
    ...objects.replicaSets.map((rs) => `replicaset/${rs.metadata?.name ?? ''}`),
    ...pods.map((p) => `pod/${p.name}`),
  ]);
  // The adapter lists newest first already; sorted again so this function does not depend on it.
  const events = objects.warnings
    .map(eventView)
    .filter((e) => involved.has(e.object))
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
  return {
    generatedAt: context.now,
    namespace: context.namespace,
    selector: context.selector,
    deployments,
    pods,
    events: events.slice(0, MAX_WARNING_EVENTS),
    eventsOmitted: Math.max(0, events.length - MAX_WARNING_EVENTS),
    metrics: describeMetrics(objects.metrics),
  };
}
