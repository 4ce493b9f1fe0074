import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Action } from '@/lib/catalog/schema';
import { getKubernetes } from '@/lib/server/kubernetes/instance';
import { getRedis } from '@/lib/server/redis';
import { getServiceAdmin } from '@/lib/server/services/instance';
import type { ActionExecutor } from './executor';
import { createHttpExecutor, httpKinds } from './http-executor';
import { createKubernetesExecutor, kubernetesKinds } from './kubernetes-executor';
import { createRedisExecutor, redisKinds } from './redis-executor';

// One executor per upstream, by the kinds it runs.
const kubernetes = createKubernetesExecutor(getKubernetes);
const redis = createRedisExecutor(getRedis);
const http = createHttpExecutor(getServiceAdmin);
export const executors: ReadonlyMap<Action['kind'], ActionExecutor> = new Map<Action['kind'], ActionExecutor>([
  ...kubernetesKinds.map((kind) => [kind, kubernetes] as const),
  ...redisKinds.map((kind) => [kind, redis] as const),
  ...httpKinds.map((kind) => [kind, http] as const),
]);

export function getExecutor(kind: Action['kind']): ActionExecutor {
  const executor = executors.get(kind);
  if (!executor) throw new ApiError('bad-request', `step: ${kind} actions are not wired yet; follow the manual step`, 'step');
  return executor;
}
