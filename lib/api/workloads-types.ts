import type { DeploymentView, EventView, PodView } from '@/lib/kubernetes/views';

/** A pod as the workloads panel shows it: kubectl's columns plus its usage from metrics.k8s.io, when served. */
export type WorkloadPod = PodView & {
  /** Summed over the pod's containers; null when metrics.k8s.io has no sample for this pod (or is not served). */
  cpuMillicores: number | null;
  memoryBytes: number | null;
};

/**
 * metrics.k8s.io is optional in a cluster: `absent` (not served), `down` (served by a metrics-server
 * that does not answer) or `error` (cannot be read: refused, timed out…). The panel says which, with
 * the reason, shows no usage figures, and still shows everything else.
 */
export type WorkloadMetrics = { available: true; sampledAt: string | null } | { available: false; state: 'absent' | 'down' | 'error'; reason: string };

/** GET /api/sections/<id>/workloads/<panelId>. */
export type WorkloadsResponse = {
  generatedAt: number;
  namespace: string;
  selector: string;
  deployments: DeploymentView[];
  pods: WorkloadPod[];
  /** Warning events about those deployments, their ReplicaSets and pods: newest first, at most MAX_WARNING_EVENTS. */
  events: EventView[];
  /** How many more matching warnings there were beyond those listed. */
  eventsOmitted: number;
  metrics: WorkloadMetrics;
};

/** One pod's part of a log tail: read or not, and why not. */
export type LogPodRead = { name: string; container: string | null; linesRead: number; error: string | null };

export type LogLine = { pod: string; text: string };

/** GET /api/sections/<id>/logs/<panelId>. Every line was masked by the Kubernetes adapter before it got here. */
export type LogsResponse = {
  generatedAt: number;
  namespace: string;
  selector: string;
  /** The catalog's filter, applied case-insensitively; null when the panel has none. */
  filter: string | null;
  /** Set when the filter is not a valid regular expression: the lines are then unfiltered. */
  filterError: string | null;
  /** Lines asked of each pod (the catalog's tailLines, capped). */
  tailLines: number;
  pods: LogPodRead[];
  /** Pods that matched the selector but were not read (more than the console reads at once). */
  podsNotRead: string[];
  /** Oldest first, merged across pods by the lines' own timestamps when they have them. */
  lines: LogLine[];
  sortedByTime: boolean;
  /** Matching lines left out (the oldest) to keep the panel within its maximum. */
  linesOmitted: number;
  masked: true;
};
