/**
 * The three PATCH flavours kube-apiserver accepts for built-in types. Pure functions on JSON; the
 * inputs are never mutated (the store keeps its objects until a write is accepted).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A patch that cannot be applied: the caller answers 422 (json-patch) or 400 (malformed directives). */
export class PatchError extends Error {
  constructor(message: string, readonly badRequest = false) {
    super(message);
    this.name = 'PatchError';
  }
}

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const clone = <T extends Json>(value: T): T => structuredClone(value);

/** RFC 7386: objects merge, null removes, everything else (arrays too) replaces. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key] ?? null, value);
  }
  return result;
}

/**
 * Merge keys of the list fields of the types the double serves (the `patchMergeKey` tags of
 * k8s.io/api): lists of these merge element by element; every other list is replaced whole.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  resourceClaims: 'name',
  topologySpreadConstraints: 'topologyKey',
};
/** Primitive lists with `patchStrategy:"merge"`: the patch's items are added to the existing ones. */
const SET_LISTS = new Set(['finalizers']);

/**
 * Strategic merge patch: a merge patch that merges keyed lists (containers and env by name…) and
 * understands the `$patch` (replace/delete), `$deleteFromPrimitiveList/` and `$setElementOrder/`
 * directives kubectl sends.
 */
export function applyStrategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const directive = patch.$patch;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive !== undefined && directive !== 'merge') throw new PatchError(`Unable to find api field in struct for the $patch directive "${String(directive)}"`, true);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const existing = result[field];
      if (Array.isArray(existing) && Array.isArray(value)) result[field] = existing.filter((item) => !value.includes(item));
      continue;
    }
    if (value === null || (isObject(value) && value.$patch === 'delete')) {
      delete result[key];
      continue;
    }
    const current = result[key] ?? null;
    if (Array.isArray(value)) result[key] = mergeList(key, Array.isArray(current) ? current : [], value);
    else result[key] = isObject(value) ? applyStrategicMergePatch(current, value) : value;
  }
  return result;
}

function mergeList(field: string, current: Json[], patch: Json[]): Json[] {
  if (patch.some((item) => isObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map((item) => stripDirectives(item));
  }
  if (SET_LISTS.has(field)) return [...current, ...patch.filter((item) => !current.includes(item))];
  const mergeKey = MERGE_KEYS[field];
  if (!mergeKey) return patch.map((item) => stripDirectives(item));
  const result = [...current];
  for (const item of patch) {
    if (!isObject(item) || item[mergeKey] === undefined) throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`, true);
    const index = result.findIndex((existing) => isObject(existing) && existing[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) result[index] = applyStrategicMergePatch(result[index]!, item);
    else result.push(stripDirectives(item));
  }
  return result;
}

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('$')).map(([key, v]) => [key, stripDirectives(v)]));
}

/** Keys sorted, so equal JSON compares equal whatever the key order. */
export function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key]!)]),
  );
}

export const jsonEqual = (a: Json, b: Json): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
