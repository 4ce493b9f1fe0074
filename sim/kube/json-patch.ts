import { canonical, isObject, PatchError, type Json, type JsonObject } from './patch';

/** RFC 6902 JSON patch, as kube-apiserver applies `application/json-patch+json` (all or nothing). */

const clone = <T extends Json>(value: T): T => structuredClone(value);

interface Operation {
  op: string;
  path: string;
  value?: Json;
  from?: string;
}

/** RFC 6901 pointer → segments (`~1` is `/`, `~0` is `~`). */
function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function locate(doc: Json, segments: string[], op: string, pointer: string): { parent: JsonObject | Json[]; key: string } {
  let node: Json = doc;
  for (const segment of segments.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(node) ? node[Number(segment)] : isObject(node) ? node[segment] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') throw new PatchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
    node = next;
  }
  if (node === null || typeof node !== 'object') throw new PatchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  return { parent: node, key: segments[segments.length - 1]! };
}

function arrayIndex(list: Json[], key: string, forAdd: boolean, op: string, pointer: string): number {
  if (forAdd && key === '-') return list.length;
  const index = Number(key);
  if (!/^(0|[1-9]\d*)$/.test(key) || index > list.length || (!forAdd && index === list.length)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  return index;
}

function read(doc: Json, pointer: string, op: string): Json {
  const segments = parsePointer(pointer);
  if (segments.length === 0) return doc;
  const { parent, key } = locate(doc, segments, op, pointer);
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value === undefined) throw new PatchError(`${op} operation does not apply: doc is missing key: ${pointer}: missing value`);
  return value;
}

function remove(doc: Json, pointer: string, op: string): void {
  const { parent, key } = locate(doc, parsePointer(pointer), op, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false, op, pointer), 1);
  else if (key in parent) delete parent[key];
  else throw new PatchError(`${op} operation does not apply: doc is missing key: ${pointer}: missing value`);
}

function add(doc: Json, pointer: string, value: Json, op: string): Json {
  const segments = parsePointer(pointer);
  if (segments.length === 0) return value;
  const { parent, key } = locate(doc, segments, op, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, op, pointer), 0, value);
  else parent[key] = value;
  return doc;
}

/** RFC 6902 (add, remove, replace, move, copy, test), all or nothing. */
export function applyJsonPatch(target: Json, operations: unknown): Json {
  if (!Array.isArray(operations)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', true);
  let doc = clone(target);
  for (const raw of operations) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw new PatchError(`invalid operation ${JSON.stringify(raw)}`);
    const operation = raw as unknown as Operation;
    const { op, path } = operation;
    const value = operation.value === undefined ? undefined : clone(operation.value);
    if ((op === 'add' || op === 'replace' || op === 'test') && value === undefined) throw new PatchError(`${op} operation has no value`);
    switch (op) {
      case 'add':
        doc = add(doc, path, value!, op);
        break;
      case 'remove':
        remove(doc, path, op);
        break;
      case 'replace':
        read(doc, path, op);
        if (path === '') doc = value!;
        else {
          remove(doc, path, op);
          doc = add(doc, path, value!, op);
        }
        break;
      case 'move':
      case 'copy': {
        if (typeof operation.from !== 'string') throw new PatchError(`${op} operation has no from`);
        const moved = clone(read(doc, operation.from, op));
        if (op === 'move') remove(doc, operation.from, op);
        doc = add(doc, path, moved, op);
        break;
      }
      case 'test':
        if (JSON.stringify(canonical(read(doc, path, op))) !== JSON.stringify(canonical(value!))) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}
