import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';

const REVISION = 'deployment.kubernetes.io/revision';

/**
 * The pod template of the revision before the current one, as `kubectl rollout undo` finds it: the
 * deployment's ReplicaSets, ordered by their revision annotation. The pod-template-hash label is
 * dropped (the controller adds its own).
 */
export async function findPreviousTemplate(client: KubernetesClient, namespace: string, name: string): Promise<object> {
  const deployment = await client.readDeployment(namespace, name);
  const current = Number(deployment.metadata?.annotations?.[REVISION] ?? 0);
  const selector = Object.entries(deployment.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const owned = (await client.listReplicaSets(namespace, selector, { fresh: true })).filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === name));
  const previous = owned
    .map((rs) => ({ rs, revision: Number(rs.metadata?.annotations?.[REVISION] ?? 0) }))
    .filter((r) => r.revision < current)
    .sort((a, b) => b.revision - a.revision)[0];
  if (!previous?.rs.spec?.template) throw new ApiError('conflict', `deployment ${namespace}/${name} has no earlier revision to go back to (current revision ${current}).`);
  const template = structuredClone(previous.rs.spec.template);
  delete template.metadata?.labels?.['pod-template-hash'];
  return template;
}
