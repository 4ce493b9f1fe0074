import type { ApiPath } from './request';
import { badRequest } from './status';

/**
 * Admission webhooks the double can be told a cluster has. Only what a dry run meets is modelled: a
 * webhook whose sideEffects is neither None nor NoneOnDryRun makes the API server refuse every dry run
 * of the resources it intercepts (400, "admission webhook … does not support dry run"), as
 * k8s.io/apiserver's webhook dispatcher does; the real request is admitted.
 */
export interface AdmissionWebhook {
  name: string;
  /** `deployments`, `deployments/scale`, `configmaps`, `pods/eviction` … */
  resources: readonly string[];
  sideEffects: 'None' | 'NoneOnDryRun' | 'Some' | 'Unknown';
}

const MUTATING = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

export function admitDryRun(webhooks: readonly AdmissionWebhook[], path: ApiPath, verb: string, query: URLSearchParams): void {
  if (!MUTATING.has(verb) || query.getAll('dryRun').length === 0) return;
  const resource = path.subresource ? `${path.resource}/${path.subresource}` : path.resource;
  const hook = webhooks.find((w) => w.resources.includes(resource) && (w.sideEffects === 'Some' || w.sideEffects === 'Unknown'));
  if (hook) throw badRequest(`admission webhook "${hook.name}" does not support dry run`);
}
