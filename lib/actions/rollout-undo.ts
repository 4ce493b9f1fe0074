import 'server-only';
import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';
import { ApiError } from '@/lib/api/errors';
import type { JsonPatchOperation, KubernetesClient } from '@/lib/server/kubernetes/client';

const REVISION = 'deployment.kubernetes.io/revision';
const HASH_LABEL = 'pod-template-hash';

/** kubectl's annotationsToSkip: the Deployment keeps its own; the rest come from the revision rolled back to. */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

export type UndoPlan = {
  /** The ReplicaSet rolled back to. */
  to: { name: string; uid: string; revision: number };
  /** The JSON patch `kubectl rollout undo` sends: replace /spec/template and /metadata/annotations. */
  operations: JsonPatchOperation[];
  /** Set when the current template already is that revision's: kubectl skips the rollback. */
  skip: string | null;
};

const revisionOf = (rs: V1ReplicaSet) => Number(rs.metadata?.annotations?.[REVISION] ?? NaN);

function withoutHash(template: V1PodTemplateSpec | undefined): V1PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[HASH_LABEL];
  return copy;
}

/**
 * kubectl's deploymentRevision(toRevision=0): among the ReplicaSets the Deployment controls (matched by
 * its selector, then by controller owner uid, as deploymentutil.GetAllReplicaSets does), the newest
 * revision is the current one and the second newest is the one to go back to.
 */
async function findPrevious(client: KubernetesClient, deployment: V1Deployment): Promise<V1ReplicaSet> {
  const { namespace = '', name = '', uid } = deployment.metadata ?? {};
  const selector = Object.entries(deployment.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const owned = (await client.listReplicaSets(namespace, selector, { fresh: true })).filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.controller && o.uid === uid));
  const byRevision = owned.filter((rs) => Number.isFinite(revisionOf(rs))).sort((a, b) => revisionOf(b) - revisionOf(a));
  const previous = byRevision[1];
  if (!previous) throw new ApiError('conflict', `deployment ${namespace}/${name}: no rollout history found (nothing to go back to)`);
  return previous;
}

/** The rollback as `kubectl rollout undo deployment/<name>` makes it (rollback.go, DeploymentRollbacker). */
/** `changeCause`, when given, is the Deployment's kubernetes.io/change-cause after the rollback (who rolled it back). */
export async function planUndo(client: KubernetesClient, deployment: V1Deployment, changeCause?: string): Promise<UndoPlan> {
  const previous = await findPrevious(client, deployment);
  const revision = revisionOf(previous);
  const to = { name: previous.metadata?.name ?? '', uid: previous.metadata?.uid ?? '', revision };
  const template = withoutHash(previous.spec?.template);
  const skip = JSON.stringify(template) === JSON.stringify(withoutHash(deployment.spec?.template)) ? `current template already matches revision ${revision}` : null;
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value;
  for (const [key, value] of Object.entries(previous.metadata?.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value;
  if (changeCause) annotations['kubernetes.io/change-cause'] = changeCause;
  const operations: JsonPatchOperation[] = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  return { to, operations, skip };
}
