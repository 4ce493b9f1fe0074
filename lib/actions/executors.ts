import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Action } from '@/lib/catalog/schema';
import type { ActionExecutor } from './executor';

const executors = new Map<Action['kind'], ActionExecutor>();

/** Executors register themselves by kind (lib/actions/kubernetes-executor.ts …). */
export function registerExecutor(kinds: readonly Action['kind'][], executor: ActionExecutor): void {
  for (const kind of kinds) executors.set(kind, executor);
}

export function getExecutor(kind: Action['kind']): ActionExecutor {
  const executor = executors.get(kind);
  if (!executor) throw new ApiError('bad-request', `step: ${kind} actions are not wired yet; follow the manual step`, 'step');
  return executor;
}
