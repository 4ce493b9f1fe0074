import 'server-only';
import type { V1CronJob } from '@kubernetes/client-node';
import { ApiError } from '@/lib/api/errors';
import { assertBound, encodeBound, type Bound } from '../binding';
import type { Change } from '../diff';
import { describeTarget, requireTarget, type KindHandler } from './shared';

/** A Job is made from the CronJob's template as it is: the approval is bound to that template (its generation). */
const boundOf = (cron: V1CronJob): Bound => ({ 'metadata.uid': cron.metadata?.uid ?? null, 'metadata.generation': cron.metadata?.generation ?? null });
const changesOf = (name: string): Change[] => [{ path: `job from cronjob ${name}`, before: undefined, after: 'created from its jobTemplate' }];

/** A Job name the way `kubectl create job --from` users write it: the CronJob's name and a timestamp. */
function manualJobName(cronJob: string): string {
  return `${cronJob}-manual-${Math.floor(Date.now() / 1000)}`.slice(0, 63);
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

  async follow() {
    return { state: 'complete', message: 'applied' };
  },
};
