import type { IncomingMessage } from 'node:http';
import type { KubeContext } from './context';
import { checkFields } from './fields';
import { isObject, type Json } from './patch';
import { isDryRun, patchTypeOf, readJson, requireJsonBody, type ApiPath } from './request';
import type { ResourceInfo } from './resources';
import { formatMatchLabels } from './selectors';
import { badRequest, conflict, invalid, notFound, type FieldError } from './status';
import type { Deployment } from './types';
import { readFieldManager } from './managed-fields';
import { checkReplicas } from './validate';
import { applyPatch, commitUpdate } from './write';

/** deployments/{name}/scale: an autoscaling/v1 Scale read from and written to the Deployment. */

const SCALE = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

function scaleOf(deployment: Deployment) {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = deployment.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: deployment.spec.replicas },
    status: { replicas: deployment.status.replicas ?? 0, selector: formatMatchLabels(deployment.spec.selector.matchLabels) },
  };
}

function load(ctx: KubeContext, info: ResourceInfo, path: ApiPath): Deployment {
  const deployment = ctx.store.get<Deployment>('deployments', path.namespace!, path.name!);
  if (!deployment) throw notFound(info, path.name!);
  return deployment;
}

export const getScale = (ctx: KubeContext, info: ResourceInfo, path: ApiPath) => scaleOf(load(ctx, info, path));

/** Applies a proposed Scale: precondition, validation, then the deployment's replicas. */
function writeScale(ctx: KubeContext, info: ResourceInfo, deployment: Deployment, proposed: Json, dryRun: boolean, manager: string) {
  if (!isObject(proposed)) throw badRequest('the body of the request was not a Scale object');
  const meta = isObject(proposed.metadata) ? proposed.metadata : {};
  if (meta.name !== undefined && meta.name !== deployment.metadata.name) {
    throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${deployment.metadata.name})`);
  }
  if (typeof meta.resourceVersion === 'string' && meta.resourceVersion !== '' && meta.resourceVersion !== deployment.metadata.resourceVersion) throw conflict(info, deployment.metadata.name);
  const spec = isObject(proposed.spec) ? proposed.spec : {};
  const errors: FieldError[] = [];
  checkReplicas(errors, 'spec.replicas', spec.replicas);
  if (errors.length > 0) throw invalid(SCALE, deployment.metadata.name, errors);
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 0;
  const next = structuredClone(deployment);
  next.spec.replicas = replicas;
  commitUpdate(ctx, info, deployment, next, dryRun, { manager, subresource: 'scale' });
  const after = dryRun ? { ...next, metadata: deployment.metadata } : load(ctx, info, { namespace: deployment.metadata.namespace ?? '', name: deployment.metadata.name } as ApiPath);
  return scaleOf(after as Deployment);
}

export async function patchScale(ctx: KubeContext, info: ResourceInfo, path: ApiPath, req: IncomingMessage, query: URLSearchParams) {
  const type = patchTypeOf(req);
  const dryRun = isDryRun(query);
  const manager = readFieldManager(req, query);
  const patch = await readJson(req, 'patch');
  const deployment = load(ctx, info, path);
  return writeScale(ctx, info, deployment, checkFields(req, query, 'Scale', applyPatch(type, scaleOf(deployment) as unknown as Json, patch), 'patch'), dryRun, manager);
}

export async function replaceScale(ctx: KubeContext, info: ResourceInfo, path: ApiPath, req: IncomingMessage, query: URLSearchParams) {
  requireJsonBody(req);
  const dryRun = isDryRun(query);
  const body = await readJson(req, 'object');
  if (isObject(body) && body.kind !== undefined && body.kind !== 'Scale') throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (Scale)`);
  return writeScale(ctx, info, load(ctx, info, path), checkFields(req, query, 'Scale', body, 'update'), dryRun, readFieldManager(req, query));
}
