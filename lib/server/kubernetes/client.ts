import 'server-only';
import { PatchStrategy, type CoreV1Event, type V1ConfigMap, type V1CronJob, type V1Deployment, type V1Job, type V1Pod, type V1PodDisruptionBudget, type V1ReplicaSet, type V1Scale, type V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { jobFromCronJob } from '@/lib/kubernetes/jobs';
import { maskLogText } from '@/lib/kubernetes/log-mask';
import { isConfigMapKey, isContainerName, isDnsLabel, isLabelSelector, isObjectName } from '@/lib/kubernetes/names';
import { eventLastSeen } from '@/lib/kubernetes/views';
import { createSharedCache } from '../shared-cache';
import type { KubernetesFunction } from './calls';
import { KUBERNETES_UPSTREAM, KubernetesError } from './errors';
import { readPodMetricsList, type PodMetricsResult } from './pod-metrics';
import { createCaller } from './request';
import type { KubernetesSettings } from './settings';

export type { PodMetrics, PodMetricsResult } from './pod-metrics';

/** `dryRun: true` sends `dryRun=All`: the API server validates and admits the change, and persists nothing. */
export type DryRun = { dryRun?: boolean };
/** Lists are shared between viewers for the cache TTL; `fresh: true` (previews, verification) asks the API server. */
export type ListOptions = { fresh?: boolean };
export type JsonPatchOperation = { op: 'add' | 'replace' | 'remove' | 'test'; path: string; value?: unknown };
export type PodLogOptions = { container?: string; tailLines?: number; sinceSeconds?: number; previous?: boolean };

/** Log reads are bounded whatever the caller asks: lines, and bytes from the API server. */
export const MAX_LOG_TAIL_LINES = 5000;
export const MAX_LOG_BYTES = 2 * 1024 * 1024;

export interface KubernetesClient {
  /** The namespaces this console may touch (KUBE_NAMESPACES). */
  readonly namespaces: readonly string[];
  listDeployments(namespace: string, selector?: string, options?: ListOptions): Promise<V1Deployment[]>;
  readDeployment(namespace: string, name: string): Promise<V1Deployment>;
  readScale(namespace: string, name: string): Promise<V1Scale>;
  /**
   * Strategic merge patch of a Deployment (restart annotation, env of a container …); with
   * `resourceVersion`, only if the Deployment has not changed since (else a `conflict` KubernetesError).
   */
  patchDeploymentStrategic(namespace: string, name: string, patch: object, options?: DryRun & { resourceVersion?: string }): Promise<V1Deployment>;
  /** JSON patch (RFC 6902) of a Deployment, as `kubectl rollout undo` sends it; `resourceVersion` as above. */
  patchDeploymentJson(namespace: string, name: string, operations: JsonPatchOperation[], options?: DryRun & { resourceVersion?: string }): Promise<V1Deployment>;
  /** Sets replicas through the scale subresource; with `resourceVersion`, only if the Deployment has not changed since. */
  patchScale(namespace: string, name: string, replicas: number, options?: DryRun & { resourceVersion?: string }): Promise<V1Scale>;
  listReplicaSets(namespace: string, selector?: string, options?: ListOptions): Promise<V1ReplicaSet[]>;
  listPods(namespace: string, selector?: string, options?: ListOptions): Promise<V1Pod[]>;
  /**
   * Evicts a pod (policy/v1 Eviction): the API server deletes it only if its PodDisruptionBudget allows a
   * disruption now, else 429 (a `disruption-budget` KubernetesError naming the budget). With `uid`, only
   * that pod: one made since under the same name (a StatefulSet's) is left alone (409).
   */
  evictPod(namespace: string, name: string, options?: DryRun & { uid?: string }): Promise<void>;
  listPodDisruptionBudgets(namespace: string, options?: ListOptions): Promise<V1PodDisruptionBudget[]>;
  /** A pod's log, personal data masked, as lines (newest last). */
  readPodLog(namespace: string, pod: string, options?: PodLogOptions): Promise<string[]>;
  /** Warning events, newest first; only those about `involvedNames` when given. */
  listWarningEvents(namespace: string, involvedNames?: readonly string[], options?: ListOptions): Promise<CoreV1Event[]>;
  readConfigMap(namespace: string, name: string): Promise<V1ConfigMap>;
  /**
   * Merge patch of a ConfigMap's data (a null value removes the key), applied only if the ConfigMap
   * is still at `resourceVersion`: otherwise a `conflict` KubernetesError.
   */
  patchConfigMapMerge(namespace: string, name: string, data: Record<string, string | null>, options: DryRun & { resourceVersion: string }): Promise<V1ConfigMap>;
  listHpas(namespace: string, options?: ListOptions): Promise<V2HorizontalPodAutoscaler[]>;
  readCronJob(namespace: string, name: string): Promise<V1CronJob>;
  /** `kubectl create job <jobName> --from=cronjob/<cronJob>`. */
  createJobFromCronJob(namespace: string, cronJob: string, jobName: string, options?: DryRun): Promise<V1Job>;
  readJob(namespace: string, name: string): Promise<V1Job>;
  /** Pod CPU and memory from metrics.k8s.io; `{available: false}` when that API is not served. */
  listPodMetrics(namespace: string, selector?: string, options?: ListOptions): Promise<PodMetricsResult>;
}

// Every function of the table is implemented, and nothing else (the RBAC manifest is checked against the table).
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameFunctions: Exact<Exclude<keyof KubernetesClient, 'namespaces'>, KubernetesFunction> = true;
void sameFunctions;

const dryRunParam = (options?: DryRun) => (options?.dryRun ? 'All' : undefined);
/** Sent with every change: a field the API server does not know is refused (400), not dropped with a warning (kubectl's choice too). */
const fieldValidation = 'Strict';

/** Sent with every write: managedFields (and so `kubectl get -o yaml --show-managed-fields`) name the console. */
export const FIELD_MANAGER = 'voicehive-ops';

export function createKubernetesClient(settings: KubernetesSettings, { cacheTtlMs }: { cacheTtlMs: number }): KubernetesClient {
  const call = createCaller(settings);
  const allowed = new Set(settings.namespaces);

  /** Checked before anything is sent: a namespace outside KUBE_NAMESPACES, or a malformed name or selector. */
  function check(object: string, namespace: string, names: Record<string, string | undefined> = {}, selector?: string) {
    if (!allowed.has(namespace)) {
      throw new KubernetesError('namespace-not-allowed', object, null, `${object}: namespace ${JSON.stringify(namespace)} is not one the console may use (KUBE_NAMESPACES: ${settings.namespaces.join(', ')})`);
    }
    for (const [what, value] of Object.entries(names)) {
      if (value === undefined) continue;
      const ok = what === 'job name' ? isDnsLabel(value) : what === 'container' ? isContainerName(value) : isObjectName(value);
      if (!ok) throw new KubernetesError('invalid-argument', object, null, `${object}: ${JSON.stringify(value)} is not a valid ${what}`);
    }
    if (selector !== undefined && !isLabelSelector(selector)) {
      throw new KubernetesError('invalid-argument', object, null, `${object}: ${JSON.stringify(selector)} is not a label selector`);
    }
  }

  const inNamespace = (what: string, namespace: string, selector?: string) => `${what} in ${namespace}${selector ? ` (${selector})` : ''}`;

  // Shared reads: N viewers of one panel cost one request per TTL. Every change the console makes
  // starts a new generation of keys, so nobody is answered from before it; reads already in flight
  // finish for those waiting on them (clearing the cache would abort them).
  let generation = 0;
  function sharedList<T extends object>(fn: KubernetesFunction, load: (namespace: string, selector?: string) => Promise<T>) {
    const cache = createSharedCache<T>({
      upstream: KUBERNETES_UPSTREAM,
      ttlMs: cacheTtlMs,
      sizeOf: (value) => (Array.isArray(value) ? value.length + 1 : 1),
      maxSize: 50_000,
      load: (key) => {
        const { namespace, selector } = JSON.parse(key) as { namespace: string; selector?: string };
        return load(namespace, selector);
      },
    });
    return (namespace: string, selector: string | undefined, options: ListOptions | undefined): Promise<T> =>
      options?.fresh ? load(namespace, selector) : cache.get(JSON.stringify({ generation, fn, namespace, selector }));
  }
  async function mutation<T>(dryRun: boolean | undefined, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } finally {
      if (!dryRun) generation++;
    }
  }

  const deployments = sharedList('listDeployments', (namespace, selector) =>
    call('listDeployments', inNamespace('deployments', namespace, selector), namespace, async ({ apps }, options) =>
      (await apps.listNamespacedDeployment({ namespace, labelSelector: selector }, options())).items,
    ),
  );
  const replicaSets = sharedList('listReplicaSets', (namespace, selector) =>
    call('listReplicaSets', inNamespace('replicasets', namespace, selector), namespace, async ({ apps }, options) =>
      (await apps.listNamespacedReplicaSet({ namespace, labelSelector: selector }, options())).items,
    ),
  );
  const pods = sharedList('listPods', (namespace, selector) =>
    call('listPods', inNamespace('pods', namespace, selector), namespace, async ({ core }, options) =>
      (await core.listNamespacedPod({ namespace, labelSelector: selector }, options())).items,
    ),
  );
  const warnings = sharedList('listWarningEvents', (namespace) =>
    call('listWarningEvents', inNamespace('warning events', namespace), namespace, async ({ core }, options) => {
      const items = (await core.listNamespacedEvent({ namespace, fieldSelector: 'type=Warning' }, options())).items;
      // The field selector is the server's filter; a server that ignored it must not make Normal events look like warnings.
      return items.filter((e) => e.type === 'Warning').sort((a, b) => (eventLastSeen(b) ?? '').localeCompare(eventLastSeen(a) ?? ''));
    }),
  );
  const hpas = sharedList('listHpas', (namespace) =>
    call('listHpas', inNamespace('horizontal pod autoscalers', namespace), namespace, async ({ autoscaling }, options) =>
      (await autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace }, options())).items,
    ),
  );
  const pdbs = sharedList('listPodDisruptionBudgets', (namespace) =>
    call('listPodDisruptionBudgets', inNamespace('pod disruption budgets', namespace), namespace, async ({ policy }, options) =>
      (await policy.listNamespacedPodDisruptionBudget({ namespace }, options())).items,
    ),
  );
  const podMetrics = sharedList('listPodMetrics', (namespace, selector) => readPodMetricsList(call, namespace, selector, inNamespace('pod metrics', namespace, selector)));

  return {
    namespaces: [...settings.namespaces],

    async listDeployments(namespace, selector, options) {
      check(inNamespace('deployments', namespace, selector), namespace, {}, selector);
      return deployments(namespace, selector, options);
    },

    async readDeployment(namespace, name) {
      const object = `deployment ${namespace}/${name}`;
      check(object, namespace, { 'deployment name': name });
      return call('readDeployment', object, namespace, ({ apps }, options) => apps.readNamespacedDeployment({ namespace, name }, options()));
    },

    async readScale(namespace, name) {
      const object = `scale of deployment ${namespace}/${name}`;
      check(object, namespace, { 'deployment name': name });
      return call('readScale', object, namespace, ({ apps }, options) => apps.readNamespacedDeploymentScale({ namespace, name }, options()));
    },

    async patchDeploymentStrategic(namespace, name, patch, options) {
      const object = `deployment ${namespace}/${name}`;
      check(object, namespace, { 'deployment name': name });
      // The resourceVersion in the patched object is a precondition: a Deployment changed since it was read answers 409.
      const body = options?.resourceVersion ? { ...patch, metadata: { ...(patch as { metadata?: object }).metadata, resourceVersion: options.resourceVersion } } : patch;
      return mutation(options?.dryRun, () =>
        call('patchDeploymentStrategic', object, namespace, ({ apps }, callOptions) =>
          apps.patchNamespacedDeployment({ namespace, name, body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER, fieldValidation }, callOptions(PatchStrategy.StrategicMergePatch)),
        ),
      );
    },

    async patchDeploymentJson(namespace, name, operations, options) {
      const object = `deployment ${namespace}/${name}`;
      check(object, namespace, { 'deployment name': name });
      const body = options?.resourceVersion ? [...operations, { op: 'replace', path: '/metadata/resourceVersion', value: options.resourceVersion }] : operations;
      return mutation(options?.dryRun, () =>
        call('patchDeploymentJson', object, namespace, ({ apps }, callOptions) =>
          apps.patchNamespacedDeployment({ namespace, name, body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER, fieldValidation }, callOptions(PatchStrategy.JsonPatch)),
        ),
      );
    },

    async patchScale(namespace, name, replicas, options) {
      const object = `scale of deployment ${namespace}/${name}`;
      check(object, namespace, { 'deployment name': name });
      if (!Number.isSafeInteger(replicas)) throw new KubernetesError('invalid-argument', object, null, `${object}: replicas must be a whole number, got ${replicas}`);
      const body = { ...(options?.resourceVersion ? { metadata: { resourceVersion: options.resourceVersion } } : {}), spec: { replicas } };
      return mutation(options?.dryRun, () =>
        call('patchScale', object, namespace, ({ apps }, callOptions) =>
          apps.patchNamespacedDeploymentScale({ namespace, name, body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER, fieldValidation }, callOptions(PatchStrategy.MergePatch)),
        ),
      );
    },

    async listReplicaSets(namespace, selector, options) {
      check(inNamespace('replicasets', namespace, selector), namespace, {}, selector);
      return replicaSets(namespace, selector, options);
    },

    async listPods(namespace, selector, options) {
      check(inNamespace('pods', namespace, selector), namespace, {}, selector);
      return pods(namespace, selector, options);
    },

    async evictPod(namespace, name, options) {
      const object = `pod ${namespace}/${name}`;
      check(object, namespace, { 'pod name': name });
      const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace }, ...(options?.uid ? { deleteOptions: { preconditions: { uid: options.uid } } } : {}) };
      await mutation(options?.dryRun, () =>
        call('evictPod', object, namespace, ({ core }, callOptions) => core.createNamespacedPodEviction({ namespace, name, body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER, fieldValidation }, callOptions())),
      );
    },

    async listPodDisruptionBudgets(namespace, options) {
      check(inNamespace('pod disruption budgets', namespace), namespace);
      return pdbs(namespace, undefined, options);
    },

    async readPodLog(namespace, pod, options = {}) {
      const object = `log of pod ${namespace}/${pod}${options.container ? ` (container ${options.container})` : ''}`;
      check(object, namespace, { 'pod name': pod, container: options.container });
      const tailLines = Math.min(Math.max(1, Math.floor(options.tailLines ?? 500)), MAX_LOG_TAIL_LINES);
      const sinceSeconds = options.sinceSeconds === undefined ? undefined : Math.max(1, Math.floor(options.sinceSeconds));
      const text = await call('readPodLog', object, namespace, ({ core }, callOptions) =>
        core.readNamespacedPodLog({ namespace, name: pod, container: options.container, tailLines, sinceSeconds, previous: options.previous, limitBytes: MAX_LOG_BYTES }, callOptions()),
      );
      // Masked here, so no caller can hand unmasked lines to a browser.
      const lines = maskLogText(typeof text === 'string' ? text : '').split('\n');
      if (lines.at(-1) === '') lines.pop();
      return lines;
    },

    async listWarningEvents(namespace, involvedNames, options) {
      check(inNamespace('warning events', namespace), namespace);
      const events = await warnings(namespace, undefined, options);
      if (!involvedNames) return events;
      const wanted = new Set(involvedNames);
      return events.filter((e) => wanted.has(e.involvedObject?.name ?? ''));
    },

    async readConfigMap(namespace, name) {
      const object = `configmap ${namespace}/${name}`;
      check(object, namespace, { 'configmap name': name });
      return call('readConfigMap', object, namespace, ({ core }, options) => core.readNamespacedConfigMap({ namespace, name }, options()));
    },

    async patchConfigMapMerge(namespace, name, data, options) {
      const object = `configmap ${namespace}/${name}`;
      check(object, namespace, { 'configmap name': name });
      const badKey = Object.keys(data).find((key) => !isConfigMapKey(key));
      if (badKey !== undefined) throw new KubernetesError('invalid-argument', object, null, `${object}: ${JSON.stringify(badKey)} is not a valid ConfigMap key`);
      if (!options.resourceVersion) throw new KubernetesError('invalid-argument', object, null, `${object}: a resourceVersion precondition is required`);
      // The resourceVersion in a merge patch is a precondition: a ConfigMap changed since it was read answers 409.
      const body = { metadata: { resourceVersion: options.resourceVersion }, data };
      return mutation(options.dryRun, () =>
        call('patchConfigMapMerge', object, namespace, ({ core }, callOptions) =>
          core.patchNamespacedConfigMap({ namespace, name, body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER, fieldValidation }, callOptions(PatchStrategy.MergePatch)),
        ),
      );
    },

    async listHpas(namespace, options) {
      check(inNamespace('horizontal pod autoscalers', namespace), namespace);
      return hpas(namespace, undefined, options);
    },

    async readCronJob(namespace, name) {
      const object = `cronjob ${namespace}/${name}`;
      check(object, namespace, { 'cronjob name': name });
      return call('readCronJob', object, namespace, ({ batch }, options) => batch.readNamespacedCronJob({ namespace, name }, options()));
    },

    async createJobFromCronJob(namespace, cronJob, jobName, options) {
      const source = `cronjob ${namespace}/${cronJob}`;
      const object = `job ${namespace}/${jobName}`;
      check(object, namespace, { 'cronjob name': cronJob, 'job name': jobName });
      const template = await call('createJobFromCronJob', source, namespace, ({ batch }, callOptions) => batch.readNamespacedCronJob({ namespace, name: cronJob }, callOptions()), 0);
      let body;
      try {
        body = jobFromCronJob(template, jobName);
      } catch (error) {
        throw new KubernetesError('bad-response', source, null, `${source}: ${error instanceof Error ? error.message : String(error)}`);
      }
      return mutation(options?.dryRun, () =>
        call('createJobFromCronJob', `${object} (from ${source})`, namespace, ({ batch }, callOptions) =>
          batch.createNamespacedJob({ namespace, body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER, fieldValidation }, callOptions()), 1),
      );
    },

    async readJob(namespace, name) {
      const object = `job ${namespace}/${name}`;
      check(object, namespace, { 'job name': name });
      return call('readJob', object, namespace, ({ batch }, options) => batch.readNamespacedJob({ namespace, name }, options()));
    },

    async listPodMetrics(namespace, selector, options) {
      check(inNamespace('pod metrics', namespace, selector), namespace, {}, selector);
      return podMetrics(namespace, selector, options);
    },
  };
}
