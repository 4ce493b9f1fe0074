import { isReady, isTerminating } from './pods';
import { parseLabelSelector, formatMatchLabels } from './selectors';
import { kubeTime, type Store } from './store';
import { controllerOf, type Deployment, type Pod, type PodDisruptionBudget, type ReplicaSet } from './types';

/**
 * The disruption controller: each PodDisruptionBudget's status from the pods its selector picks. Healthy =
 * Ready and not being deleted (nor evicted a moment ago: disruptedPods); expected = the scale of the
 * pods' controllers; disruptionsAllowed = healthy − desired, never below 0.
 */

const DISRUPTED_POD_TIMEOUT_MS = 2 * 60_000;

export const pdbSelects = (pdb: PodDisruptionBudget, pod: Pod): boolean => parseLabelSelector(formatMatchLabels(pdb.spec.selector.matchLabels))(pod.metadata.labels);

/** The replicas the pods' owners want: a Deployment's (through its ReplicaSet), a StatefulSet's. */
function expectedPods(store: Store, pods: Pod[]): number {
  const scales = new Map<string, number>();
  for (const pod of pods) {
    const owner = controllerOf(pod);
    if (!owner) continue;
    if (owner.kind === 'ReplicaSet') {
      const rs = store.get<ReplicaSet>('replicasets', pod.metadata.namespace, owner.name);
      const deploymentRef = rs && controllerOf(rs);
      const deployment = deploymentRef ? store.get<Deployment>('deployments', pod.metadata.namespace, deploymentRef.name) : undefined;
      if (deployment) scales.set(deployment.metadata.uid, deployment.spec.replicas);
      else if (rs) scales.set(rs.metadata.uid, rs.spec.replicas);
    } else {
      const set = store.get<{ metadata: { uid: string }; spec: { replicas: number } } & Pod>('statefulsets', pod.metadata.namespace, owner.name);
      if (set) scales.set(set.metadata.uid, set.spec.replicas);
    }
  }
  return [...scales.values()].reduce((sum, n) => sum + n, 0);
}

/** An int or a percentage of `of` (rounded up, as intstr.GetScaledValueFromIntOrPercent does for PDBs). */
const resolve = (value: number | string, of: number) => (typeof value === 'number' ? value : Math.ceil((Number(value.replace('%', '')) / 100) * of));

export function computePdbStatus(store: Store, pdb: PodDisruptionBudget, nowMs: number): PodDisruptionBudget['status'] {
  const pods = store.list<Pod>('pods', pdb.metadata.namespace).filter((p) => pdbSelects(pdb, p) && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
  const disrupted: Record<string, string> = {};
  for (const [name, at] of Object.entries(pdb.status.disruptedPods ?? {})) {
    const pod = pods.find((p) => p.metadata.name === name);
    if (pod && !isTerminating(pod) && Date.parse(at) + DISRUPTED_POD_TIMEOUT_MS > nowMs) disrupted[name] = at;
  }
  const expected = expectedPods(store, pods);
  const healthy = pods.filter((p) => isReady(p) && !isTerminating(p) && !(p.metadata.name in disrupted)).length;
  const desired = pdb.spec.minAvailable !== undefined ? resolve(pdb.spec.minAvailable, expected) : Math.max(0, expected - resolve(pdb.spec.maxUnavailable ?? 0, expected));
  const allowed = Math.max(0, healthy - desired);
  const previous = pdb.status.conditions?.[0];
  const condition =
    allowed > 0 ? { type: 'DisruptionAllowed', status: 'True' as const, reason: 'SufficientPods', message: '' } : { type: 'DisruptionAllowed', status: 'False' as const, reason: 'InsufficientPods', message: '' };
  const transitioned = previous?.status !== condition.status;
  return {
    observedGeneration: pdb.metadata.generation ?? 1,
    ...(Object.keys(disrupted).length > 0 ? { disruptedPods: disrupted } : {}),
    disruptionsAllowed: allowed,
    currentHealthy: healthy,
    desiredHealthy: desired,
    expectedPods: expected,
    conditions: [{ ...condition, lastTransitionTime: transitioned ? kubeTime(nowMs) : (previous?.lastTransitionTime ?? kubeTime(nowMs)) }],
  };
}

export function createDisruptionController({ store, now }: { store: Store; now(): number }): { step(): void } {
  return {
    step() {
      for (const pdb of store.list<PodDisruptionBudget>('poddisruptionbudgets')) {
        const status = computePdbStatus(store, pdb, now());
        if (JSON.stringify(status) !== JSON.stringify(pdb.status)) store.put('poddisruptionbudgets', { ...pdb, status });
      }
    },
  };
}
