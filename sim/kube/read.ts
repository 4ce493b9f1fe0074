import { toWire, toWireList, type KubeContext } from './context';
import type { ApiPath } from './request';
import type { ResourceInfo } from './resources';
import { fieldsOf, parseFieldSelector, parseLabelSelector } from './selectors';
import { badRequest, notFound } from './status';
import type { KubeObject } from './store';

/** GET of one object and of lists, with label and field selectors and `limit`/`continue` paging. */

export function getObject(ctx: KubeContext, info: ResourceInfo, path: ApiPath): Record<string, unknown> {
  const object = ctx.store.get(info.resource, path.namespace ?? undefined, path.name!);
  if (!object) throw notFound(info, path.name!);
  return toWire(info, object);
}

/** The objects a selector picks (shared by list and delete-collection). */
export function selectObjects<T extends KubeObject>(ctx: KubeContext, info: ResourceInfo, namespace: string | null, query: URLSearchParams): T[] {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'), fieldsOf(info.resource));
  return ctx.store.list<T>(info.resource, namespace).filter((o) => labels(o.metadata.labels) && fields(o));
}

/** The continue token is the offset into the (name-ordered) result, bound to the list's revision. */
function page(query: URLSearchParams, version: string, total: number): { start: number; end: number; next?: string } {
  const limitText = query.get('limit');
  const token = query.get('continue');
  let start = 0;
  if (token) {
    const [rv, offset] = Buffer.from(token, 'base64url').toString().split(':');
    if (!rv || !/^\d+$/.test(offset ?? '')) throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    start = Number(offset);
  }
  const limit = limitText === null ? 0 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`limit: Invalid value: ${JSON.stringify(limitText)}: must be a non-negative integer`);
  if (limit === 0 || start + limit >= total) return { start, end: total };
  return { start, end: start + limit, next: Buffer.from(`${version}:${start + limit}`).toString('base64url') };
}

export function listObjects(ctx: KubeContext, info: ResourceInfo, path: ApiPath, query: URLSearchParams): Record<string, unknown> {
  if (query.get('watch') === 'true' || query.get('watch') === '1') throw badRequest('the Kubernetes API double of the simulator does not support watch; list and poll instead');
  const items = selectObjects(ctx, info, path.namespace, query);
  const version = ctx.store.version();
  const { start, end, next } = page(query, version, items.length);
  return toWireList(info, version, items.slice(start, end), next);
}
