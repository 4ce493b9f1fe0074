import 'server-only';

/** One request to the API server, as RBAC sees it. `group` '' is the core API group. */
export type KubernetesCall = {
  verb: 'get' | 'list' | 'patch' | 'delete' | 'create';
  group: '' | 'apps' | 'autoscaling' | 'batch' | 'policy' | 'metrics.k8s.io';
  resource: string;
  subresource?: string;
};

/**
 * Every adapter function and the requests it sends (for messages about a refusal). The adapter has no
 * other function; deploy/kubernetes/rbac.yaml grants only those of them a catalog step or panel uses
 * (lib/kubernetes/rbac-needs.ts).
 */
export const kubernetesCalls = {
  listDeployments: [{ verb: 'list', group: 'apps', resource: 'deployments' }],
  readDeployment: [{ verb: 'get', group: 'apps', resource: 'deployments' }],
  readScale: [{ verb: 'get', group: 'apps', resource: 'deployments', subresource: 'scale' }],
  patchDeploymentStrategic: [{ verb: 'patch', group: 'apps', resource: 'deployments' }],
  patchDeploymentJson: [{ verb: 'patch', group: 'apps', resource: 'deployments' }],
  patchScale: [{ verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale' }],
  listReplicaSets: [{ verb: 'list', group: 'apps', resource: 'replicasets' }],
  listPods: [{ verb: 'list', group: '', resource: 'pods' }],
  evictPod: [{ verb: 'create', group: '', resource: 'pods', subresource: 'eviction' }],
  listPodDisruptionBudgets: [{ verb: 'list', group: 'policy', resource: 'poddisruptionbudgets' }],
  readPodLog: [{ verb: 'get', group: '', resource: 'pods', subresource: 'log' }],
  listWarningEvents: [{ verb: 'list', group: '', resource: 'events' }],
  readConfigMap: [{ verb: 'get', group: '', resource: 'configmaps' }],
  patchConfigMapMerge: [{ verb: 'patch', group: '', resource: 'configmaps' }],
  listHpas: [{ verb: 'list', group: 'autoscaling', resource: 'horizontalpodautoscalers' }],
  readCronJob: [{ verb: 'get', group: 'batch', resource: 'cronjobs' }],
  createJobFromCronJob: [
    { verb: 'get', group: 'batch', resource: 'cronjobs' },
    { verb: 'create', group: 'batch', resource: 'jobs' },
  ],
  readJob: [{ verb: 'get', group: 'batch', resource: 'jobs' }],
  listPodMetrics: [{ verb: 'list', group: 'metrics.k8s.io', resource: 'pods' }],
} as const satisfies Record<string, readonly KubernetesCall[]>;

export type KubernetesFunction = keyof typeof kubernetesCalls;

/** "deployments/scale" or "pods": the resource as RBAC rules and messages name it. */
export function rbacResource(call: KubernetesCall): string {
  return call.subresource ? `${call.resource}/${call.subresource}` : call.resource;
}
