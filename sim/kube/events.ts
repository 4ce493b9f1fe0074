import { hexOf } from './names';
import { kubeTime, newMeta, type KubeObject, type Store } from './store';
import type { KubeEvent } from './types';

/**
 * core/v1 Events as client-go's recorder writes them: a repeat of the same reason and message on the
 * same object bumps `count` and `lastTimestamp` instead of adding an event, and the server forgets
 * events an hour after they last happened (kube-apiserver's --event-ttl).
 */

const EVENT_TTL_MS = 3_600_000;
/** Bound on stored events, so a long demo run keeps a small store. */
const MAX_EVENTS = 400;

export interface EventSource {
  component: string;
  host?: string;
}

export interface Involved {
  kind: string;
  apiVersion: string;
  namespace?: string;
  name: string;
  uid?: string;
  fieldPath?: string;
}

export const involve = (kind: string, apiVersion: string, object: KubeObject, fieldPath?: string): Involved => ({
  kind,
  apiVersion,
  namespace: object.metadata.namespace,
  name: object.metadata.name,
  uid: object.metadata.uid,
  ...(fieldPath ? { fieldPath } : {}),
});

export interface EventRecorder {
  record(involved: Involved, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource): void;
  /** Drops events past their TTL. */
  expire(): void;
}

export function createEventRecorder(store: Store, now: () => number): EventRecorder {
  // The recorder's aggregation key → the event it made; kept aside so no made-up field goes on the wire.
  const made = new Map<string, { namespace: string; name: string }>();
  const expire = () => {
    const all = store.list<KubeEvent>('events');
    const cutoff = kubeTime(now() - EVENT_TTL_MS);
    const byAge = all.sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp));
    byAge.forEach((event, index) => {
      if (event.lastTimestamp < cutoff || index < byAge.length - MAX_EVENTS) store.remove('events', event.metadata.namespace, event.metadata.name);
    });
  };
  return {
    expire,
    record(involved, type, reason, message, source) {
      const at = kubeTime(now());
      // Node events live in "default", as the kubelet and node-problem-detector put them.
      const namespace = involved.namespace ?? 'default';
      const key = `${involved.uid ?? involved.name}|${type}|${reason}|${message}|${source.component}`;
      const ref = made.get(key);
      const existing = ref && store.get<KubeEvent>('events', ref.namespace, ref.name);
      if (existing) {
        store.put('events', { ...existing, count: existing.count + 1, lastTimestamp: at });
        return;
      }
      const name = `${involved.name}.${hexOf(`${key}|${now()}`, 16)}`;
      const event: KubeEvent = {
        metadata: newMeta(name, namespace, now()),
        involvedObject: { ...involved, namespace },
        reason,
        message,
        source,
        firstTimestamp: at,
        lastTimestamp: at,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      };
      store.put('events', event);
      made.set(key, { namespace, name });
      if (made.size > MAX_EVENTS * 4) made.delete(made.keys().next().value!);
    },
  };
}
