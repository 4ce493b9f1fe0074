import type { KubeContext } from './context';
import { isTerminating } from './pods';
import { replicaSetsOf, sameTemplate } from './replicasets';
import type { Remedy, RolloutTrigger } from './remedies';
import { controllerOf, type ConfigMap, type Container, type Deployment, type Pod, type ReplicaSet } from './types';

/**
 * What a persisted write sets going: a template change starts a rollout (and remedies wait for it to
 * converge), a scale change waits for its pods, a ConfigMap change is reported at once (the
 * services reload it), a deleted pod waits for its replacement.
 */

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

const literalEnv = (container: Container | undefined): Record<string, string> =>
  Object.fromEntries((container?.env ?? []).filter((e) => typeof e.value === 'string' || e.valueFrom === undefined).map((e) => [e.name, e.value ?? '']));

/** Undo first: going back to an older ReplicaSet's template may also drop a restartedAt annotation. */
function triggerOf(ctx: KubeContext, before: Deployment, after: Deployment): RolloutTrigger {
  const sets = replicaSetsOf(ctx.store, after);
  const current = sets.find((rs) => sameTemplate(rs.spec.template, before.spec.template));
  if (sets.some((rs: ReplicaSet) => rs !== current && sameTemplate(rs.spec.template, after.spec.template))) return 'undo';
  const annotation = (d: Deployment) => d.spec.template.metadata?.annotations?.[RESTARTED_AT];
  return annotation(before) !== annotation(after) ? 'restart' : 'template';
}

export function afterDeploymentWrite(ctx: KubeContext, before: Deployment, after: Deployment): void {
  const namespace = after.metadata.namespace ?? '';
  const deployment = after.metadata.name;
  if (!sameTemplate(before.spec.template, after.spec.template)) {
    const remedies: Remedy[] = [{ kind: 'rollout', namespace, deployment, trigger: triggerOf(ctx, before, after) }];
    for (const container of after.spec.template.spec.containers) {
      const env = literalEnv(container);
      const previous = literalEnv(before.spec.template.spec.containers.find((c) => c.name === container.name));
      if (JSON.stringify(env) !== JSON.stringify(previous)) remedies.push({ kind: 'set-env', namespace, deployment, container: container.name, env });
    }
    ctx.controller.await(after, remedies);
  }
  if (before.spec.replicas !== after.spec.replicas) ctx.controller.awaitScale(after);
}

export function afterConfigMapWrite(ctx: KubeContext, after: ConfigMap): void {
  ctx.estate.remediate({ kind: 'patch-configmap', namespace: after.metadata.namespace ?? '', name: after.metadata.name, data: { ...after.data } });
}

/** Called before the pods are marked Terminating; `pods` are those of one request. */
export function afterPodsDeleted(ctx: KubeContext, pods: readonly Pod[]): void {
  const byDeployment = new Map<string, { deployment: Deployment; pods: Pod[] }>();
  for (const pod of pods) {
    if (isTerminating(pod)) continue;
    const namespace = pod.metadata.namespace ?? '';
    const lastTerminated = pod.status.containerStatuses?.[0]?.lastState.terminated?.reason;
    const remedy: Remedy = { kind: 'delete-pod', namespace, pod: pod.metadata.name, labels: { ...pod.metadata.labels }, ...(lastTerminated ? { lastTerminated } : {}) };
    const owner = controllerOf(pod);
    if (owner?.kind === 'StatefulSet') ctx.controller.awaitStatefulPod(pod, remedy);
    if (owner?.kind !== 'ReplicaSet') continue;
    const rs = ctx.store.get<ReplicaSet>('replicasets', namespace, owner.name);
    const deploymentName = rs && controllerOf(rs)?.name;
    const deployment = deploymentName ? ctx.store.get<Deployment>('deployments', namespace, deploymentName) : undefined;
    if (!deployment) continue;
    const entry = byDeployment.get(deployment.metadata.uid) ?? { deployment, pods: [] };
    entry.pods.push(pod);
    byDeployment.set(deployment.metadata.uid, entry);
    ctx.controller.await(deployment, [remedy]);
  }
  // Deleting every pod of a deployment at once is a restart in all but name (the runbooks' "delete pods -l app=…").
  for (const { deployment, pods: deleted } of byDeployment.values()) {
    const uids = new Set(replicaSetsOf(ctx.store, deployment).map((rs) => rs.metadata.uid));
    const live = ctx.store.list<Pod>('pods', deployment.metadata.namespace).filter((p) => !isTerminating(p) && uids.has(controllerOf(p)?.uid ?? ''));
    if (live.every((p) => deleted.some((d) => d.metadata.uid === p.metadata.uid))) {
      ctx.controller.await(deployment, [{ kind: 'rollout', namespace: deployment.metadata.namespace ?? '', deployment: deployment.metadata.name, trigger: 'delete-pods' }]);
    }
  }
}
