import 'server-only';
import { createHash } from 'node:crypto';
import type { V1Deployment } from '@kubernetes/client-node';
import { ApiError } from '@/lib/api/errors';
import type { Action } from '@/lib/catalog/schema';
import { memoryLimitPatch, RESTARTED_AT_ANNOTATION, restartPatch, setEnvPatch } from '@/lib/kubernetes/patches';
import { memoryBytes } from '@/lib/kubernetes/quantity';
import { rolloutStatusOf } from '@/lib/kubernetes/views';
import type { JsonPatchOperation, KubernetesClient } from '@/lib/server/kubernetes/client';
import { assertBound, encodeBound, type Bound } from '../binding';
import { diffObjects } from '../diff';
import type { ActionContext, Approved, ExecutionResult, Progress } from '../executor';
import type { ResolvedAction } from '../resolve';
import { planUndo } from '../rollout-undo';
import { assertReadBack, describeTarget, requireTarget, writeFresh, type KindHandler, type Target } from './shared';

/** Which object this is, and which spec: a spec change anywhere (someone scaled, edited the template) moves the generation. */
const identityOf = (d: V1Deployment): Bound => ({ 'metadata.uid': d.metadata?.uid ?? null, 'metadata.generation': d.metadata?.generation ?? null });
export const digestOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value ?? null)).digest('hex').slice(0, 12);
const envPath = (container: string, name: string) => `spec.template.spec.containers[${container}].env[${name}].value`;
const restartedAtPath = `spec.template.metadata.annotations.${RESTARTED_AT_ANNOTATION}`;

/** The patch a template change sends, and the fields of the Deployment it depends on. */
type Patch = { type: 'strategic'; body: object } | { type: 'json'; operations: JsonPatchOperation[] };
type TemplatePlan = { bound: Bound; patch: Patch; warnings?: string[] };

function sendPatch(client: KubernetesClient, t: Target, patch: Patch, options: { dryRun?: boolean; resourceVersion?: string }): Promise<V1Deployment> {
  return patch.type === 'strategic' ? client.patchDeploymentStrategic(t.namespace, t.name, patch.body, options) : client.patchDeploymentJson(t.namespace, t.name, patch.operations, options);
}

/** kubectl's own words for what it refuses on a paused Deployment (objectrestarter.go, rollback.go). */
const PAUSED_REFUSALS: Partial<Record<Action['kind'], string>> = {
  'rollout-restart': "can't restart paused deployment (run rollout resume first)",
  'rollout-undo': "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
};
const pausedWarning = (t: Target, what: string) => `deployment ${t.namespace}/${t.name} is paused (kubectl rollout pause): ${what}; nothing rolls out until it is resumed (kubectl rollout resume).`;

/** Where `kubectl rollout history` shows who changed a Deployment: the console, the step and the person who asked. */
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const changeCauseOf = (action: ResolvedAction, context: ActionContext) => `voicehive-ops: ${action.step.title} (${action.section.id}), requested by ${context.requester}`;
const withChangeCause = (body: object, cause: string) => ({ ...body, metadata: { annotations: { [CHANGE_CAUSE]: cause } } });

/**
 * A parameter the catalog marks `belowCurrent` (a cap lowered to shed load) must be below what the variable holds
 * now: a value at or above it is refused, naming the parameter. A variable that is absent or not a whole number
 * cannot be compared: a warning says so, and the person judges.
 */
function checkBelowCurrent(action: ResolvedAction, container: string, env: readonly { name: string; value?: string }[]): string[] {
  const warnings: string[] = [];
  for (const [variable, template] of Object.entries(action.step.action.values)) {
    const param = /^\{(\w+)\}$/.exec(template)?.[1];
    const spec = param ? action.action.params[param] : undefined;
    if (!param || spec?.type !== 'integer' || !spec.belowCurrent) continue;
    const chosen = Number(action.action.values[variable]);
    const current = env.find((e) => e.name === variable)?.value;
    if (current === undefined || !/^[0-9]+$/.test(current)) {
      warnings.push(`${variable} on container ${container} is ${current === undefined ? 'not set' : `"${current}", not a whole number`}: the preview cannot tell whether ${chosen} is below the current value.`);
    } else if (chosen >= Number(current)) {
      throw new ApiError('bad-request', `params.${param}: must be below the current ${variable} on container ${container} (${current}): a cap at or above it sheds no load`, `params.${param}`);
    }
  }
  return warnings;
}

async function planTemplate(client: KubernetesClient, action: ResolvedAction, d: V1Deployment, t: Target, context: ActionContext, approved?: Approved): Promise<TemplatePlan> {
  const cause = changeCauseOf(action, context);
  const template = d.spec?.template;
  const refusal = d.spec?.paused ? PAUSED_REFUSALS[action.action.kind] : undefined;
  if (refusal) throw new ApiError('conflict', `deployment ${t.namespace}/${t.name} is paused: ${refusal}`);
  switch (action.action.kind) {
    case 'rollout-restart': {
      // The execution writes the timestamp the person saw; two restarts in one second send the same patch, as kubectl's do.
      const approvedAt = approved?.changes.find((c) => c.path === restartedAtPath)?.after;
      const current = template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] ?? null;
      const at = typeof approvedAt === 'string' ? approvedAt : approved ? (current ?? new Date()) : new Date();
      return { bound: { [restartedAtPath]: current }, patch: { type: 'strategic', body: withChangeCause(restartPatch(at), cause) } };
    }
    case 'set-env': {
      const container = action.target.container ?? t.name;
      const env = template?.spec?.containers?.find((c) => c.name === container)?.env ?? [];
      const bound = Object.fromEntries(Object.keys(action.action.values).map((name) => [envPath(container, name), env.find((e) => e.name === name)?.value ?? null]));
      const warnings = checkBelowCurrent(action, container, env);
      if (d.spec?.paused) warnings.push(pausedWarning(t, 'the variables are written to its template'));
      return { bound, patch: { type: 'strategic', body: withChangeCause(setEnvPatch(container, action.action.values), cause) }, warnings };
    }
    case 'set-memory-limit': {
      const container = action.target.container ?? t.name;
      const current = template?.spec?.containers?.find((c) => c.name === container);
      if (!current) throw new ApiError('conflict', `${describeTarget('deployment', t)} has no container ${container}`);
      const mebibytes = mebibytesOf(action);
      const limit = current.resources?.limits?.memory ?? null;
      const param = /^\{(\w+)\}$/.exec(action.step.action.values.memoryMiB ?? '')?.[1] ?? 'memoryMiB';
      // A raise: a limit at or below the current one is not what this step is for (and could OOM-kill the pods).
      const currentBytes = memoryBytes(limit);
      if (currentBytes !== null && mebibytes * 2 ** 20 <= currentBytes) throw new ApiError('bad-request', `params.${param}: must be above the current memory limit of container ${container} (${limit}): this step raises it`, `params.${param}`);
      const warnings = limit === null ? [`container ${container} has no memory limit now: this sets one of ${mebibytes}Mi.`] : [];
      if (d.spec?.paused) warnings.push(pausedWarning(t, 'the limit is written to its template'));
      return { bound: { [`spec.template.spec.containers[${container}].resources.limits.memory`]: limit }, patch: { type: 'strategic', body: withChangeCause(memoryLimitPatch(container, mebibytes), cause) }, warnings };
    }
    case 'rollout-undo': {
      // The whole template is replaced: the approval is bound to it, and to the revision it goes back to.
      const undo = await planUndo(client, d, cause);
      const to = `${undo.to.name} (revision ${undo.to.revision}, uid ${undo.to.uid})`;
      return { bound: { 'spec.template': digestOf(template), 'revision to go back to': to }, patch: { type: 'json', operations: undo.operations }, warnings: undo.skip ? [`${undo.skip}: nothing to roll back.`] : [] };
    }
    default:
      throw new ApiError('bad-request', `step: ${action.action.kind} does not change a pod template`, 'step');
  }
}

const plannedRestartTime = (plan: TemplatePlan) => (plan.patch.type === 'strategic' ? (plan.patch.body as ReturnType<typeof restartPatch>).spec?.template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] : undefined);

/** Restart, set env, undo: a change of the pod template, previewed with a dry run and written bound to the approval. */
export const templateChange: KindHandler = {
  async preview(client, action, context) {
    const t = requireTarget(action);
    // The dry run carries the version just read, so the diff is against that object (a status write in between: read again).
    return writeFresh(async () => {
      const d = await client.readDeployment(t.namespace, t.name);
      const plan = await planTemplate(client, action, d, t, context);
      const after = await sendPatch(client, t, plan.patch, { dryRun: true, resourceVersion: d.metadata?.resourceVersion });
      const bound = { ...identityOf(d), ...plan.bound };
      return { changes: diffObjects(d, after), bound, version: encodeBound(bound), warnings: plan.warnings ?? [], target: describeTarget('deployment', t) };
    });
  },

  async execute(client, action, approved, context) {
    const t = requireTarget(action);
    const target = describeTarget('deployment', t);
    return writeFresh(async () => {
      const d = await client.readDeployment(t.namespace, t.name);
      const plan = await planTemplate(client, action, d, t, context, approved);
      assertBound(target, approved.bound, { ...identityOf(d), ...plan.bound });
      // A second restart in the same second would send the same timestamp: it joins the first, and writes nothing
      // (not even its change-cause, which would take the first person's rollout for its own).
      const at = d.spec?.template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION];
      if (action.action.kind === 'rollout-restart' && at !== undefined && at === plannedRestartTime(plan)) {
        return {
          message: `${target} was already restarted at ${at} (the same second): no second rollout; nothing was written, and this run follows that one`,
          details: { deduplicated: true },
          follow: { kind: 'rollout', namespace: t.namespace, name: t.name, uid: d.metadata?.uid ?? '', generation: d.metadata?.generation ?? 0 },
        };
      }
      const written = await sendPatch(client, t, plan.patch, { resourceVersion: d.metadata?.resourceVersion });
      assertReadBack(target, approved.changes, await client.readDeployment(t.namespace, t.name));
      return { message: `${target} patched; rolling out`, follow: { kind: 'rollout', namespace: t.namespace, name: t.name, uid: written.metadata?.uid ?? '', generation: written.metadata?.generation ?? 0 } };
    });
  },

  follow: followRollout,
};

/** The memory limit in MiB the catalog's values say (with the person's parameter in it). */
function mebibytesOf(action: ResolvedAction): number {
  const mebibytes = Number(action.action.values.memoryMiB);
  if (!Number.isSafeInteger(mebibytes) || mebibytes < 1) throw new ApiError('internal', `catalog step ${action.section.id}/${action.step.id}: values.memoryMiB is not a whole number of MiB (${JSON.stringify(action.action.values.memoryMiB)})`);
  return mebibytes;
}

/** The replica count the catalog's values say (with the person's parameter in it). */
function replicasOf(action: ResolvedAction): number {
  const replicas = Number(action.action.values.replicas);
  if (!Number.isSafeInteger(replicas) || replicas < 0) throw new ApiError('internal', `catalog step ${action.section.id}/${action.step.id}: values.replicas is not a replica count (${JSON.stringify(action.action.values.replicas)})`);
  return replicas;
}

/** Scale through the scale subresource, bound to the replicas the person saw and the generation. */
export const scaleChange: KindHandler = {
  async preview(client, action) {
    const t = requireTarget(action);
    const replicas = replicasOf(action);
    const d = await writeFresh(async () => {
      const read = await client.readDeployment(t.namespace, t.name);
      await client.patchScale(t.namespace, t.name, replicas, { dryRun: true, resourceVersion: read.metadata?.resourceVersion });
      return read;
    });
    const hpas = (await client.listHpas(t.namespace, { fresh: true })).filter((h) => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef.name === t.name);
    const warnings = hpas.map((h) => `HorizontalPodAutoscaler ${h.metadata?.name} manages this deployment (${h.spec?.minReplicas ?? 1}–${h.spec?.maxReplicas} replicas) and may change the count back.`);
    if (d.spec?.paused) warnings.push(pausedWarning(t, 'the replica count changes with the pods of its current template'));
    const bound = { ...identityOf(d), 'spec.replicas': d.spec?.replicas ?? null };
    return { changes: [{ path: 'spec.replicas', before: d.spec?.replicas, after: replicas }], bound, version: encodeBound(bound), warnings, target: describeTarget('deployment', t) };
  },

  async execute(client, action, approved) {
    const t = requireTarget(action);
    const target = describeTarget('deployment', t);
    const replicas = replicasOf(action);
    return writeFresh(async () => {
      const d = await client.readDeployment(t.namespace, t.name);
      assertBound(target, approved.bound, { ...identityOf(d), 'spec.replicas': d.spec?.replicas ?? null });
      await client.patchScale(t.namespace, t.name, replicas, { resourceVersion: d.metadata?.resourceVersion });
      const readBack = await client.readDeployment(t.namespace, t.name);
      assertReadBack(target, approved.changes, readBack);
      return { message: `${target} scaled to ${replicas} replicas`, follow: { kind: 'rollout', namespace: t.namespace, name: t.name, uid: readBack.metadata?.uid ?? '', generation: readBack.metadata?.generation ?? 0 } };
    });
  },

  follow: followRollout,
};

/**
 * The rollout of the generation this run wrote, as `kubectl rollout status` judges it: a later generation
 * (someone else's change) supersedes it, another object under the same name is not it.
 */
async function followRollout(client: KubernetesClient, action: ResolvedAction, result: ExecutionResult): Promise<Progress> {
  const ref = result.follow;
  if (ref?.kind !== 'rollout') return { state: 'failed', message: 'this run recorded no rollout to follow' };
  const d = await client.readDeployment(ref.namespace, ref.name);
  const target = `deployment ${ref.namespace}/${ref.name}`;
  if (d.metadata?.uid !== ref.uid) return { state: 'failed', message: `${target} was deleted and created again since this run` };
  const generation = d.metadata?.generation ?? 0;
  if (generation > ref.generation) return { state: 'superseded', message: `${target} changed again after this run (generation ${generation}, this run wrote ${ref.generation}); its rollout is that change's now` };
  const { status, reason } = rolloutStatusOf(d);
  return { state: status === 'complete' ? 'complete' : status === 'failed' ? 'failed' : 'in-progress', message: reason };
}

export type { ExecutionResult };
