import type { IncomingMessage } from 'node:http';
import { readBody } from '../router';
import { toWire, toWireList, type KubeContext } from './context';
import { afterPodsDeleted } from './effects';
import { checkFields } from './fields';
import { readFieldManager, recordManagedFields } from './managed-fields';
import { defaultJob } from './jobs';
import { nameSuffix } from './names';
import { isObject, type Json, type JsonObject } from './patch';
import { isTerminating, setReady } from './pods';
import { selectObjects } from './read';
import { isDryRun, readJson, requireJsonBody, type ApiPath } from './request';
import { apiVersionOf, resourceInfo, type ResourceInfo } from './resources';
import { alreadyExists, badRequest, invalid, notFound, preconditionFailed } from './status';
import { kubeTime, newMeta, omit, type KubeObject } from './store';
import type { Job, Pod } from './types';
import { validateJob } from './validate';

/** POST of Jobs and DELETE of pods (one, or a collection by selector), with dry-run. */

export async function createObject(ctx: KubeContext, info: ResourceInfo, path: ApiPath, req: IncomingMessage, query: URLSearchParams): Promise<Record<string, unknown>> {
  requireJsonBody(req);
  const dryRun = isDryRun(query);
  const manager = readFieldManager(req, query);
  const sent = await readJson(req, 'object');
  if (!isObject(sent)) throw badRequest(`the body of the request was not a ${info.kind} object`);
  if (sent.kind !== undefined && sent.kind !== info.kind) throw badRequest(`the kind in the data (${String(sent.kind)}) does not match the expected kind (${info.kind})`);
  if (sent.apiVersion !== undefined && sent.apiVersion !== apiVersionOf(info)) {
    throw badRequest(`the API version in the data (${String(sent.apiVersion)}) does not match the expected API version (${apiVersionOf(info)})`);
  }
  const body = checkFields(req, query, info.kind, sent, 'create') as JsonObject;
  const meta: JsonObject = isObject(body.metadata) ? body.metadata : {};
  if (meta.namespace !== undefined && meta.namespace !== path.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  const generateName = typeof meta.generateName === 'string' ? meta.generateName : undefined;
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : generateName ? `${generateName}${nameSuffix()}` : '';
  if (!name) throw invalid(info, '', [{ field: 'metadata.name', type: 'FieldValueRequired', detail: 'name or generateName is required' }]);
  const errors = validateJob({ ...body, metadata: { ...meta, name } });
  if (errors.length > 0) throw invalid(info, name, errors);
  if (ctx.store.get(info.resource, path.namespace!, name)) throw alreadyExists(info, name);

  const rest = omit(body, 'kind', 'apiVersion', 'status');
  const keep = (key: string) => (meta[key] === undefined ? {} : { [key]: meta[key] });
  const created = {
    ...rest,
    metadata: { ...newMeta(name, path.namespace!, ctx.now()), ...keep('labels'), ...keep('annotations'), ...keep('ownerReferences'), ...keep('generateName') },
  } as unknown as Job;
  const job = defaultJob(created);
  recordManagedFields(null, job, { manager, apiVersion: apiVersionOf(info), now: ctx.now() });
  if (dryRun) {
    // Nothing was written, so the object has no resourceVersion yet.
    return toWire(info, { ...job, metadata: omit(job.metadata, 'resourceVersion') as KubeObject['metadata'] });
  }
  return toWire(info, ctx.store.put(info.resource, job));
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** DeleteOptions from the query and the (optional) JSON body. */
async function readDeleteOptions(req: IncomingMessage, query: URLSearchParams): Promise<DeleteOptions> {
  const text = await readBody(req);
  let body: Json = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text) as Json;
    } catch (error) {
      throw badRequest(`couldn't get version/kind; json parse error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const options = (isObject(body) ? body : {}) as DeleteOptions;
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null) {
    if (!/^-?\d+$/.test(grace)) throw badRequest(`gracePeriodSeconds: Invalid value: ${JSON.stringify(grace)}: must be an integer`);
    options.gracePeriodSeconds = Number(grace);
  }
  return options;
}

/** A pod marked Terminating (grace 0 still shows it Terminating until the next controller step). */
function terminating(ctx: KubeContext, pod: Pod, options: DeleteOptions): Pod {
  if (isTerminating(pod)) return pod;
  const graceMs = options.gracePeriodSeconds === 0 ? 0 : ctx.graceMs;
  const copy = structuredClone(pod);
  copy.metadata.deletionTimestamp = kubeTime(ctx.now() + graceMs);
  copy.metadata.deletionGracePeriodSeconds = options.gracePeriodSeconds ?? Math.ceil(graceMs / 1000);
  setReady(copy, false, ctx.now());
  return copy;
}

export async function deletePod(ctx: KubeContext, info: ResourceInfo, path: ApiPath, req: IncomingMessage, query: URLSearchParams): Promise<Record<string, unknown>> {
  const dryRun = isDryRun(query);
  const options = await readDeleteOptions(req, query);
  const pod = ctx.store.get<Pod>('pods', path.namespace!, path.name!);
  if (!pod) throw notFound(info, path.name!);
  return toWire(info, removePod(ctx, pod, options, dryRun));
}

/** Deletes one pod with its DeleteOptions (preconditions, grace): Terminating now, gone after the grace. */
export function removePod(ctx: KubeContext, pod: Pod, options: DeleteOptions, dryRun: boolean): Pod {
  const info = resourceInfo('pods');
  const { uid, resourceVersion } = options.preconditions ?? {};
  if (uid && uid !== pod.metadata.uid) throw preconditionFailed(info, pod.metadata.name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`);
  if (resourceVersion && resourceVersion !== pod.metadata.resourceVersion) {
    throw preconditionFailed(info, pod.metadata.name, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion}`);
  }
  const next = terminating(ctx, pod, options);
  if (dryRun || next === pod) return next;
  afterPodsDeleted(ctx, [pod]);
  return ctx.store.put('pods', next);
}

export async function deletePods(ctx: KubeContext, info: ResourceInfo, path: ApiPath, req: IncomingMessage, query: URLSearchParams): Promise<Record<string, unknown>> {
  const dryRun = isDryRun(query);
  const options = await readDeleteOptions(req, query);
  const pods = selectObjects<Pod>(ctx, info, path.namespace, query);
  const marked = pods.map((pod) => terminating(ctx, pod, options));
  if (dryRun) return toWireList(info, ctx.store.version(), marked);
  afterPodsDeleted(ctx, pods);
  const stored = marked.map((pod, i) => (pod === pods[i] ? pod : ctx.store.put('pods', pod)));
  return toWireList(info, ctx.store.version(), stored);
}
