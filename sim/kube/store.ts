import { randomUUID } from 'node:crypto';
import type { Json } from './patch';

/**
 * The double's etcd: objects by resource, namespace and name, and one revision counter for all of
 * them, so resourceVersions only ever grow (across scenario resets too) as a real cluster's do.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
}

/** Any stored object; the parts the double reads are typed in `types.ts`. */
export interface KubeObject {
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** metav1.Time: RFC 3339 in whole seconds. */
export const kubeTime = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export function newMeta(name: string, namespace: string | undefined, createdMs: number, extra: Partial<ObjectMeta> = {}): ObjectMeta {
  return { name, ...(namespace ? { namespace } : {}), uid: randomUUID(), resourceVersion: '0', creationTimestamp: kubeTime(createdMs), ...extra };
}

export const toJson = (object: unknown): Json => object as Json;

export interface Store {
  /** The revision of the last write (what a list's metadata.resourceVersion says). */
  version(): string;
  get<T extends KubeObject>(resource: string, namespace: string | undefined, name: string): T | undefined;
  list<T extends KubeObject>(resource: string, namespace?: string | null): T[];
  /** Stores a copy with the next resourceVersion and returns that copy. */
  put<T extends KubeObject>(resource: string, object: T): T;
  remove(resource: string, namespace: string | undefined, name: string): boolean;
  /** Forgets every object but not the revision counter. */
  clear(): void;
}

const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

export function createStore(): Store {
  let revision = 0;
  const buckets = new Map<string, Map<string, KubeObject>>();
  const bucket = (resource: string) => {
    let found = buckets.get(resource);
    if (!found) buckets.set(resource, (found = new Map()));
    return found;
  };
  return {
    version: () => String(revision),
    get: <T extends KubeObject>(resource: string, namespace: string | undefined, name: string) => bucket(resource).get(keyOf(namespace, name)) as T | undefined,
    list<T extends KubeObject>(resource: string, namespace: string | null = null): T[] {
      const all = [...bucket(resource).values()] as T[];
      const inNamespace = namespace === null ? all : all.filter((o) => o.metadata.namespace === namespace);
      // Sorted by namespace and name, as etcd's key order lists them.
      return inNamespace.sort((a, b) => keyOf(a.metadata.namespace, a.metadata.name).localeCompare(keyOf(b.metadata.namespace, b.metadata.name)));
    },
    put<T extends KubeObject>(resource: string, object: T): T {
      const stored = structuredClone(object);
      stored.metadata.resourceVersion = String(++revision);
      bucket(resource).set(keyOf(stored.metadata.namespace, stored.metadata.name), stored);
      return stored;
    },
    remove(resource, namespace, name) {
      if (!bucket(resource).delete(keyOf(namespace, name))) return false;
      revision++;
      return true;
    },
    clear: () => buckets.clear(),
  };
}

/** A shallow copy without some keys (kind and apiVersion are not stored; the wire adds them). */
export function omit<T extends object, K extends string>(object: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...object } as Record<string, unknown>;
  for (const key of keys) delete copy[key];
  return copy as Omit<T, K>;
}
