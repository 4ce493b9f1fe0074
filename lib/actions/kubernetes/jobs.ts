import 'server-only';
import { randomBytes } from 'node:crypto';
import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import { ApiError } from '@/lib/api/errors';
import { KubernetesError } from '@/lib/server/kubernetes/errors';
import { assertBound, encodeBound, type Bound } from '../binding';
import type { Change } from '../diff';
import { describeTarget, requireTarget, type KindHandler } from './shared';

/** A Job is made from the CronJob's template as it is: the approval is bound to that template (its generation). */
const boundOf = (cron: V1CronJob): Bound => ({ 'metadata.uid': cron.metadata?.uid ?? null, 'metadata.generation': cron.metadata?.generation ?? null });
const changesOf = (name: string): Change[] => [{ path: `job from cronjob ${name}`, before: undefined, after: 'created from its jobTemplate' }];

// The API server's own alphabet for generated name suffixes (no vowels, no look-alikes).
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * A Job name the way `kubectl create job --from` users write it (the CronJob's name, "manual", the time),
 * with a random suffix as generateName would add: two Jobs made in the same second never collide. At
 * most 63 characters, as a Job's name is also a label value.
 */
export function manualJobName(cronJob: string, nowMs = Date.now()): string {
  const suffix = Array.from(randomBytes(5), (byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('');
  const tail = `-manual-${Math.floor(nowMs / 1000)}-${suffix}`;
  return `${cronJob.slice(0, 63 - tail.length).replace(/-+$/, '')}${tail}`;
}

export const jobCreation: KindHandler = {
  async preview(client, action) {
    const t = requireTarget(action);
    const cron = await client.readCronJob(t.namespace, t.name);
    await client.createJobFromCronJob(t.namespace, t.name, manualJobName(t.name), { dryRun: true });
    const bound = boundOf(cron);
    return { changes: changesOf(t.name), bound, version: encodeBound(bound), warnings: [], target: describeTarget('cronjob', t) };
  },

  async execute(client, action, approved) {
    const t = requireTarget(action);
    const target = describeTarget('cronjob', t);
    const cron = await client.readCronJob(t.namespace, t.name);
    assertBound(target, approved.bound, boundOf(cron));
    const job = await client.createJobFromCronJob(t.namespace, t.name, manualJobName(t.name));
    const name = job.metadata?.name ?? '';
    const readBack = await client.readJob(t.namespace, name);
    const owned = readBack.metadata?.ownerReferences?.some((o) => o.kind === 'CronJob' && o.uid === cron.metadata?.uid);
    const sameTemplate = JSON.stringify(readBack.spec?.template?.spec?.containers) === JSON.stringify(cron.spec?.jobTemplate?.spec?.template?.spec?.containers);
    if (!owned || !sameTemplate) throw new ApiError('upstream', `job ${t.namespace}/${name}: read back after creating it, it is ${owned ? '' : 'not owned by the cronjob, '}${sameTemplate ? '' : 'not made from its template'}`.replace(/, $/, ''));
    return { message: `job ${name} created from cronjob ${t.name}`, details: { job: name }, follow: { kind: 'job', namespace: t.namespace, name, uid: readBack.metadata?.uid ?? '' } };
  },

  /** The Job this run created, to its end: Complete, or Failed with the controller's reason; gone is a failure too. */
  async follow(client, action, result) {
    const ref = result.follow;
    if (ref?.kind !== 'job') return { state: 'failed', message: 'this run recorded no Job to follow' };
    let job: V1Job;
    try {
      job = await client.readJob(ref.namespace, ref.name);
    } catch (error) {
      if (error instanceof KubernetesError && error.code === 'not-found') return { state: 'failed', message: `job ${ref.name} is gone (deleted before it finished)` };
      throw error;
    }
    if (job.metadata?.uid !== ref.uid) return { state: 'failed', message: `job ${ref.name} was deleted and another made under its name` };
    const condition = (type: string) => job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
    const failed = condition('Failed');
    if (failed) return { state: 'failed', message: `job ${ref.name} failed: ${failed.reason ?? 'Failed'}${failed.message ? ` (${failed.message})` : ''}` };
    if (condition('Complete')) return { state: 'complete', message: `job ${ref.name} completed (${job.status?.succeeded ?? 0} succeeded)` };
    const { active = 0, failed: failures = 0 } = job.status ?? {};
    return { state: 'in-progress', message: `job ${ref.name} running (${active} active${failures > 0 ? `, ${failures} failed attempt${failures === 1 ? '' : 's'}` : ''})` };
  },
};
