import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Action } from '@/lib/catalog/schema';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';
import type { ActionExecutor } from './executor';
import { configMapChange } from './kubernetes/configmaps';
import { scaleChange, templateChange } from './kubernetes/deployments';
import { jobCreation } from './kubernetes/jobs';
import { podDeletion } from './kubernetes/pods';
import type { KindHandler } from './kubernetes/shared';
import type { kubernetesKinds } from './kinds';

export { kubernetesKinds } from './kinds';

const handlers: Record<(typeof kubernetesKinds)[number], KindHandler> = {
  'rollout-restart': templateChange,
  'set-env': templateChange,
  'set-memory-limit': templateChange,
  'rollout-undo': templateChange,
  scale: scaleChange,
  'patch-configmap': configMapChange,
  'delete-pods': podDeletion,
  'create-job-from-cronjob': jobCreation,
};

function handlerFor(kind: Action['kind']): KindHandler {
  const handler = (handlers as Partial<Record<Action['kind'], KindHandler>>)[kind];
  if (!handler) throw new ApiError('bad-request', `step: ${kind} is not a Kubernetes action`, 'step');
  return handler;
}

/** Remediations on Kubernetes: every change is previewed with a server-side dry run (`dryRun=All`). */
export function createKubernetesExecutor(getClient: () => KubernetesClient): ActionExecutor {
  return {
    preview: (action, context) => handlerFor(action.action.kind).preview(getClient(), action, context),
    execute: (action, approved, context) => handlerFor(action.action.kind).execute(getClient(), action, approved, context),
    follow: (action, result) => handlerFor(action.action.kind).follow(getClient(), action, result),
  };
}
