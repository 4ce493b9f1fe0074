import { isReady, isStarting } from './pods';
import { kubeTime } from './store';
import type { Condition, Deployment, Pod, ReplicaSet } from './types';

/**
 * A Deployment's status as the deployment controller writes it, from its pods: what
 * `kubectl rollout status` reads (observedGeneration, updated/ready/available replicas and the
 * Progressing condition's reason).
 */

const maxUnavailable = (replicas: number) => Math.floor(replicas * 0.25);

/** Keeps a condition's transition time while its status holds, as the controller does. */
function condition(previous: Condition[] | undefined, next: Omit<Condition, 'lastUpdateTime' | 'lastTransitionTime'>, at: string): Condition {
  const before = previous?.find((c) => c.type === next.type);
  const transitioned = !before || before.status !== next.status;
  const updated = transitioned || before.reason !== next.reason || before.message !== next.message;
  return {
    ...next,
    lastUpdateTime: updated ? at : (before.lastUpdateTime ?? at),
    lastTransitionTime: transitioned ? at : (before.lastTransitionTime ?? at),
  };
}

/** What the Progressing condition says: paused, converged, or still rolling. */
function progressing(deployment: Deployment, newRs: ReplicaSet | null, converged: boolean): Omit<Condition, 'lastUpdateTime' | 'lastTransitionTime'> {
  if (deployment.spec.paused === true) return { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' };
  const name = newRs?.metadata.name ?? '';
  return converged
    ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}" has successfully progressed.` }
    : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}" is progressing.` };
}

/** `newRs` is null for a paused Deployment whose template no ReplicaSet has yet. */
export function computeDeploymentStatus(deployment: Deployment, newRs: ReplicaSet | null, newPods: readonly Pod[], oldPods: readonly Pod[], nowMs: number): Deployment['status'] {
  const desired = deployment.spec.replicas;
  const ready = [...newPods, ...oldPods].filter(isReady).length;
  const converged = newPods.length === desired && oldPods.length === 0 && !newPods.some(isStarting);
  const at = kubeTime(nowMs);
  const previous = deployment.status?.conditions;
  const available = ready >= desired - maxUnavailable(desired);
  const unavailable = Math.max(0, desired - ready);
  return {
    observedGeneration: deployment.metadata.generation ?? 1,
    replicas: newPods.length + oldPods.length,
    updatedReplicas: newPods.length,
    readyReplicas: ready,
    availableReplicas: ready,
    ...(unavailable > 0 ? { unavailableReplicas: unavailable } : {}),
    conditions: [
      condition(
        previous,
        available
          ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
          : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
        at,
      ),
      condition(previous, progressing(deployment, newRs, converged), at),
    ],
  };
}

/** A ReplicaSet's status from the pods it owns. */
export function computeReplicaSetStatus(rs: ReplicaSet, pods: readonly Pod[]): ReplicaSet['status'] {
  const ready = pods.filter(isReady).length;
  return { replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation ?? 1 };
}
