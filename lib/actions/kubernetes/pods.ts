import 'server-only';
import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { ApiError } from '@/lib/api/errors';
import { formatDuration } from '@/lib/format';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';
import { KubernetesError } from '@/lib/server/kubernetes/errors';
import { assertBound, encodeBound, type Bound } from '../binding';
import type { Change } from '../diff';
import type { ResolvedAction } from '../resolve';
import { getActionSettings } from '../settings';
import { requireTarget, type KindHandler } from './shared';

const POLL_MS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isReady = (pod: V1Pod) => !pod.metadata?.deletionTimestamp && (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false);

/** The pods a step names: one by name, or those its selector picks, as they are now (not those being deleted). */
async function findPods(client: KubernetesClient, action: ResolvedAction): Promise<V1Pod[]> {
  const t = requireTarget(action, 'selector');
  const all = t.name ? (await client.listPods(t.namespace, undefined, { fresh: true })).filter((p) => p.metadata?.name === t.name) : await client.listPods(t.namespace, t.selector, { fresh: true });
  return all.filter((p) => !p.metadata?.deletionTimestamp);
}

/** The approval names each pod by name and uid: a pod replaced since is another pod, and is not evicted. */
const boundOf = (pods: V1Pod[]): Bound => Object.fromEntries(pods.map((p) => [`pod ${p.metadata?.name}`, p.metadata?.uid ?? null]));
const approvedPods = (bound: Bound) => Object.entries(bound).map(([key, uid]) => ({ name: key.replace(/^pod /, ''), uid: String(uid) }));
const targetOf = (action: ResolvedAction) => {
  const t = requireTarget(action, 'selector');
  return `pods in ${t.namespace} (${t.name || t.selector})`;
};

/** The budgets that guard these pods (matchLabels), named in the preview. */
async function findBudgets(client: KubernetesClient, namespace: string, pods: V1Pod[]): Promise<V1PodDisruptionBudget[]> {
  const selects = (pdb: V1PodDisruptionBudget, pod: V1Pod) => {
    const wanted = Object.entries(pdb.spec?.selector?.matchLabels ?? {});
    return wanted.length > 0 && wanted.every(([k, v]) => pod.metadata?.labels?.[k] === v);
  };
  return (await client.listPodDisruptionBudgets(namespace, { fresh: true })).filter((pdb) => pods.some((pod) => selects(pdb, pod)));
}

const isBudgetRefusal = (error: unknown): error is KubernetesError => error instanceof KubernetesError && error.code === 'disruption-budget';

/** One eviction, retried while a budget refuses it (as `kubectl drain` does), until the wait is over. */
async function evictWhenAllowed(client: KubernetesClient, namespace: string, pod: { name: string; uid: string }, deadline: number): Promise<'evicted' | 'gone'> {
  for (;;) {
    try {
      await client.evictPod(namespace, pod.name, { uid: pod.uid });
      return 'evicted';
    } catch (error) {
      if (error instanceof KubernetesError && error.code === 'not-found') return 'gone';
      if (!isBudgetRefusal(error) || Date.now() + POLL_MS > deadline) throw error;
    }
    await sleep(POLL_MS);
  }
}

/** Its replacement: a pod the step targets that was not there before (for a StatefulSet, the same name with a new uid), ready. */
async function waitForReplacement(client: KubernetesClient, action: ResolvedAction, before: Set<string>, deadline: number): Promise<V1Pod | null> {
  for (;;) {
    const fresh = (await findPods(client, action)).find((p) => !before.has(p.metadata?.uid ?? '') && isReady(p));
    if (fresh) return fresh;
    if (Date.now() + POLL_MS > deadline) return null;
    await sleep(POLL_MS);
  }
}

export const podDeletion: KindHandler = {
  async preview(client, action) {
    const t = requireTarget(action, 'selector');
    const pods = await findPods(client, action);
    const budgets = await findBudgets(client, t.namespace, pods);
    const warnings = pods.length === 0 ? ['No pod matches: nothing would be evicted.'] : [];
    const names = budgets.map((b) => b.metadata?.name).join(', ');
    for (const pod of pods) {
      try {
        await client.evictPod(t.namespace, pod.metadata?.name ?? '', { dryRun: true, uid: pod.metadata?.uid });
      } catch (error) {
        if (!isBudgetRefusal(error)) throw error;
        warnings.push(`PodDisruptionBudget ${names || '(unnamed)'} allows no disruption now: ${error.details.serverMessage ?? ''} ${error.message.match(/The disruption budget .*? currently/)?.[0] ?? ''}. The eviction waits for it, up to ${formatDuration(getActionSettings().podWaitMs)}, then fails.`.replace(/\s+\./g, '.'));
        break;
      }
    }
    if (pods.length > 1) warnings.push(`Evicted one at a time: each after the previous one's replacement is ready${budgets.length > 0 ? `, as PodDisruptionBudget ${names} requires` : ''}.`);
    const changes: Change[] = pods.map((p) => ({ path: `pod ${p.metadata?.name}`, before: p.status?.phase ?? 'present', after: 'evicted (its controller starts a new one)' }));
    const bound = boundOf(pods);
    return { changes, bound, version: encodeBound(bound), warnings, target: targetOf(action) };
  },

  async execute(client, action, approved) {
    const t = requireTarget(action, 'selector');
    const target = targetOf(action);
    assertBound(target, approved.bound, boundOf(await findPods(client, action)));
    const pods = approvedPods(approved.bound);
    const { podWaitMs } = getActionSettings();
    const done: string[] = [];
    for (const pod of pods) {
      const before = new Set((await client.listPods(t.namespace, t.name ? undefined : t.selector, { fresh: true })).map((p) => p.metadata?.uid ?? ''));
      const left = () => pods.slice(done.length + 1).map((p) => p.name);
      try {
        const outcome = await evictWhenAllowed(client, t.namespace, pod, Date.now() + podWaitMs);
        if (outcome === 'gone') {
          done.push(`${pod.name} (already gone)`);
          continue;
        }
      } catch (error) {
        const stopped = done.length > 0 ? ` Evicted before it: ${done.join(', ')}.` : ' Nothing was evicted.';
        throw new ApiError(error instanceof KubernetesError && error.code !== 'conflict' ? 'upstream' : 'conflict', `${error instanceof Error ? error.message : String(error)}.${stopped}${left().length > 0 ? ` Not evicted: ${left().join(', ')}.` : ''}`);
      }
      const replacement = await waitForReplacement(client, action, before, Date.now() + podWaitMs);
      if (!replacement) throw new ApiError('upstream', `${target}: ${pod.name} was evicted, but no replacement was ready within ${formatDuration(podWaitMs)}; stopped there.${left().length > 0 ? ` Not evicted: ${left().join(', ')}.` : ''}`);
      done.push(`${pod.name} → ${replacement.metadata?.name}`);
    }
    // Read back: none of the approved pods is still running.
    const still = (await findPods(client, action)).filter((p) => pods.some((d) => d.uid === p.metadata?.uid));
    if (still.length > 0) throw new ApiError('upstream', `${target}: read back after the evictions, ${still.map((p) => p.metadata?.name).join(', ')} still running`);
    return { message: `evicted ${pods.length} pod${pods.length === 1 ? '' : 's'} one at a time, each replacement ready: ${done.join(', ')}`, details: { pods: pods.map((p) => p.name) }, follow: { kind: 'pods', namespace: t.namespace, pods } };
  },

  /** The evicted pods are gone and every pod the step targets is ready. */
  async follow(client, action, result) {
    const ref = result.follow;
    if (ref?.kind !== 'pods') return { state: 'failed', message: 'this run recorded no pods to follow' };
    const pods = await findPods(client, action);
    const back = pods.filter((p) => ref.pods.some((d) => d.uid === p.metadata?.uid));
    if (back.length > 0) return { state: 'failed', message: `${back.map((p) => p.metadata?.name).join(', ')} still running` };
    const ready = pods.filter(isReady).length;
    return { state: ready === pods.length && pods.length > 0 ? 'complete' : 'in-progress', message: `${ready} of ${pods.length} pods ready` };
  },
};
