import type { IncomingMessage } from 'node:http';
import type { KubeContext } from './context';
import { pdbSelects } from './disruption';
import { removePod, type DeleteOptions } from './lifecycle';
import { readFieldManager } from './managed-fields';
import { isObject, type JsonObject } from './patch';
import { isReady, isTerminating } from './pods';
import { checkFields } from './fields';
import { isDryRun, readJson, requireJsonBody, type ApiPath } from './request';
import { resourceInfo } from './resources';
import { badRequest, KubeError, notFound } from './status';
import { kubeTime } from './store';
import type { Pod, PodDisruptionBudget } from './types';

/**
 * POST pods/<name>/eviction (policy/v1 Eviction), as the API server's eviction REST handler runs it
 * (pkg/registry/core/pod/storage/eviction.go): a pod that is not running, or already being deleted, is
 * deleted at once; otherwise the one PodDisruptionBudget that selects it must allow a disruption, which
 * the eviction takes (and records in disruptedPods) before deleting the pod with the DeleteOptions sent.
 */

const status = (code: number, reason: string, message: string, details?: object) => new KubeError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code } as KubeError['status']);

const tooManyRequests = (cause: string) =>
  status(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", { causes: [{ reason: 'DisruptionBudget', message: cause }] });

/** Pods whose disruption a budget does not guard: finished, not started, already going. */
const canIgnoreBudget = (pod: Pod) => pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed' || pod.status.phase === 'Pending' || isTerminating(pod);

export async function evictPod(ctx: KubeContext, path: ApiPath, req: IncomingMessage, query: URLSearchParams): Promise<Record<string, unknown>> {
  requireJsonBody(req);
  readFieldManager(req, query);
  const sent = await readJson(req, 'object');
  if (!isObject(sent)) throw badRequest('the body of the request was not an Eviction object');
  const body = checkFields(req, query, 'Eviction', sent, 'create') as JsonObject;
  const meta = isObject(body.metadata) ? body.metadata : {};
  if (meta.name !== undefined && meta.name !== path.name) throw badRequest('name in URL does not match name in Eviction object');
  const options = (isObject(body.deleteOptions) ? body.deleteOptions : {}) as DeleteOptions & { dryRun?: string[] };
  const dryRun = isDryRun(query) || (options.dryRun ?? []).includes('All');
  const pod = ctx.store.get<Pod>('pods', path.namespace!, path.name!);
  if (!pod) throw notFound(resourceInfo('pods'), path.name!);

  if (!canIgnoreBudget(pod)) {
    const budgets = ctx.store.list<PodDisruptionBudget>('poddisruptionbudgets', path.namespace).filter((pdb) => pdbSelects(pdb, pod));
    if (budgets.length > 1) throw status(500, 'InternalError', 'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    const pdb = budgets[0];
    if (pdb) takeDisruption(ctx, pdb, pod, dryRun);
  }
  removePod(ctx, pod, options, dryRun);
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

function takeDisruption(ctx: KubeContext, pdb: PodDisruptionBudget, pod: Pod, dryRun: boolean): void {
  const { name } = pdb.metadata;
  if ((pdb.status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) throw tooManyRequests(`The disruption budget ${name} is still being processed by the server.`);
  const allowed = pdb.status.disruptionsAllowed ?? 0;
  if (allowed < 0) throw status(403, 'Forbidden', `poddisruptionbudgets.policy "${name}" is forbidden: pdb disruptions allowed is negative`);
  const healthy = pdb.status.currentHealthy ?? 0;
  const desired = pdb.status.desiredHealthy ?? 0;
  // IfHealthyBudget: a pod that is not ready may go while the budget is otherwise met, without taking a disruption.
  if (!isReady(pod) && healthy >= desired) return;
  if (allowed === 0) throw tooManyRequests(`The disruption budget ${name} needs ${desired} healthy pods and has ${healthy} currently`);
  if (dryRun) return;
  ctx.store.put('poddisruptionbudgets', { ...pdb, status: { ...pdb.status, disruptionsAllowed: allowed - 1, disruptedPods: { ...pdb.status.disruptedPods, [pod.metadata.name]: kubeTime(ctx.now()) } } });
}
