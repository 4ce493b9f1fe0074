import type { Estate } from '../estate';
import type { AdmissionWebhook } from './admission';
import type { Controller } from './controller';
import type { EventRecorder } from './events';
import { apiVersionOf, type ResourceInfo } from './resources';
import { omit, type KubeObject, type Store } from './store';

/** What every handler of the double works with. */
export interface KubeContext {
  store: Store;
  estate: Estate;
  controller: Controller;
  events: EventRecorder;
  now(): number;
  /** How long a deleted pod stays Terminating. */
  graceMs: number;
  /** Admission webhooks with side effects refuse dry runs (admission.ts). */
  webhooks: readonly AdmissionWebhook[];
}

/** An object as the server sends it alone: kind and apiVersion first. */
export function toWire(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>, object: KubeObject): Record<string, unknown> {
  return { kind: info.kind, apiVersion: apiVersionOf(info), ...omit(object, 'kind', 'apiVersion') };
}

/**
 * A list: kind and apiVersion on the list, not on its items (kube-apiserver leaves them out of
 * items, so a client must not rely on `item.kind`).
 */
export function toWireList(info: Pick<ResourceInfo, 'group' | 'version' | 'listKind'>, version: string, items: readonly KubeObject[], next?: string): Record<string, unknown> {
  return {
    kind: info.listKind,
    apiVersion: apiVersionOf(info),
    metadata: { resourceVersion: version, ...(next ? { continue: next } : {}) },
    items: items.map((item) => omit(item, 'kind', 'apiVersion')),
  };
}
