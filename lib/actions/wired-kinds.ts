import type { Action } from '@/lib/catalog/schema';
import { httpKinds, kubernetesKinds, redisKinds } from './kinds';

/**
 * The action kinds that have an executor. A step whose kind is not here is shown as a manual step with
 * its command ("button coming"), never as a button that does nothing.
 */
export const wiredKinds: ReadonlySet<Action['kind']> = new Set<Action['kind']>([...kubernetesKinds, ...redisKinds, ...httpKinds]);

export function isWired(kind: Action['kind']): boolean {
  return wiredKinds.has(kind);
}
