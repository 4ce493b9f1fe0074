import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { KubernetesError } from '@/lib/server/kubernetes/errors';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';
import { BindingError } from '../binding';
import { findUnheldChanges, type Change } from '../diff';
import type { ActionContext, Approved, ExecutionResult, Preview, Progress } from '../executor';
import type { ResolvedAction } from '../resolve';

/** One Kubernetes action kind: its preview (a dry run), its execution and how its effect is followed. */
export type KindHandler = {
  preview(client: KubernetesClient, action: ResolvedAction, context: ActionContext): Promise<Preview>;
  execute(client: KubernetesClient, action: ResolvedAction, approved: Approved, context: ActionContext): Promise<ExecutionResult>;
  follow(client: KubernetesClient, action: ResolvedAction, result: ExecutionResult): Promise<Progress>;
};

export type Target = { namespace: string; name: string };

export function requireTarget(action: ResolvedAction, field: 'name' | 'selector' = 'name'): Target & { selector?: string } {
  const { namespace, name, selector } = action.target;
  if (!namespace || (field === 'name' ? !name : !name && !selector)) throw new ApiError('internal', `catalog step ${action.step.id} has no ${field} in its target`);
  return { namespace, name: name ?? '', selector };
}

export const describeTarget = (resource: string, t: Target) => `${resource} ${t.namespace}/${t.name}`;

/**
 * Read, check, write with the resourceVersion just read. A 409 means something wrote the object between
 * the read and the write (a controller's status write, most often): it is read again and the check made
 * again, so a retry never writes over a change to what was approved. Five tries (client-go's
 * retry.DefaultRetry: a Deployment mid-rollout gets a status write every few hundred ms), then the conflict stands.
 */
export async function writeFresh<T>(attempt: () => Promise<T>, tries = 5): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof BindingError || !(error instanceof KubernetesError) || error.code !== 'conflict' || n >= tries) throw error;
    }
  }
}

/** The object as read back after the write must hold every approved change; else the run fails, naming what differs. */
export function assertReadBack(target: string, changes: readonly Change[], readBack: unknown): void {
  const unheld = findUnheldChanges(changes, readBack);
  if (unheld.length === 0) return;
  const show = (value: unknown) => (value === undefined ? '(absent)' : JSON.stringify(value));
  throw new ApiError('upstream', `${target}: read back after the change, ${unheld.map((u) => `${u.path} is ${show(u.found)} (approved: ${show(u.want)})`).join('; ')}`);
}
