import { describe, expect, it } from 'vitest';
import { INSTANTIATE_ANNOTATION, jobFromCronJob } from './jobs';
import { RESTARTED_AT_ANNOTATION, restartPatch, setEnvPatch } from './patches';

describe('jobFromCronJob', () => {
  const cronJob = {
    metadata: { name: 'data-retention-cleanup', namespace: 'voicehive', uid: 'uid-1' },
    spec: {
      jobTemplate: {
        metadata: { labels: { app: 'retention' }, annotations: { team: 'gdpr', [INSTANTIATE_ANNOTATION]: 'scheduled' } },
        spec: { backoffLimit: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'cleanup', image: 'retention:1' }] } } },
      },
    },
  };

  it('builds the Job as kubectl create job --from=cronjob does', () => {
    const job = jobFromCronJob(cronJob, 'data-retention-cleanup-manual-1');
    expect(job).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'data-retention-cleanup-manual-1',
        namespace: 'voicehive',
        labels: { app: 'retention' },
        annotations: { team: 'gdpr', [INSTANTIATE_ANNOTATION]: 'manual' },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'data-retention-cleanup', uid: 'uid-1', controller: true }],
      },
      spec: cronJob.spec.jobTemplate.spec,
    });
    expect(job.spec).not.toBe(cronJob.spec.jobTemplate.spec);
  });

  it('refuses a CronJob without a uid or template', () => {
    expect(() => jobFromCronJob({ metadata: { name: 'x' } }, 'y')).toThrow(/no name, uid or jobTemplate/);
  });
});

describe('patches', () => {
  it('restarts through the pod-template annotation, in whole seconds as kubectl writes it (RFC 3339)', () => {
    expect(restartPatch(new Date('2024-06-10T12:00:00.870Z'))).toEqual({ spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: '2024-06-10T12:00:00Z' } } } } });
  });

  it('sets and removes env vars of one container by name', () => {
    expect(setEnvPatch('orchestrator', { LOG_LEVEL: 'debug', OLD: null })).toEqual({
      spec: { template: { spec: { containers: [{ name: 'orchestrator', env: [{ name: 'LOG_LEVEL', value: 'debug' }, { name: 'OLD', $patch: 'delete' }] }] } } },
    });
  });
});
