import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Action } from '@/lib/catalog/schema';
import { getKubernetes } from '@/lib/server/kubernetes/instance';
import type { ActionExecutor } from './executor';
import { createKubernetesExecutor, kubernetesKinds } from './kubernetes-executor';

// One executor per upstream, by the kinds it runs (Redis and service admin endpoints come next).
const kubernetes = createKubernetesExecutor(getKubernetes);
export const executors: ReadonlyMap<Action['kind'], ActionExecutor> = new Map(kubernetesKinds.map((kind) => [kind, kubernetes]));

export function getExecutor(kind: Action['kind']): ActionExecutor {
  const executor = executors.get(kind);
  if (!executor) throw new ApiError('bad-request', `step: ${kind} actions are not wired yet; follow the manual step`, 'step');
  return executor;
}
