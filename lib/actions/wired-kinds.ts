import type { Action } from '@/lib/catalog/schema';

/**
 * The action kinds that have an executor. A step whose kind is not here is shown as a manual step with
 * its command ("button coming"), never as a button that does nothing.
 */
export const wiredKinds: ReadonlySet<Action['kind']> = new Set<Action['kind']>([
  ...['rollout-restart', 'scale', 'set-env', 'patch-configmap', 'delete-pods', 'rollout-undo', 'create-job-from-cronjob'] as const,
  ...['redis-del', 'redis-set', 'redis-flushdb', 'http-post'] as const,
]);

export function isWired(kind: Action['kind']): boolean {
  return wiredKinds.has(kind);
}
