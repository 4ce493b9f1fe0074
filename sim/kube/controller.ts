import { computeDeploymentStatus, computeReplicaSetStatus } from './deployment-status';
import { involve, type EventRecorder } from './events';
import { nameSuffix } from './names';
import { isStarting, isTerminating, makePod, setReady } from './pods';
import { HASH_LABEL, makeReplicaSet, REVISION, replicaSetsOf, revisionOf, sameTemplate } from './replicasets';
import type { Remedy } from './remedies';
import { makeStatefulPod } from './seed';
import { kubeTime, type KubeObject, type Store } from './store';
import { controllerOf, type Deployment, type Pod, type PodTemplate, type ReplicaSet } from './types';

/**
 * The deployment, ReplicaSet and StatefulSet controllers, one small step at a time: each step a
 * deployment gains one pod of its current template and loses one surplus pod, terminating pods go
 * after their grace, and a StatefulSet re-creates a deleted pod under its name. Remedies waiting on a
 * deployment are reported when it converges, so the metrics heal when the new pods are up.
 */

export interface Controller {
  step(): void;
  /** Remedies to report once the deployment has converged. */
  await(deployment: Deployment, remedies: readonly Remedy[]): void;
  /** Reports `scale` with the replicas the deployment has once it converges (the HPA may have moved them). */
  awaitScale(deployment: Deployment): void;
  /** Remedies to report when a StatefulSet's deleted pod is back. */
  awaitStatefulPod(pod: Pod, remedy: Remedy): void;
  /** Forgets waiting remedies (a scenario switch). */
  reset(): void;
}

export interface ControllerDeps {
  store: Store;
  now(): number;
  events: EventRecorder;
  report(remedy: Remedy): void;
  /** How long a deleted pod stays Terminating. */
  graceMs: number;
}

/** The deployment controller's annotationsToSkip: the rest of a Deployment's annotations are copied to its new ReplicaSet. */
const NOT_COPIED = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to']);
const copiedAnnotations = (d: Deployment) => Object.fromEntries(Object.entries(d.metadata.annotations ?? {}).filter(([key]) => !NOT_COPIED.has(key)));

const keyOf = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
const sourceOf = (component: string, host?: string) => ({ component, ...(host ? { host } : {}) });

export function createController({ store, now, events, report, graceMs }: ControllerDeps): Controller {
  const waiting = new Map<string, Remedy[]>();
  const waitingScale = new Set<string>();
  const waitingStateful = new Map<string, Remedy>();

  const podsOf = (namespace: string | undefined, owner: KubeObject) =>
    store.list<Pod>('pods', namespace).filter((p) => controllerOf(p)?.uid === owner.metadata.uid);

  /** The ReplicaSet of the current template; an older one with the same template comes back as the newest revision (rollback). */
  function currentReplicaSet(deployment: Deployment, sets: ReplicaSet[]): ReplicaSet {
    const top = Math.max(0, ...sets.map(revisionOf));
    const match = sets.find((rs) => sameTemplate(rs.spec.template, deployment.spec.template));
    if (match && revisionOf(match) === top) return match;
    const rs = match ? structuredClone(match) : makeReplicaSet(deployment, deployment.spec.template as PodTemplate, top + 1, now());
    // copyDeploymentAnnotationsToReplicaSet: the change-cause `kubectl rollout history` shows is the Deployment's at the time.
    rs.metadata.annotations = { ...rs.metadata.annotations, ...copiedAnnotations(deployment), [REVISION]: String(top + 1) };
    return store.put('replicasets', rs);
  }

  function createPod(rs: ReplicaSet): Pod {
    const name = `${rs.metadata.name}-${nameSuffix()}`;
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid };
    const pod = store.put('pods', makePod({ name, namespace: rs.metadata.namespace ?? '', template: rs.spec.template, owner, startMs: now(), generateName: `${rs.metadata.name}-`, labels: { [HASH_LABEL]: rs.metadata.labels?.[HASH_LABEL] ?? '' }, ready: false }));
    events.record(involve('ReplicaSet', 'apps/v1', rs), 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, sourceOf('replicaset-controller'));
    const node = pod.spec.nodeName;
    events.record(involve('Pod', 'v1', pod), 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${name} to ${node}`, sourceOf('default-scheduler'));
    for (const c of pod.spec.containers) {
      const path = `spec.containers{${c.name}}`;
      events.record(involve('Pod', 'v1', pod, path), 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, sourceOf('kubelet', node));
      events.record(involve('Pod', 'v1', pod, path), 'Normal', 'Created', `Created container ${c.name}`, sourceOf('kubelet', node));
      events.record(involve('Pod', 'v1', pod, path), 'Normal', 'Started', `Started container ${c.name}`, sourceOf('kubelet', node));
    }
    return pod;
  }

  /** Graceful deletion: Terminating (not ready) now, gone after the grace period. */
  function terminate(pod: Pod, rs?: ReplicaSet): void {
    const copy = structuredClone(pod);
    copy.metadata.deletionTimestamp = kubeTime(now() + graceMs);
    copy.metadata.deletionGracePeriodSeconds = Math.ceil(graceMs / 1000);
    setReady(copy, false, now());
    store.put('pods', copy);
    for (const c of pod.spec.containers) events.record(involve('Pod', 'v1', pod, `spec.containers{${c.name}}`), 'Normal', 'Killing', `Stopping container ${c.name}`, sourceOf('kubelet', pod.spec.nodeName));
    if (rs) events.record(involve('ReplicaSet', 'apps/v1', rs), 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, sourceOf('replicaset-controller'));
  }

  function scaleEvent(deployment: Deployment, rs: ReplicaSet, from: number, to: number): void {
    if (from === to) return;
    const verb = to > from ? 'up' : 'down';
    events.record(involve('Deployment', 'apps/v1', deployment), 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${rs.metadata.name} to ${to} from ${from}`, sourceOf('deployment-controller'));
  }

  /** Writes each ReplicaSet's replicas and status for the pods it now has. */
  function recordReplicaSets(deployment: Deployment, sets: ReplicaSet[], podsOfSet: (set: ReplicaSet) => Pod[]): void {
    for (const set of sets) {
      const pods = podsOfSet(set);
      const next = { ...set, spec: { ...set.spec, replicas: pods.length }, status: computeReplicaSetStatus(set, pods) };
      if (set.spec.replicas !== pods.length) scaleEvent(deployment, set, set.spec.replicas, pods.length);
      if (JSON.stringify(next.spec) !== JSON.stringify(set.spec) || JSON.stringify(next.status) !== JSON.stringify(set.status)) store.put('replicasets', next);
    }
  }

  /**
   * A paused Deployment (spec.paused): no new ReplicaSet for a changed template and no rollout, as the
   * deployment controller's sync does; the replica count is still kept, on the ReplicaSet of the current
   * template if there is one, else on the newest. Remedies waiting on it wait for the resume.
   */
  function reconcilePaused(deployment: Deployment): void {
    const sets = replicaSetsOf(store, deployment);
    const matching = sets.find((rs) => sameTemplate(rs.spec.template, deployment.spec.template));
    const scaled = matching ?? sets.at(-1);
    if (!scaled) return;
    const live = new Map(sets.map((set) => [set.metadata.uid, podsOf(deployment.metadata.namespace, set).filter((p) => !isTerminating(p))]));
    const total = [...live.values()].reduce((n, pods) => n + pods.length, 0);
    const own = live.get(scaled.metadata.uid)!;
    if (total < deployment.spec.replicas) own.push(createPod(scaled));
    else if (total > deployment.spec.replicas && own.length > 0) {
      const newest = [...own].sort((a, b) => (b.status.startTime ?? '').localeCompare(a.status.startTime ?? ''))[0]!;
      terminate(newest, scaled);
      live.set(scaled.metadata.uid, own.filter((p) => p !== newest));
    }
    recordReplicaSets(deployment, sets, (set) => live.get(set.metadata.uid) ?? []);
    const fresh = matching ? (live.get(matching.metadata.uid) ?? []) : [];
    const old = sets.filter((set) => set !== matching).flatMap((set) => live.get(set.metadata.uid) ?? []);
    const status = computeDeploymentStatus(deployment, matching ?? null, fresh, old, now());
    if (JSON.stringify(status) !== JSON.stringify(deployment.status)) store.put('deployments', { ...deployment, status });
  }

  function reconcile(deployment: Deployment): void {
    if (deployment.spec.paused === true) return reconcilePaused(deployment);
    const rs = currentReplicaSet(deployment, replicaSetsOf(store, deployment));
    const sets = replicaSetsOf(store, deployment);
    const live = (set: ReplicaSet) => podsOf(deployment.metadata.namespace, set).filter((p) => !isTerminating(p));
    let fresh = live(rs);
    let old = sets.filter((s) => s.metadata.uid !== rs.metadata.uid).flatMap((s) => live(s).map((pod) => ({ pod, set: s })));
    const desired = deployment.spec.replicas;
    if (fresh.length < desired) fresh = [...fresh, createPod(rs)];
    if (old.length > 0 && fresh.length + old.length > desired) {
      const [first, ...rest] = old.sort((a, b) => (a.pod.status.startTime ?? '').localeCompare(b.pod.status.startTime ?? ''));
      terminate(first!.pod, first!.set);
      old = rest;
    } else if (old.length === 0 && fresh.length > desired) {
      const newest = [...fresh].sort((a, b) => (b.status.startTime ?? '').localeCompare(a.status.startTime ?? ''))[0]!;
      terminate(newest, rs);
      fresh = fresh.filter((p) => p !== newest);
    }
    recordReplicaSets(deployment, sets, (set) => (set.metadata.uid === rs.metadata.uid ? fresh : old.filter((o) => o.set.metadata.uid === set.metadata.uid).map((o) => o.pod)));
    const revision = String(revisionOf(rs));
    const status = computeDeploymentStatus(deployment, rs, fresh, old.map((o) => o.pod), now());
    const annotations = { ...deployment.metadata.annotations, [REVISION]: revision };
    const changed = JSON.stringify({ s: deployment.status, a: deployment.metadata.annotations }) !== JSON.stringify({ s: status, a: annotations });
    if (changed) store.put('deployments', { ...deployment, metadata: { ...deployment.metadata, annotations }, status });
    // Converged once every new pod has started (the kubelet reports it ready a step after it is created).
    if (fresh.length === desired && old.length === 0 && !fresh.some(isStarting)) {
      // revisionHistoryLimit: the oldest empty ReplicaSets go, as the deployment controller's cleanup does.
      const limit = typeof deployment.spec.revisionHistoryLimit === 'number' ? deployment.spec.revisionHistoryLimit : 10;
      const history = sets.filter((set) => set.metadata.uid !== rs.metadata.uid);
      for (const set of history.slice(0, Math.max(0, history.length - limit))) store.remove('replicasets', set.metadata.namespace, set.metadata.name);
      const key = keyOf(deployment);
      for (const remedy of waiting.get(key) ?? []) report(remedy);
      waiting.delete(key);
      if (waitingScale.delete(key)) report({ kind: 'scale', namespace: deployment.metadata.namespace ?? '', deployment: deployment.metadata.name, replicas: desired });
    }
  }

  /** Removes pods whose grace is over; a StatefulSet's pod comes back under its name. */
  function finalizeTerminated(): void {
    const cutoff = kubeTime(now());
    for (const pod of store.list<Pod>('pods')) {
      if (!pod.metadata.deletionTimestamp || pod.metadata.deletionTimestamp > cutoff) continue;
      store.remove('pods', pod.metadata.namespace, pod.metadata.name);
      const owner = controllerOf(pod);
      if (owner?.kind !== 'StatefulSet') continue;
      const set = store.get<KubeObject & { spec: { template: PodTemplate } }>('statefulsets', pod.metadata.namespace, owner.name);
      if (!set) continue;
      const ordinal = Number(pod.metadata.name.slice(owner.name.length + 1));
      const again = store.put('pods', makeStatefulPod(set, ordinal, now(), false));
      events.record(involve('StatefulSet', 'apps/v1', set), 'Normal', 'SuccessfulCreate', `create Pod ${again.metadata.name} in StatefulSet ${set.metadata.name} successful`, sourceOf('statefulset-controller'));
      const remedy = waitingStateful.get(keyOf(pod));
      waitingStateful.delete(keyOf(pod));
      if (remedy) report(remedy);
    }
  }

  return {
    step() {
      finalizeTerminated();
      for (const deployment of store.list<Deployment>('deployments')) reconcile(deployment);
      events.expire();
    },
    await(deployment, remedies) {
      const key = keyOf(deployment);
      waiting.set(key, [...(waiting.get(key) ?? []), ...remedies]);
    },
    awaitScale(deployment) {
      waitingScale.add(keyOf(deployment));
    },
    awaitStatefulPod(pod, remedy) {
      waitingStateful.set(keyOf(pod), remedy);
    },
    reset() {
      waiting.clear();
      waitingScale.clear();
      waitingStateful.clear();
    },
  };
}
