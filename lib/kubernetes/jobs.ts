// A Job made from a CronJob's template, as `kubectl create job <name> --from=cronjob/<cronjob>` makes it. Pure.

export const INSTANTIATE_ANNOTATION = 'cronjob.kubernetes.io/instantiate';

export type CronJobLike<S extends object = object> = {
  metadata?: { name?: string; namespace?: string; uid?: string };
  spec?: {
    jobTemplate?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: S;
    };
  };
};

export type JobFromCronJob<S extends object = object> = {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations: Record<string, string>;
    ownerReferences: { apiVersion: 'batch/v1'; kind: 'CronJob'; name: string; uid: string; controller: true }[];
  };
  spec: S;
};

/**
 * The Job: the template's spec, labels and annotations, owned by the CronJob (so it is listed and
 * garbage-collected with it) and marked `cronjob.kubernetes.io/instantiate: manual`.
 */
export function jobFromCronJob<S extends object>(cronJob: CronJobLike<S>, jobName: string): JobFromCronJob<S> {
  const name = cronJob.metadata?.name;
  const uid = cronJob.metadata?.uid;
  const template = cronJob.spec?.jobTemplate;
  if (!name || !uid || !template?.spec) throw new Error(`cronjob ${name ?? '(unnamed)'} has no name, uid or jobTemplate.spec`);
  const labels = template.metadata?.labels;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName,
      namespace: cronJob.metadata?.namespace ?? '',
      ...(labels && Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}),
      annotations: { ...template.metadata?.annotations, [INSTANTIATE_ANNOTATION]: 'manual' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name, uid, controller: true }],
    },
    spec: structuredClone(template.spec),
  };
}
