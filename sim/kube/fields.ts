import type { IncomingMessage } from 'node:http';
import * as models from '@kubernetes/client-node';
import { isObject, type Json } from './patch';
import { badRequest, KubeError } from './status';

/**
 * Server-side field validation (`?fieldValidation=`), as kube-apiserver 1.27+ runs it on every write:
 * fields the kind's schema does not have are dropped with a `Warning: 299` header (Warn, the default),
 * dropped silently (Ignore) or refused with 400 "strict decoding error" (Strict). The schema is the
 * OpenAPI one, as client-node's generated models carry it (each model's attribute type map).
 */

type Attribute = { baseName: string; type: string };
type Model = { getAttributeTypeMap?: () => Attribute[] };
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

const DIRECTIVES: readonly FieldValidation[] = ['Ignore', 'Strict', 'Warn'];
/** The kinds the double accepts writes of, and their models. */
const MODELS: Record<string, string> = { Deployment: 'V1Deployment', ConfigMap: 'V1ConfigMap', Job: 'V1Job', Scale: 'V1Scale', Pod: 'V1Pod', Eviction: 'V1Eviction', DeleteOptions: 'V1DeleteOptions', PodDisruptionBudget: 'V1PodDisruptionBudget' };

function attributesOf(type: string): Attribute[] | undefined {
  const model = (models as unknown as Record<string, Model | undefined>)[type];
  return typeof model?.getAttributeTypeMap === 'function' ? model.getAttributeTypeMap() : undefined;
}

/** `value` with every field its type does not have left out; their paths go to `unknown`. */
function prune(value: Json, type: string, path: string, unknown: string[]): Json {
  const list = /^Array<(.+)>$/.exec(type)?.[1];
  if (list) return Array.isArray(value) ? value.map((item, i) => prune(item, list, `${path}[${i}]`, unknown)) : value;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type)?.[1];
  if (map) return isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prune(v, map, `${path}.${k}`, unknown)])) : value;
  const attributes = attributesOf(type);
  if (!attributes || !isObject(value)) return value; // a scalar, a quantity, IntOrString, free-form JSON
  const kept: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    const attribute = attributes.find((a) => a.baseName === key);
    const at = path ? `${path}.${key}` : key;
    if (attribute) kept[key] = prune(item, attribute.type, at, unknown);
    else unknown.push(at);
  }
  return kept;
}

/** The fields of `object` (a whole object of `kind`) that its schema does not have, as "spec.foo". */
export function findUnknownFields(kind: string, object: Json): { pruned: Json; unknown: string[] } {
  const type = MODELS[kind];
  if (!type) throw new Error(`no schema for ${kind}`);
  const unknown: string[] = [];
  const pruned = prune(object, type, '', unknown);
  // kube-apiserver's order depends on the decoder (for a strategic merge patch, on Go map order): sorted here.
  return { pruned, unknown: unknown.sort() };
}

const warnings = new WeakMap<IncomingMessage, string[]>();

/** The request's `Warning` header values, in the order they arose. */
export const warningsOf = (req: IncomingMessage): string[] => warnings.get(req) ?? [];

function addWarning(req: IncomingMessage, text: string): void {
  warnings.set(req, [...warningsOf(req), `299 - ${JSON.stringify(text)}`]);
}

/** `?fieldValidation`: Warn when absent; any other value than the three is a 422 on the request's options. */
export function fieldValidationOf(query: URLSearchParams, options: 'CreateOptions' | 'PatchOptions' | 'UpdateOptions'): FieldValidation {
  const value = query.get('fieldValidation');
  if (value === null || value === '') return 'Warn';
  if ((DIRECTIVES as readonly string[]).includes(value)) return value as FieldValidation;
  const detail = `fieldValidation: Unsupported value: ${JSON.stringify(value)}: supported values: ${DIRECTIVES.map((d) => `"${d}"`).join(', ')}`;
  throw new KubeError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${options}.meta.k8s.io "" is invalid: ${detail}`,
    reason: 'Invalid',
    details: { group: 'meta.k8s.io', kind: options, causes: [{ reason: 'FieldValueNotSupported', message: detail.replace(/^fieldValidation: /, ''), field: 'fieldValidation' }] },
    code: 422,
  });
}

/**
 * Applies the request's field validation to the object a write would store (a patched object, a PUT
 * or POST body): returns it without unknown fields, or throws the 400 Strict asks for. A create or
 * update names the kind in the message, as the decoder's error does there.
 */
export function checkFields(req: IncomingMessage, query: URLSearchParams, kind: string, object: Json, operation: 'create' | 'update' | 'patch'): Json {
  const directive = fieldValidationOf(query, operation === 'create' ? 'CreateOptions' : operation === 'update' ? 'UpdateOptions' : 'PatchOptions');
  const { pruned, unknown } = findUnknownFields(kind, object);
  if (unknown.length === 0) return object;
  const errors = unknown.map((field) => `unknown field ${JSON.stringify(field)}`);
  if (directive === 'Strict') {
    const strict = `strict decoding error: ${errors.join(', ')}`;
    // Every kind the double writes is at version v1 of its group.
    throw badRequest(operation === 'patch' ? strict : `${kind} in version "v1" cannot be handled as a ${kind}: ${strict}`);
  }
  if (directive === 'Warn') errors.forEach((e) => addWarning(req, e));
  return pruned;
}
