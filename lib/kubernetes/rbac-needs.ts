// What the console sends to the API server for each catalog step and panel, as RBAC sees it. Pure: the
// RBAC manifest (deploy/kubernetes/rbac.yaml) is generated from this and the catalog, and tests hold it
// to what the adapter really sends (lib/server/kubernetes/rbac-exercise.test.ts).
import type { kubernetesKinds } from '@/lib/actions/kinds';
import type { Action, Panel, Section } from '@/lib/catalog/schema';

export type KubernetesKind = (typeof kubernetesKinds)[number];

/** One kind of request: `group` '' is the core group; `resource` carries the subresource ("deployments/scale"). */
export type RbacCall = { verb: 'get' | 'list' | 'patch' | 'delete' | 'create'; group: string; resource: string };

/**
 * `target`: the request names the step's target object (so RBAC can limit it with resourceNames);
 * `any`: it cannot be limited by name (a list, a create, or pods picked by a selector).
 * `pending`: the adapter does not send it yet; the reason says which change will (a test requires the reason).
 */
export type RbacNeed = RbacCall & { names: 'target' | 'any'; why: string; pending?: string };

const need = (verb: RbacCall['verb'], group: string, resource: string, names: RbacNeed['names'], why: string, pending?: string): RbacNeed => ({
  verb,
  group,
  resource,
  names,
  why,
  ...(pending ? { pending } : {}),
});

const readDeployment = need('get', 'apps', 'deployments', 'target', 'preview, read-back and rollout status of a deployment step');
const patchDeployment = need('patch', 'apps', 'deployments', 'target', 'restart, set env, rollout undo');

/** Per action kind: every request of its preview, execution and follow-up. */
export const actionNeeds: Record<KubernetesKind, readonly RbacNeed[]> = {
  'rollout-restart': [readDeployment, patchDeployment],
  'set-env': [readDeployment, patchDeployment],
  'set-memory-limit': [readDeployment, patchDeployment],
  'rollout-undo': [readDeployment, need('list', 'apps', 'replicasets', 'any', "rollout undo: the deployment's revisions"), patchDeployment],
  scale: [
    readDeployment,
    need('patch', 'apps', 'deployments/scale', 'target', 'scale'),
    need('list', 'autoscaling', 'horizontalpodautoscalers', 'any', 'scale: warn when an HPA manages the deployment'),
  ],
  'patch-configmap': [
    need('get', '', 'configmaps', 'target', 'ConfigMap change: the value before'),
    need('patch', '', 'configmaps', 'target', 'ConfigMap change'),
    need('list', 'apps', 'deployments', 'any', 'ConfigMap change: the deployments that read it'),
  ],
  'delete-pods': [
    need('list', '', 'pods', 'any', 'delete pods: the pods a selector picks, and their replacements'),
    need('create', '', 'pods/eviction', 'target', 'delete pods through the Eviction API (respects PodDisruptionBudgets), one at a time'),
    need('list', 'policy', 'poddisruptionbudgets', 'any', "delete pods: the budget that would refuse an eviction, shown in the preview"),
  ],
  'create-job-from-cronjob': [
    need('get', 'batch', 'cronjobs', 'target', 'Job from a CronJob: its template'),
    need('create', 'batch', 'jobs', 'any', 'Job from a CronJob'),
    need('get', 'batch', 'jobs', 'any', 'Job from a CronJob: the run follows the Job it created to Complete or Failed'),
  ],
};

export const panelNeeds: Record<'workloads' | 'logs', readonly RbacNeed[]> = {
  workloads: [
    need('list', 'apps', 'deployments', 'any', 'workloads panels'),
    need('list', 'apps', 'replicasets', 'any', 'workloads panels: events about ReplicaSets'),
    need('list', '', 'pods', 'any', 'workloads panels'),
    need('list', '', 'events', 'any', 'workloads panels: warning events'),
    need('list', 'metrics.k8s.io', 'pods', 'any', 'workloads panels: pod CPU and memory'),
  ],
  logs: [need('list', '', 'pods', 'any', 'log panels: the pods to read'), need('get', '', 'pods/log', 'any', 'log panels')],
};

/** Where a request is needed: a step or panel of a section, in a namespace, on named objects or any. */
export type NeedUse = RbacNeed & { namespace: string; objectNames: string[] | 'any'; usedBy: string };

/** "{deployment}" with an enum parameter → each of its values; a fixed name → itself. */
export function expandTargetNames(action: Action): string[] {
  const name = action.target.name;
  if (!name) return [];
  const param = /^\{(\w+)\}$/.exec(name)?.[1];
  if (!param) return [name];
  const spec = action.params[param];
  if (!spec || spec.type !== 'enum') throw new Error(`action target ${name} is not an enum parameter`);
  return spec.values;
}

const isKubernetesKind = (kind: string, kinds: readonly string[]): kind is KubernetesKind => kinds.includes(kind);

/** Every request the catalog's steps and panels need, with the section and step or panel behind it. */
export function listNeedUses(sections: readonly Section[]): NeedUse[] {
  const kinds = Object.keys(actionNeeds);
  const uses: NeedUse[] = [];
  for (const section of sections) {
    for (const step of section.resolution) {
      const action = step.action;
      if (!action || !isKubernetesKind(action.kind, kinds)) continue;
      const namespace = action.target.namespace ?? 'voicehive';
      const names = expandTargetNames(action);
      for (const n of actionNeeds[action.kind]) {
        uses.push({ ...n, namespace, objectNames: n.names === 'target' && names.length > 0 ? names : 'any', usedBy: `${section.id}/${step.id}` });
      }
    }
    for (const panel of section.panels as Panel[]) {
      if (panel.kind !== 'workloads' && panel.kind !== 'logs') continue;
      for (const n of panelNeeds[panel.kind]) uses.push({ ...n, namespace: panel.namespace, objectNames: 'any', usedBy: `${section.id}/${panel.id}` });
    }
  }
  return uses;
}
