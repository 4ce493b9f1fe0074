import type { GroupResource } from './status';

/**
 * The resources the double serves and the verbs each allows; any other verb is a 405, as for a
 * resource whose storage lacks that verb. Everything is namespaced.
 */

export type Verb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceInfo extends GroupResource {
  version: string;
  listKind: string;
  verbs: readonly Verb[];
  /** Subresources and their verbs. */
  subresources?: Readonly<Record<string, readonly Verb[]>>;
}

const r = (group: string, version: string, resource: string, kind: string, verbs: Verb[], subresources?: Record<string, Verb[]>): ResourceInfo => ({
  group,
  version,
  resource,
  kind,
  listKind: `${kind}List`,
  verbs,
  ...(subresources ? { subresources } : {}),
});

export const resources: readonly ResourceInfo[] = [
  r('', 'v1', 'pods', 'Pod', ['get', 'list', 'delete', 'deletecollection'], { log: ['get'], eviction: ['create'] }),
  r('', 'v1', 'configmaps', 'ConfigMap', ['get', 'list', 'patch', 'update']),
  r('', 'v1', 'events', 'Event', ['get', 'list']),
  r('apps', 'v1', 'deployments', 'Deployment', ['get', 'list', 'patch', 'update'], { scale: ['get', 'patch', 'update'] }),
  r('apps', 'v1', 'replicasets', 'ReplicaSet', ['get', 'list']),
  r('apps', 'v1', 'statefulsets', 'StatefulSet', ['get', 'list']),
  r('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', ['get', 'list']),
  r('batch', 'v1', 'cronjobs', 'CronJob', ['get', 'list']),
  r('batch', 'v1', 'jobs', 'Job', ['get', 'list', 'create']),
  r('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', ['get', 'list', 'patch', 'update']),
];

export const apiVersionOf = (info: { group: string; version: string }): string => (info.group ? `${info.group}/${info.version}` : info.version);

export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return resources.find((info) => info.group === group && info.version === version && info.resource === resource);
}

export const resourceInfo = (resource: string): ResourceInfo => {
  const info = resources.find((r) => r.resource === resource);
  if (!info) throw new Error(`not a served resource: ${resource}`);
  return info;
};
