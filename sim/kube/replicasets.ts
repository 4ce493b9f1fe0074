import { jsonEqual, type Json } from './patch';
import { templateHash } from './names';
import { newMeta, type Store } from './store';
import type { Deployment, PodTemplate, ReplicaSet } from './types';

/** ReplicaSets as the deployment controller keeps them: one per template, numbered by revision. */

export const REVISION = 'deployment.kubernetes.io/revision';
export const HASH_LABEL = 'pod-template-hash';

/** A template without the hash label, so a Deployment's template compares equal to its ReplicaSet's. */
export function withoutHash(template: PodTemplate): PodTemplate {
  const copy = structuredClone(template);
  if (copy.metadata?.labels) delete copy.metadata.labels[HASH_LABEL];
  return copy;
}

export const sameTemplate = (a: PodTemplate, b: PodTemplate): boolean => jsonEqual(withoutHash(a) as unknown as Json, withoutHash(b) as unknown as Json);

export const revisionOf = (rs: ReplicaSet): number => Number(rs.metadata.annotations?.[REVISION] ?? 0);

/** The deployment's ReplicaSets (by controller owner uid), oldest revision first. */
export function replicaSetsOf(store: Store, deployment: Deployment): ReplicaSet[] {
  return store
    .list<ReplicaSet>('replicasets', deployment.metadata.namespace)
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === deployment.metadata.uid))
    .sort((a, b) => revisionOf(a) - revisionOf(b));
}

const maxSurge = (replicas: number) => Math.max(1, Math.ceil(replicas * 0.25));

export function makeReplicaSet(deployment: Deployment, template: PodTemplate, revision: number, createdMs: number, hash = templateHash(withoutHash(template))): ReplicaSet {
  const { name, namespace, uid } = deployment.metadata;
  const selector = { matchLabels: { ...deployment.spec.selector.matchLabels, [HASH_LABEL]: hash } };
  const podTemplate = withoutHash(template);
  podTemplate.metadata = { ...podTemplate.metadata, labels: { ...podTemplate.metadata?.labels, [HASH_LABEL]: hash } };
  return {
    metadata: newMeta(`${name}-${hash}`, namespace, createdMs, {
      generation: 1,
      labels: { ...podTemplate.metadata.labels },
      annotations: {
        [REVISION]: String(revision),
        'deployment.kubernetes.io/desired-replicas': String(deployment.spec.replicas),
        'deployment.kubernetes.io/max-replicas': String(deployment.spec.replicas + maxSurge(deployment.spec.replicas)),
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid, controller: true, blockOwnerDeletion: true }],
    }),
    spec: { replicas: 0, selector, template: podTemplate, minReadySeconds: 0 },
    status: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 },
  };
}
