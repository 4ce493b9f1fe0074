import type { IncomingMessage } from 'node:http';
import { toWire, type KubeContext } from './context';
import { afterConfigMapWrite, afterDeploymentWrite } from './effects';
import { checkFields } from './fields';
import { applyJsonPatch } from './json-patch';
import { readFieldManager, recordManagedFields, type Writer } from './managed-fields';
import { applyMergePatch, applyStrategicMergePatch, isObject, jsonEqual, PatchError, type Json, type JsonObject } from './patch';
import { isDryRun, patchTypeOf, readJson, requireJsonBody, type ApiPath, type PatchType } from './request';
import { apiVersionOf, type ResourceInfo } from './resources';
import { badRequest, conflict, invalid, notFound, unprocessable, type FieldError } from './status';
import { omit, toJson, type KubeObject } from './store';
import type { ConfigMap, Deployment } from './types';
import { validateConfigMap, validateDeployment } from './validate';

/**
 * PATCH and PUT of ConfigMaps and Deployments, as the registry's update path runs them: decode,
 * apply, check the name, the resourceVersion precondition and immutable fields, validate, and only
 * then (unless dry-run) store, with a new resourceVersion and, for a spec change, a new generation.
 */

export function applyPatch(type: PatchType, current: Json, patch: Json): Json {
  try {
    if (type === 'application/json-patch+json') return applyJsonPatch(current, patch);
    if (!isObject(patch)) throw new PatchError(`json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`, true);
    return type === 'application/merge-patch+json' ? applyMergePatch(current, patch) : applyStrategicMergePatch(current, patch);
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    throw error.badRequest ? badRequest(error.message) : unprocessable(error.message);
  }
}

const metaOf = (object: Json): JsonObject => (isObject(object) && isObject(object.metadata) ? object.metadata : {});

/**
 * Turns a client's version of an object into the next stored one: server-managed metadata and
 * status come from the current object, a stale resourceVersion is a 409.
 */
export function prepareUpdate(info: ResourceInfo, path: ApiPath, current: KubeObject, proposed: Json): KubeObject {
  if (!isObject(proposed)) throw badRequest(`the body of the request was not a ${info.kind} object`);
  const meta = metaOf(proposed);
  if (meta.name !== undefined && meta.name !== path.name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${path.name})`);
  if (meta.namespace !== undefined && meta.namespace !== path.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  if (typeof meta.resourceVersion === 'string' && meta.resourceVersion !== '' && meta.resourceVersion !== current.metadata.resourceVersion) throw conflict(info, path.name!);
  if (meta.uid !== undefined && meta.uid !== current.metadata.uid) throw conflict(info, path.name!);
  if (proposed.apiVersion !== undefined && proposed.apiVersion !== apiVersionOf(info)) {
    throw badRequest(`the API version in the data (${String(proposed.apiVersion)}) does not match the expected API version (${apiVersionOf(info)})`);
  }
  const body = omit(proposed, 'kind', 'apiVersion');
  const { uid, creationTimestamp, resourceVersion, generation, deletionTimestamp, ownerReferences } = current.metadata;
  const next = {
    ...body,
    metadata: { ...meta, name: current.metadata.name, namespace: current.metadata.namespace, uid, creationTimestamp, resourceVersion, ...(generation ? { generation } : {}) },
  } as unknown as KubeObject;
  if (deletionTimestamp) next.metadata.deletionTimestamp = deletionTimestamp;
  if (ownerReferences && meta.ownerReferences === undefined) next.metadata.ownerReferences = ownerReferences;
  // Status is written through /status only; an update of the object keeps the current one.
  if ('status' in current) next.status = current.status;
  else delete next.status;
  return next;
}

function validate(info: ResourceInfo, next: KubeObject, current: KubeObject): void {
  let errors: FieldError[] = [];
  if (info.resource === 'deployments') errors = validateDeployment(toJson(next) as JsonObject, toJson(current) as JsonObject);
  if (info.resource === 'configmaps') errors = validateConfigMap(toJson(next) as JsonObject);
  if (errors.length > 0) throw invalid(info, next.metadata.name, errors);
}

/** Stores `next` (or, dry-run, only shows it) and starts what the change sets going; `writer` is who made the change (managedFields). */
export function commitUpdate(ctx: KubeContext, info: ResourceInfo, current: KubeObject, next: KubeObject, dryRun: boolean, writer: Omit<Writer, 'now' | 'apiVersion'>): Record<string, unknown> {
  validate(info, next, current);
  const specChanged = 'spec' in current && !jsonEqual(toJson(current.spec), toJson(next.spec));
  if (specChanged) next.metadata.generation = (current.metadata.generation ?? 1) + 1;
  recordManagedFields(current, next, { ...writer, apiVersion: apiVersionOf(info), now: ctx.now() });
  // A write that changes nothing is not written: the resourceVersion stays, as etcd's does.
  if (jsonEqual(toJson(current), toJson(next))) return toWire(info, current);
  if (dryRun) return toWire(info, next);
  const stored = ctx.store.put(info.resource, next);
  if (info.resource === 'deployments') afterDeploymentWrite(ctx, current as Deployment, stored as Deployment);
  if (info.resource === 'configmaps') afterConfigMapWrite(ctx, stored as ConfigMap);
  return toWire(info, stored);
}

export async function patchObject(ctx: KubeContext, info: ResourceInfo, path: ApiPath, req: IncomingMessage, query: URLSearchParams): Promise<Record<string, unknown>> {
  const type = patchTypeOf(req);
  const dryRun = isDryRun(query);
  const manager = readFieldManager(req, query);
  const patch = await readJson(req, 'patch');
  const current = ctx.store.get(info.resource, path.namespace ?? undefined, path.name!);
  if (!current) throw notFound(info, path.name!);
  const patched = checkFields(req, query, info.kind, applyPatch(type, toJson(toWire(info, current)), patch), 'patch');
  return commitUpdate(ctx, info, current, prepareUpdate(info, path, current, patched), dryRun, { manager });
}

export async function replaceObject(ctx: KubeContext, info: ResourceInfo, path: ApiPath, req: IncomingMessage, query: URLSearchParams): Promise<Record<string, unknown>> {
  requireJsonBody(req);
  const dryRun = isDryRun(query);
  const manager = readFieldManager(req, query);
  const body = await readJson(req, 'object');
  const current = ctx.store.get(info.resource, path.namespace ?? undefined, path.name!);
  if (!current) throw notFound(info, path.name!);
  if (isObject(body) && body.kind !== undefined && body.kind !== info.kind) throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${info.kind})`);
  return commitUpdate(ctx, info, current, prepareUpdate(info, path, current, checkFields(req, query, info.kind, body, 'update')), dryRun, { manager });
}
