import type { Conditions } from '../conditions';
import { deployments as voicehiveDeployments, type Deployment as DeploymentName } from '../topology';
import { computeDeploymentStatus, computeReplicaSetStatus } from './deployment-status';
import { suffixOf, templateHash } from './names';
import { makePod } from './pods';
import { HASH_LABEL, makeReplicaSet, REVISION } from './replicasets';
import { seedConfig } from './seed-config';
import { statefulSeeds, workloadSeeds, type WorkloadSeed } from './seed-workloads';
import { newMeta, type KubeObject, type Store } from './store';
import type { Deployment, Pod, PodTemplate } from './types';

/**
 * The cluster as it stands when a scenario begins: every workload on its second revision (deployed
 * three days ago, so `rollout undo` has somewhere to go), pods named as the metrics name them.
 */

const DAY = 86_400_000;

export interface SeedInput {
  nowMs: number;
  conditions: Conditions;
  /** The estate's pod names per VoiceHive deployment (`<deployment>-<hash>-<suffix>`). */
  podNames: Readonly<Record<DeploymentName, readonly string[]>>;
}

function template(seed: WorkloadSeed, image: string): PodTemplate {
  return {
    metadata: { labels: { ...seed.labels } },
    spec: {
      containers: [{ ...structuredClone(seed.container), image }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
    },
  };
}

function seedDeployment(store: Store, seed: WorkloadSeed, { nowMs, podNames }: SeedInput): void {
  const created = nowMs - 40 * DAY;
  const deployedMs = nowMs - 3 * DAY;
  const known = (voicehiveDeployments as readonly string[]).includes(seed.name) ? podNames[seed.name as DeploymentName] : undefined;
  const current = template(seed, seed.container.image);
  let deployment: Deployment = {
    metadata: newMeta(seed.name, seed.namespace, created, { generation: 2, labels: { ...seed.labels }, annotations: { [REVISION]: '2' } }),
    spec: {
      replicas: seed.replicas,
      selector: { matchLabels: { ...seed.labels } },
      template: current,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
  deployment = store.put('deployments', deployment);

  const old = makeReplicaSet(deployment, template(seed, seed.previousImage), 1, created);
  store.put('replicasets', { ...old, status: computeReplicaSetStatus(old, []) });
  // The current ReplicaSet's hash is the one in the estate's pod names, so metrics and pods agree.
  const hash = known?.[0]?.split('-').at(-2) ?? templateHash(current);
  const rs = makeReplicaSet(deployment, current, 2, deployedMs, hash);
  rs.spec.replicas = seed.replicas;
  const names = known ?? Array.from({ length: seed.replicas }, (_, i) => `${rs.metadata.name}-${suffixOf(`${rs.metadata.name}/${i}`)}`);
  const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid };
  const pods = names.map((name, i) =>
    makePod({ name, namespace: seed.namespace, template: rs.spec.template, owner, startMs: deployedMs + 20_000 * i, generateName: `${rs.metadata.name}-`, labels: { [HASH_LABEL]: hash } }),
  );
  store.put('replicasets', { ...rs, status: computeReplicaSetStatus(rs, pods) });
  for (const pod of pods) store.put('pods', pod);
  store.put('deployments', { ...deployment, status: computeDeploymentStatus(deployment, rs, pods, [], deployedMs) });
}

/** A StatefulSet's pod `<name>-<ordinal>`, as the StatefulSet controller (re)creates it: same name, new uid. */
export function makeStatefulPod(set: KubeObject & { spec: { template: PodTemplate } }, ordinal: number, startMs: number, ready = true): Pod {
  const name = `${set.metadata.name}-${ordinal}`;
  const revision = `${set.metadata.name}-${templateHash(set.spec.template)}`;
  return makePod({
    name,
    namespace: set.metadata.namespace ?? '',
    template: set.spec.template,
    owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: set.metadata.uid },
    startMs,
    generateName: `${set.metadata.name}-`,
    labels: { 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(ordinal), 'controller-revision-hash': revision },
    ready,
  });
}

function seedStatefulSet(store: Store, seed: WorkloadSeed, nowMs: number): void {
  const podTemplate = template(seed, seed.container.image);
  const set = store.put('statefulsets', {
    metadata: newMeta(seed.name, seed.namespace, nowMs - 40 * DAY, { generation: 1, labels: { ...seed.labels } }),
    spec: {
      replicas: seed.replicas,
      selector: { matchLabels: { ...seed.labels } },
      serviceName: seed.name,
      template: podTemplate,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
    },
    status: {},
  });
  const pod = makeStatefulPod(set, 0, nowMs - 12 * DAY);
  store.put('pods', pod);
  const revision = pod.metadata.labels?.['controller-revision-hash'];
  store.put('statefulsets', {
    ...set,
    status: { observedGeneration: 1, replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1, availableReplicas: 1, currentRevision: revision, updateRevision: revision, collisionCount: 0 },
  });
}

/** Fills an empty store with the seeded cluster. */
export function seedCluster(store: Store, input: SeedInput): void {
  for (const seed of workloadSeeds()) seedDeployment(store, seed, input);
  for (const seed of statefulSeeds()) seedStatefulSet(store, seed, input.nowMs);
  seedConfig(store, input.nowMs, input.conditions, input.nowMs - 40 * DAY);
}
