import 'server-only';
import type { V1Pod } from '@kubernetes/client-node';
import { ApiError } from '@/lib/api/errors';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';
import { assertBound, encodeBound, type Bound } from '../binding';
import type { Change } from '../diff';
import type { ResolvedAction } from '../resolve';
import { requireTarget, type KindHandler } from './shared';

/** The pods a step names: one by name, or those its selector picks, as they are now. */
async function findPods(client: KubernetesClient, action: ResolvedAction): Promise<V1Pod[]> {
  const t = requireTarget(action, 'selector');
  if (t.name) return (await client.listPods(t.namespace, undefined, { fresh: true })).filter((p) => p.metadata?.name === t.name);
  return client.listPods(t.namespace, t.selector, { fresh: true });
}

/** The approval names each pod by name and uid: a pod replaced since is another pod, and is not deleted. */
const boundOf = (pods: V1Pod[]): Bound => Object.fromEntries(pods.map((p) => [`pod ${p.metadata?.name}`, p.metadata?.uid ?? null]));
const targetOf = (action: ResolvedAction) => {
  const t = requireTarget(action, 'selector');
  return `pods in ${t.namespace} (${t.name || t.selector})`;
};

export const podDeletion: KindHandler = {
  async preview(client, action) {
    const t = requireTarget(action, 'selector');
    const pods = await findPods(client, action);
    for (const pod of pods) await client.deletePod(t.namespace, pod.metadata?.name ?? '', { dryRun: true, uid: pod.metadata?.uid });
    const changes: Change[] = pods.map((p) => ({ path: `pod ${p.metadata?.name}`, before: p.status?.phase ?? 'present', after: 'deleted (its controller starts a new one)' }));
    const bound = boundOf(pods);
    return { changes, bound, version: encodeBound(bound), warnings: pods.length === 0 ? ['No pod matches: nothing would be deleted.'] : [], target: targetOf(action) };
  },

  async execute(client, action, approved) {
    const t = requireTarget(action, 'selector');
    const target = targetOf(action);
    assertBound(target, approved.bound, boundOf(await findPods(client, action)));
    const pods = Object.entries(approved.bound).map(([key, uid]) => ({ name: key.replace(/^pod /, ''), uid: String(uid) }));
    // Exactly the pods approved, each with its uid as a precondition.
    for (const pod of pods) await client.deletePod(t.namespace, pod.name, { uid: pod.uid });
    const left = (await client.listPods(t.namespace, undefined, { fresh: true })).filter((p) => pods.some((d) => d.uid === p.metadata?.uid) && !p.metadata?.deletionTimestamp);
    if (left.length > 0) throw new ApiError('upstream', `${target}: read back after the deletion, ${left.map((p) => p.metadata?.name).join(', ')} still running`);
    return { message: `deleted ${pods.length} pod(s): ${pods.map((p) => p.name).join(', ')}`, details: { pods: pods.map((p) => p.name) }, follow: { kind: 'pods', namespace: t.namespace, pods } };
  },

  async follow(client, action) {
    const t = requireTarget(action, 'selector');
    const pods = await findPods(client, action);
    const ready = pods.filter((p) => p.status?.containerStatuses?.every((c) => c.ready)).length;
    return { state: ready === pods.length && pods.length > 0 ? 'complete' : 'in-progress', message: `${ready} of ${pods.length} pods ready${t.name ? '' : ''}` };
  },
};
