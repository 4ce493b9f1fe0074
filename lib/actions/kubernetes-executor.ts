import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { restartPatch, setEnvPatch } from '@/lib/kubernetes/patches';
import { rolloutStatusOf } from '@/lib/kubernetes/views';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';
import { diffObjects, type Change } from './diff';
import type { ActionExecutor, ExecutionResult, Preview, Progress } from './executor';
import type { ResolvedAction } from './resolve';
import { findPreviousTemplate } from './rollout-undo';

export { kubernetesKinds } from './kinds';

type Target = { namespace: string; name: string };

function requireTarget(action: ResolvedAction, field: 'name' | 'selector' = 'name'): Target & { selector?: string } {
  const { namespace, name, selector } = action.target;
  if (!namespace || (field === 'name' ? !name : !name && !selector)) throw new ApiError('internal', `catalog step ${action.step.id} has no ${field} in its target`);
  return { namespace, name: name ?? '', selector };
}

const describe = (resource: string, t: Target) => `${resource} ${t.namespace}/${t.name}`;

/** The deployment patch an action makes; `metadata.resourceVersion` in a patch makes the server refuse it if the object moved. */
async function deploymentPatch(client: KubernetesClient, action: ResolvedAction, t: Target): Promise<object> {
  if (action.action.kind === 'rollout-restart') return restartPatch();
  if (action.action.kind === 'set-env') return setEnvPatch(action.target.container ?? t.name, action.action.values);
  const template = await findPreviousTemplate(client, t.namespace, t.name);
  return { spec: { template } };
}

/** Remediations on Kubernetes: every change is previewed with a server-side dry run (`dryRun=All`). */
export function createKubernetesExecutor(getClient: () => KubernetesClient): ActionExecutor {
  return {
    async preview(action): Promise<Preview> {
      const client = getClient();
      switch (action.action.kind) {
        case 'rollout-restart':
        case 'set-env':
        case 'rollout-undo': {
          const t = requireTarget(action);
          const before = await client.readDeployment(t.namespace, t.name);
          const after = await client.patchDeploymentStrategic(t.namespace, t.name, await deploymentPatch(client, action, t), { dryRun: true });
          return { changes: diffObjects(before, after), resourceVersion: before.metadata?.resourceVersion ?? null, warnings: [], target: describe('deployment', t) };
        }
        case 'scale': {
          const t = requireTarget(action);
          const replicas = Number(action.params.replicas);
          const before = await client.readDeployment(t.namespace, t.name);
          await client.patchScale(t.namespace, t.name, replicas, { dryRun: true });
          const hpas = (await client.listHpas(t.namespace, { fresh: true })).filter((h) => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef.name === t.name);
          const warnings = hpas.map((h) => `HorizontalPodAutoscaler ${h.metadata?.name} manages this deployment (${h.spec?.minReplicas ?? 1}–${h.spec?.maxReplicas} replicas) and may change the count back.`);
          return { changes: [{ path: 'spec.replicas', before: before.spec?.replicas, after: replicas }], resourceVersion: before.metadata?.resourceVersion ?? null, warnings, target: describe('deployment', t) };
        }
        case 'patch-configmap': {
          const t = requireTarget(action);
          const before = await client.readConfigMap(t.namespace, t.name);
          const resourceVersion = before.metadata?.resourceVersion ?? '';
          const after = await client.patchConfigMapMerge(t.namespace, t.name, action.action.values, { dryRun: true, resourceVersion });
          const consumers = (await client.listDeployments(t.namespace, undefined, { fresh: true })).filter((d) => JSON.stringify(d.spec?.template?.spec ?? {}).includes(`"name":"${t.name}"`));
          const warnings = consumers.length > 0 ? [`Read by ${consumers.map((d) => `deployment ${d.metadata?.name}`).join(', ')}: restart it for the change to take effect.`] : [];
          return { changes: diffObjects(before, after), resourceVersion, warnings, target: describe('configmap', t), consumers: consumers.map((d) => ({ namespace: t.namespace, name: d.metadata?.name ?? '' })) };
        }
        case 'delete-pods': {
          const t = requireTarget(action, 'selector');
          const pods = t.name ? [await client.listPods(t.namespace, undefined, { fresh: true }).then((all) => all.find((p) => p.metadata?.name === t.name))].filter((p) => p !== undefined) : await client.listPods(t.namespace, t.selector, { fresh: true });
          for (const pod of pods) await client.deletePod(t.namespace, pod.metadata?.name ?? '', { dryRun: true });
          const changes: Change[] = pods.map((p) => ({ path: `pod ${p.metadata?.name}`, before: p.status?.phase ?? 'present', after: 'deleted (its controller starts a new one)' }));
          return { changes, resourceVersion: null, warnings: pods.length === 0 ? ['No pod matches: nothing would be deleted.'] : [], target: `pods in ${t.namespace} (${t.name || t.selector})` };
        }
        case 'create-job-from-cronjob': {
          const t = requireTarget(action);
          const job = await client.createJobFromCronJob(t.namespace, t.name, manualJobName(t.name), { dryRun: true });
          return { changes: [{ path: 'job', before: undefined, after: `${job.metadata?.name} from cronjob ${t.name}` }], resourceVersion: null, warnings: [], target: describe('cronjob', t) };
        }
        default:
          throw new ApiError('bad-request', `step: ${action.action.kind} is not a Kubernetes action`, 'step');
      }
    },

    async execute(action, expectedResourceVersion): Promise<ExecutionResult> {
      const client = getClient();
      const precondition = expectedResourceVersion ? { metadata: { resourceVersion: expectedResourceVersion } } : {};
      switch (action.action.kind) {
        case 'rollout-restart':
        case 'set-env':
        case 'rollout-undo': {
          const t = requireTarget(action);
          const after = await client.patchDeploymentStrategic(t.namespace, t.name, { ...(await deploymentPatch(client, action, t)), ...precondition });
          if (action.action.kind === 'set-env') await confirmEnv(client, action, t);
          return { message: `${describe('deployment', t)} patched; rolling out`, resourceVersion: after.metadata?.resourceVersion ?? null };
        }
        case 'scale': {
          const t = requireTarget(action);
          const scale = await client.patchScale(t.namespace, t.name, Number(action.params.replicas), expectedResourceVersion ? { resourceVersion: expectedResourceVersion } : {});
          return { message: `${describe('deployment', t)} scaled to ${scale.spec?.replicas} replicas`, resourceVersion: scale.metadata?.resourceVersion ?? null };
        }
        case 'patch-configmap': {
          const t = requireTarget(action);
          const after = await client.patchConfigMapMerge(t.namespace, t.name, action.action.values, { resourceVersion: expectedResourceVersion ?? '' });
          return { message: `${describe('configmap', t)} updated`, resourceVersion: after.metadata?.resourceVersion ?? null };
        }
        case 'delete-pods': {
          const t = requireTarget(action, 'selector');
          const pods = t.name ? [t.name] : (await client.listPods(t.namespace, t.selector, { fresh: true })).map((p) => p.metadata?.name ?? '');
          for (const pod of pods) await client.deletePod(t.namespace, pod);
          return { message: `deleted ${pods.length} pod(s): ${pods.join(', ')}`, details: { pods } };
        }
        case 'create-job-from-cronjob': {
          const t = requireTarget(action);
          const job = await client.createJobFromCronJob(t.namespace, t.name, manualJobName(t.name));
          return { message: `job ${job.metadata?.name} created from cronjob ${t.name}`, details: { job: job.metadata?.name } };
        }
        default:
          throw new ApiError('bad-request', `step: ${action.action.kind} is not a Kubernetes action`, 'step');
      }
    },

    async follow(action): Promise<Progress> {
      const client = getClient();
      const t = requireTarget(action, 'selector');
      if (['rollout-restart', 'set-env', 'rollout-undo', 'scale'].includes(action.action.kind)) {
        const { status, reason } = rolloutStatusOf(await client.readDeployment(t.namespace, t.name));
        return { state: status === 'complete' ? 'complete' : status === 'failed' ? 'failed' : 'in-progress', message: reason };
      }
      if (action.action.kind === 'delete-pods') {
        const pods = await client.listPods(t.namespace, t.selector, { fresh: true });
        const ready = pods.filter((p) => p.status?.containerStatuses?.every((c) => c.ready)).length;
        return { state: ready === pods.length && pods.length > 0 ? 'complete' : 'in-progress', message: `${ready} of ${pods.length} pods ready` };
      }
      return { state: 'complete', message: 'applied' };
    },
  };
}

/** Reads the deployment back: the variables must now hold the values asked for, or the action failed. */
async function confirmEnv(client: KubernetesClient, action: ResolvedAction, t: Target): Promise<void> {
  const container = action.target.container ?? t.name;
  const env = (await client.readDeployment(t.namespace, t.name)).spec?.template?.spec?.containers?.find((c) => c.name === container)?.env ?? [];
  const wrong = Object.entries(action.action.values).filter(([name, value]) => env.find((e) => e.name === name)?.value !== value);
  if (wrong.length > 0) throw new ApiError('upstream', `deployment ${t.namespace}/${t.name}: after the change, ${wrong.map(([name]) => name).join(', ')} on container ${container} does not hold the value asked for`);
}

/** A Job name the way `kubectl create job --from` users write it: the CronJob's name and a timestamp. */
function manualJobName(cronJob: string): string {
  return `${cronJob}-manual-${Math.floor(Date.now() / 1000)}`.slice(0, 63);
}
