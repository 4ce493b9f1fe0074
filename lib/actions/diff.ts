// The exact change an action makes, as a reviewer reads it: one line per changed field, before → after,
// computed from the object as it is and as the server's dry run says it would be.

export type Change = { path: string; before: unknown; after: unknown };

// Fields the server changes on every write, or that describe state rather than intent: noise in a review.
const IGNORED = [
  /^metadata\.(resourceVersion|generation|managedFields|creationTimestamp|uid|selfLink)(\.|\[|$)/,
  /^status(\.|$)/,
  // Written by the deployment controller after every rollout, not by the change itself.
  /^metadata\.annotations\.deployment\.kubernetes\.io\/revision$/,
];

export function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    // Lists of named things (containers, env) are keyed by name so a reordering is not a change.
    const named = value.every((item) => typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string');
    value.forEach((item, i) => flatten(item, `${prefix}[${named ? (item as { name: string }).name : i}]`, into));
    if (value.length === 0) into.set(prefix, []);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) into.set(prefix, {});
    for (const [key, child] of entries) flatten(child, prefix ? `${prefix}.${key}` : key, into);
    return;
  }
  into.set(prefix, value);
}

export function diffObjects(before: unknown, after: unknown): Change[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  // An empty object that gains children (or loses its last one) is shown by the children alone.
  const hasChildren = (paths: Map<string, unknown>, path: string) => [...paths.keys()].some((p) => p.startsWith(`${path}.`) || p.startsWith(`${path}[`));
  const changes: Change[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    if (IGNORED.some((pattern) => pattern.test(path))) continue;
    if ((!b.has(path) && hasChildren(b, path)) || (!a.has(path) && hasChildren(a, path))) continue;
    const was = a.get(path);
    const will = b.get(path);
    if (JSON.stringify(was) !== JSON.stringify(will)) changes.push({ path, before: was, after: will });
  }
  return changes.sort((x, y) => x.path.localeCompare(y.path));
}

/** A flattened view of an object, path → value, as diffObjects names paths. */
export function flattenObject(value: unknown): Map<string, unknown> {
  const into = new Map<string, unknown>();
  flatten(value, '', into);
  return into;
}

/**
 * The approved changes the object read back does not hold: a path whose value is not the approved
 * `after` (absent where the change removed it). Empty when the object is what was approved.
 */
export function findUnheldChanges(changes: readonly Change[], readBack: unknown): { path: string; want: unknown; found: unknown }[] {
  const now = flattenObject(readBack);
  return changes.filter((c) => JSON.stringify(now.get(c.path)) !== JSON.stringify(c.after)).map((c) => ({ path: c.path, want: c.after, found: now.get(c.path) }));
}
