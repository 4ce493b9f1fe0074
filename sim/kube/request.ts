import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../router';
import type { Json } from './patch';
import type { Verb } from './resources';
import { badRequest, KubeError, unsupportedMediaType } from './status';

/** Parsing a request the way kube-apiserver's request-info resolver and decoders do. */

export interface ApiPath {
  group: string;
  version: string;
  /** null for a list across namespaces (`/api/v1/pods`). */
  namespace: string | null;
  resource: string;
  name: string | null;
  subresource: string | null;
}

/** `/api/v1/namespaces/ns/pods/x/log` or `/apis/apps/v1/namespaces/ns/deployments/x/scale`; null for anything else. */
export function parseApiPath(pathname: string): ApiPath | null {
  let segments: string[];
  try {
    segments = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    return null;
  }
  let group = '';
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === 'api') [version, rest] = [segments[1], segments.slice(2)];
  else if (segments[0] === 'apis') [group, version, rest] = [segments[1] ?? '', segments[2], segments.slice(3)];
  else return null;
  if (!version) return null;
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest.length <= 5) {
    return { group, version, namespace: rest[1]!, resource: rest[2]!, name: rest[3] ?? null, subresource: rest[4] ?? null };
  }
  if (rest.length === 1 && rest[0] !== 'namespaces') return { group, version, namespace: null, resource: rest[0]!, name: null, subresource: null };
  return null;
}

export function verbOf(method: string, path: ApiPath): Verb | null {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return path.name ? 'get' : 'list';
    case 'POST':
      // A create on a subresource names its parent: pods/<name>/eviction.
      return path.name ? (path.subresource ? 'create' : null) : 'create';
    case 'PUT':
      return path.name ? 'update' : null;
    case 'PATCH':
      return path.name ? 'patch' : null;
    case 'DELETE':
      return path.name ? 'delete' : 'deletecollection';
    default:
      return null;
  }
}

export const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'] as const;
export type PatchType = (typeof PATCH_TYPES)[number];

export const mediaType = (req: IncomingMessage): string => (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

export function patchTypeOf(req: IncomingMessage): PatchType {
  const type = mediaType(req);
  const known = PATCH_TYPES.find((t) => t === type);
  if (!known) throw unsupportedMediaType([...PATCH_TYPES]);
  return known;
}

/** The body of a PUT or POST: JSON only (the double speaks neither YAML nor protobuf). */
export function requireJsonBody(req: IncomingMessage): void {
  if (mediaType(req) !== 'application/json') throw unsupportedMediaType(['application/json']);
}

/** Reads and parses the JSON body; malformed JSON is a 400 worded as the decoder's. */
export async function readJson(req: IncomingMessage, what: 'patch' | 'object'): Promise<Json> {
  let text: string;
  try {
    text = await readBody(req, 3 * 1024 * 1024);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new KubeError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the request body is too large', reason: 'RequestEntityTooLarge', code: 413 });
    throw error;
  }
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw badRequest(what === 'patch' ? `error decoding patch: ${detail}` : `couldn't get version/kind; json parse error: ${detail}`);
  }
}

/** `?dryRun=All` (repeatable); anything else is refused before any work is done. */
export function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const value of values) {
    if (value !== 'All') throw badRequest(`dryRun: Unsupported value: ${JSON.stringify(value)}: supported values: "All"`);
  }
  return values.length > 0;
}

export function sendObject(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
