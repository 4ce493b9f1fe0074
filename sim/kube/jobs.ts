import { involve, type EventRecorder } from './events';
import { nameSuffix } from './names';
import { makePod, markFailed, markSucceeded, setReady } from './pods';
import type { Remedy } from './remedies';
import { kubeTime, type Store } from './store';
import { controllerOf, type Job, type Pod } from './types';

/**
 * The Job controller for jobs created through the API: the next step starts a pod, which succeeds
 * `runMs` later; a job owned by a CronJob then reports `run-job` (the retention cleanup ran).
 */

export const JOB_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

/** The defaults and labels the API server gives a new Job (selector on its uid, pod labels). */
export function defaultJob(job: Job): Job {
  const { uid, name } = job.metadata;
  const labels = { [JOB_UID_LABEL]: uid, [JOB_NAME_LABEL]: name, 'controller-uid': uid, 'job-name': name };
  const template = job.spec.template;
  return {
    ...job,
    metadata: { ...job.metadata, labels: { ...labels, ...job.metadata.labels }, generation: 1 },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      manualSelector: false,
      ...job.spec,
      selector: { matchLabels: { [JOB_UID_LABEL]: uid } },
      template: { ...template, metadata: { ...template.metadata, labels: { ...template.metadata?.labels, ...labels } } },
    },
    status: {},
  };
}

export interface JobDeps {
  store: Store;
  now(): number;
  events: EventRecorder;
  report(remedy: Remedy): void;
  runMs: number;
  /** Why an attempt of this Job fails now (its container exits 1), or null when it succeeds. */
  failure?(job: Job): string | null;
}

const source = { component: 'job-controller' };

export function createJobController({ store, now, events, report, runMs, failure = () => null }: JobDeps): { step(): void } {
  const podsOfJob = (job: Job) => store.list<Pod>('pods', job.metadata.namespace).filter((p) => controllerOf(p)?.uid === job.metadata.uid);

  function start(job: Job): void {
    const name = `${job.metadata.name}-${nameSuffix()}`;
    const owner = { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: job.metadata.uid };
    const pod = makePod({ name, namespace: job.metadata.namespace ?? '', template: job.spec.template, owner, startMs: now(), generateName: `${job.metadata.name}-` });
    setReady(pod, false, now());
    store.put('pods', pod);
    store.put('jobs', { ...job, status: { ...job.status, startTime: job.status.startTime ?? kubeTime(now()), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} } });
    events.record(involve('Job', 'batch/v1', job), 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, source);
  }

  /** An attempt whose container exited 1: one more failure; past backoffLimit the Job fails, else a new pod tries again. */
  function failAttempt(job: Job, pod: Pod, why: string): void {
    const at = now();
    const done = structuredClone(pod);
    markFailed(done, at, why);
    store.put('pods', done);
    const failed = (job.status.failed ?? 0) + 1;
    if (failed <= (job.spec.backoffLimit ?? 6)) {
      store.put('jobs', { ...job, status: { ...job.status, failed, active: 0 } });
      return start(store.get<Job>('jobs', job.metadata.namespace, job.metadata.name)!);
    }
    const conditions = [{ type: 'Failed', status: 'True' as const, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: kubeTime(at), lastTransitionTime: kubeTime(at) }];
    store.put('jobs', { ...job, status: { ...job.status, failed, active: 0, ready: 0, conditions } });
    events.record(involve('Job', 'batch/v1', job), 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', source);
  }

  function complete(job: Job): void {
    const at = now();
    for (const pod of podsOfJob(job)) {
      if (pod.status.phase !== 'Running') continue;
      const done = structuredClone(pod);
      markSucceeded(done, at);
      store.put('pods', done);
    }
    const conditions = [{ type: 'Complete', status: 'True' as const, lastProbeTime: kubeTime(at), lastTransitionTime: kubeTime(at) }];
    store.put('jobs', { ...job, status: { ...job.status, active: 0, succeeded: 1, ready: 0, completionTime: kubeTime(at), conditions } });
    events.record(involve('Job', 'batch/v1', job), 'Normal', 'Completed', 'Job completed', source);
    const owner = controllerOf(job);
    if (owner?.kind !== 'CronJob') return;
    const cron = store.get('cronjobs', job.metadata.namespace, owner.name);
    if (cron) {
      store.put('cronjobs', { ...cron, status: { ...(cron.status as object), lastSuccessfulTime: kubeTime(at) } });
      events.record(involve('CronJob', 'batch/v1', cron), 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, status: Complete`, { component: 'cronjob-controller' });
    }
    report({ kind: 'run-job', namespace: job.metadata.namespace ?? '', cronjob: owner.name, job: job.metadata.name });
  }

  return {
    step() {
      for (const job of store.list<Job>('jobs')) {
        if (job.status.completionTime || job.status.conditions?.some((c) => c.type === 'Failed' && c.status === 'True')) continue;
        const attempt = podsOfJob(job).find((p) => p.status.phase === 'Running');
        if (!attempt) {
          start(job);
          continue;
        }
        if (Date.parse(attempt.status.startTime ?? '') + runMs > now()) continue;
        const why = failure(job);
        if (why) failAttempt(job, attempt, why);
        else complete(job);
      }
    },
  };
}
