import type { IncomingMessage } from 'node:http';
import { isObject, type Json } from './patch';
import { badRequest } from './status';
import { kubeTime, toJson, type KubeObject } from './store';

/**
 * metadata.managedFields as the API server keeps them for Update operations: each write's manager
 * (the fieldManager parameter, else the client's user agent up to the first "/") owns the fields it set,
 * in FieldsV1 form (`f:` fields, `k:` keys of lists merged by name); a field set by another manager
 * moves to it. Status and server-managed metadata are not tracked.
 */

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface Writer {
  manager: string;
  apiVersion: string;
  subresource?: string;
  now: number;
}

/** fieldManager from the query (at most 128 printable characters), else the user agent's prefix. */
export function readFieldManager(req: IncomingMessage, query: URLSearchParams): string {
  const given = query.get('fieldManager');
  if (given === null || given === '') return (req.headers['user-agent'] ?? '').split('/')[0] ?? '';
  if (Buffer.byteLength(given) > 128) throw badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
  if (/[^\x20-\x7e]/.test(given)) throw badRequest(`fieldManager: Invalid value: ${JSON.stringify(given)}: must only contain printable characters`);
  return given;
}

const UNTRACKED_META = new Set(['resourceVersion', 'generation', 'uid', 'creationTimestamp', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'name', 'namespace', 'selfLink']);

const keyOf = (item: Json): string | null => (isObject(item) && typeof item.name === 'string' ? `k:${JSON.stringify({ name: item.name })}` : null);

/** The leaf fields that differ between two values, as FieldsV1 paths. */
function changedFields(before: Json | undefined, after: Json | undefined, path: string[], into: string[][]): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (isObject(after) && (before === undefined || isObject(before))) {
    for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after)])) changedFields((before as Record<string, Json> | undefined)?.[key], after[key], [...path, `f:${key}`], into);
    return;
  }
  if (Array.isArray(after) && after.every((item) => keyOf(item) !== null) && (before === undefined || Array.isArray(before))) {
    const old = new Map((before ?? []).map((item) => [keyOf(item)!, item]));
    for (const item of after) changedFields(old.get(keyOf(item)!), item, [...path, keyOf(item)!], into);
    return;
  }
  if (after !== undefined) into.push(path);
}

function changedPaths(current: KubeObject | null, next: KubeObject, subresource?: string): string[][] {
  const into: string[][] = [];
  const pick = (o: KubeObject | null) => {
    if (!o) return undefined;
    const { status: _status, metadata, ...rest } = o;
    void _status;
    const meta = Object.fromEntries(Object.entries(metadata).filter(([k]) => !UNTRACKED_META.has(k)));
    return toJson({ ...rest, metadata: meta });
  };
  if (subresource === 'scale') changedFields(toJson({ replicas: (current?.spec as { replicas?: number })?.replicas }), toJson({ replicas: (next.spec as { replicas?: number }).replicas }), ['f:spec'], into);
  else changedFields(pick(current), pick(next), [], into);
  return into;
}

function addPath(set: Record<string, unknown>, path: string[]): void {
  let node = set;
  for (const segment of path) node = (node[segment] ??= {}) as Record<string, unknown>;
}

function removePath(set: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !(head in set)) return;
  if (rest.length === 0) delete set[head];
  else {
    removePath(set[head] as Record<string, unknown>, rest);
    if (Object.keys(set[head] as object).length === 0) delete set[head];
  }
}

/** Gives `next` the managedFields a write by `writer` leaves (nothing changes when the write changed nothing). */
export function recordManagedFields(current: KubeObject | null, next: KubeObject, writer: Writer): void {
  const paths = changedPaths(current, next, writer.subresource);
  const entries = structuredClone((current?.metadata as { managedFields?: ManagedFieldsEntry[] } | undefined)?.managedFields ?? []);
  if (paths.length === 0) {
    if (entries.length > 0) (next.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields = entries;
    return;
  }
  const same = (e: ManagedFieldsEntry) => e.manager === writer.manager && e.subresource === writer.subresource && e.apiVersion === writer.apiVersion;
  for (const entry of entries) if (!same(entry)) for (const path of paths) removePath(entry.fieldsV1, path);
  let mine = entries.find(same);
  if (!mine) {
    mine = { manager: writer.manager, operation: 'Update', apiVersion: writer.apiVersion, time: '', fieldsType: 'FieldsV1', fieldsV1: {}, ...(writer.subresource ? { subresource: writer.subresource } : {}) };
    entries.push(mine);
  }
  for (const path of paths) addPath(mine.fieldsV1, path);
  mine.time = kubeTime(writer.now);
  (next.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields = entries.filter((e) => Object.keys(e.fieldsV1).length > 0);
}
