import { fnv1a, hexOf } from './names';
import { kubeTime, newMeta, type OwnerReference } from './store';
import type { Condition, ContainerStatus, Pod, PodTemplate } from './types';

/** Pods as the scheduler and kubelet leave them: placed on a node, with an IP and running containers. */

export const NODES = ['node-1', 'node-2', 'node-3'] as const;

export interface PodPlan {
  name: string;
  namespace: string;
  template: PodTemplate;
  owner: OwnerReference;
  startMs: number;
  /** Labels added to the template's (pod-template-hash, a StatefulSet's pod name …). */
  labels?: Record<string, string>;
  generateName?: string;
  /** False for a pod a controller has just created: its containers start, and the kubelet reports it ready on its next step. */
  ready?: boolean;
}

const podConditions = (ready: boolean, atMs: number): Condition[] => {
  const at = kubeTime(atMs);
  const readiness = ready ? { status: 'True' as const } : { status: 'False' as const, reason: 'ContainersNotReady', message: 'containers with unready status' };
  return [
    { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: at },
    { type: 'Initialized', status: 'True', lastTransitionTime: at },
    { type: 'Ready', ...readiness, lastTransitionTime: at },
    { type: 'ContainersReady', ...readiness, lastTransitionTime: at },
    { type: 'PodScheduled', status: 'True', lastTransitionTime: at },
  ];
};

export function makePod({ name, namespace, template, owner, startMs, labels = {}, generateName, ready = true }: PodPlan): Pod {
  const node = fnv1a(name) % NODES.length;
  const spec = structuredClone(template.spec);
  const containerStatuses: ContainerStatus[] = spec.containers.map((c) => ({
    name: c.name,
    ready,
    started: ready,
    restartCount: 0,
    image: c.image,
    imageID: `${c.image.split(':')[0]}@sha256:${hexOf(c.image, 64)}`,
    containerID: `containerd://${hexOf(`${name}/${c.name}/${startMs}`, 64)}`,
    state: { running: { startedAt: kubeTime(startMs + 2000) } },
    lastState: {},
  }));
  return {
    metadata: newMeta(name, namespace, startMs, {
      ...(generateName ? { generateName } : {}),
      labels: { ...template.metadata?.labels, ...labels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }],
    }),
    spec: {
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      ...spec,
      nodeName: NODES[node],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: {
      phase: 'Running',
      conditions: podConditions(ready, ready ? startMs + 3000 : startMs),
      hostIP: `10.0.1.${11 + node}`,
      podIP: `10.244.${node + 1}.${(fnv1a(`${name}${startMs}`) % 250) + 2}`,
      startTime: kubeTime(startMs),
      containerStatuses,
      qosClass: 'Burstable',
    },
  };
}

/** Marks every container ready or not, keeping the rest of the status. */
export function setReady(pod: Pod, ready: boolean, atMs: number): void {
  for (const status of pod.status.containerStatuses ?? []) status.ready = ready;
  pod.status.conditions = podConditions(ready, atMs);
}

/** A job's pod after its container exited 0. */
export function markSucceeded(pod: Pod, atMs: number): void {
  pod.status.phase = 'Succeeded';
  for (const status of pod.status.containerStatuses ?? []) {
    const startedAt = status.state.running?.startedAt;
    status.ready = false;
    status.started = false;
    status.state = { terminated: { reason: 'Completed', exitCode: 0, ...(startedAt ? { startedAt } : {}), finishedAt: kubeTime(atMs), containerID: status.containerID } };
  }
  pod.status.conditions = podConditions(false, atMs).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, reason: 'PodCompleted', message: undefined } : c));
}

/** A job's pod after its container exited 1 (restartPolicy Never/OnFailure leaves the pod Failed to the Job controller). */
export function markFailed(pod: Pod, atMs: number, message: string): void {
  markSucceeded(pod, atMs);
  pod.status.phase = 'Failed';
  for (const status of pod.status.containerStatuses ?? []) status.state = { terminated: { ...status.state.terminated!, reason: 'Error', exitCode: 1 } };
  pod.status.message = message;
}

export const isTerminating = (pod: Pod): boolean => pod.metadata.deletionTimestamp !== undefined;
/** Created and not yet reported started by the kubelet (a crash-looping container was started before). */
export const isStarting = (pod: Pod): boolean => pod.status.phase === 'Running' && (pod.status.containerStatuses ?? []).some((c) => c.started === false);
export const isReady = (pod: Pod): boolean => pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
