import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './authn';
import { attributesOf, forbidden, isAllowed, type Attributes, type RbacPolicy, type UserInfo } from './authz';
import type { KubeContext } from './context';
import { warningsOf } from './fields';
import { deletePod, deletePods, createObject } from './lifecycle';
import { admitDryRun } from './admission';
import { evictPod } from './eviction';
import { readLog, type ConditionsTimeline } from './logs';
import type { PodMetricsApi } from './metrics-api';
import { answerForMetricsApi, type MetricsApiState } from './metrics-availability';
import { getObject, listObjects } from './read';
import { parseApiPath, sendObject, verbOf, type ApiPath } from './request';
import { findResource, type ResourceInfo, type Verb } from './resources';
import { getScale, patchScale, replaceScale } from './scale';
import { KubeError, methodNotAllowed, unknownPath } from './status';
import { patchObject, replaceObject } from './write';

/**
 * The request dispatcher, in kube-apiserver's order: authentication (401 for any path), then
 * authorization of the request's attributes by the RBAC manifests (403 before anything is looked up),
 * then the path, the verb and the handler; every failure is a Status object with the real server's code.
 */

export interface KubeHandlerDeps {
  ctx: KubeContext;
  timeline: ConditionsTimeline;
  podMetrics: PodMetricsApi;
  authn: Authenticator;
  rbac: RbacPolicy;
  metricsApi: { get(): MetricsApiState };
  /** Told of every authenticated request and the authorizer's decision (as the API server's audit log is). */
  audit?: (event: AuditEvent) => void;
}

export type AuditEvent = { user: UserInfo; attributes: Attributes; allowed: boolean };

type Answer = { code: number; body: unknown } | { code: number; text: string; contentType?: string };

async function handleMetrics(deps: KubeHandlerDeps, path: ApiPath, verb: Verb, query: URLSearchParams): Promise<Answer> {
  if (path.version !== 'v1beta1' || path.resource !== 'pods' || path.subresource) throw unknownPath();
  if (verb === 'list') return { code: 200, body: await deps.podMetrics.list(path, query) };
  if (verb === 'get') return { code: 200, body: await deps.podMetrics.get(path) };
  throw methodNotAllowed();
}

async function handleSubresource(deps: KubeHandlerDeps, info: ResourceInfo, path: ApiPath, verb: Verb, req: IncomingMessage, query: URLSearchParams): Promise<Answer> {
  const verbs = info.subresources?.[path.subresource!];
  if (!verbs) throw unknownPath();
  if (!verbs.includes(verb)) throw methodNotAllowed();
  if (path.subresource === 'log') return { code: 200, text: readLog(deps.ctx, deps.timeline, path, query) };
  if (path.subresource === 'eviction') return { code: 201, body: await evictPod(deps.ctx, path, req, query) };
  if (verb === 'get') return { code: 200, body: getScale(deps.ctx, info, path) };
  if (verb === 'patch') return { code: 200, body: await patchScale(deps.ctx, info, path, req, query) };
  return { code: 200, body: await replaceScale(deps.ctx, info, path, req, query) };
}

async function route(deps: KubeHandlerDeps, req: IncomingMessage, url: URL): Promise<Answer> {
  const user = deps.authn.authenticate(req);
  const path = parseApiPath(url.pathname);
  const verb = path ? verbOf(req.method ?? 'GET', path) : null;
  const attributes = attributesOf(req.method ?? 'GET', url.pathname, path, verb);
  const allowed = isAllowed(deps.rbac, user, attributes);
  deps.audit?.({ user, attributes, allowed });
  if (!allowed) throw forbidden(user, attributes);
  const aggregated = answerForMetricsApi(deps.metricsApi.get(), url.pathname);
  if (aggregated) return aggregated;
  if (!path) throw unknownPath();
  const query = url.searchParams;
  if (path.group === 'metrics.k8s.io') {
    if (!verb) throw methodNotAllowed();
    return handleMetrics(deps, path, verb, query);
  }
  const info = findResource(path.group, path.version, path.resource);
  if (!info) throw unknownPath();
  if (!verb) throw methodNotAllowed();
  admitDryRun(deps.ctx.webhooks, path, verb, query);
  if (path.subresource) return handleSubresource(deps, info, path, verb, req, query);
  if (!info.verbs.includes(verb)) throw methodNotAllowed();
  if (path.namespace === null && verb !== 'list') throw unknownPath();
  const { ctx } = deps;
  switch (verb) {
    case 'get':
      return { code: 200, body: getObject(ctx, info, path) };
    case 'list':
      return { code: 200, body: listObjects(ctx, info, path, query) };
    case 'patch':
      return { code: 200, body: await patchObject(ctx, info, path, req, query) };
    case 'update':
      return { code: 200, body: await replaceObject(ctx, info, path, req, query) };
    case 'create':
      return { code: 201, body: await createObject(ctx, info, path, req, query) };
    case 'delete':
      return { code: 200, body: await deletePod(ctx, info, path, req, query) };
    case 'deletecollection':
      return { code: 200, body: await deletePods(ctx, info, path, req, query) };
  }
}

export function createKubeHandler(deps: KubeHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    route(deps, req, url)
      .then((answer) => {
        const warnings = warningsOf(req);
        if (warnings.length > 0) res.setHeader('Warning', warnings);
        if ('text' in answer) {
          res.writeHead(answer.code, { 'content-type': answer.contentType ?? 'text/plain', 'cache-control': 'no-cache, private' });
          res.end(answer.text);
        } else sendObject(res, answer.code, answer.body);
      })
      .catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        if (error instanceof KubeError) return sendObject(res, error.status.code, error.status);
        const message = error instanceof Error ? error.message : 'internal error';
        sendObject(res, 500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'InternalError', details: { causes: [{ message }] }, code: 500 });
      });
  };
}
