import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, BATCH, itemsOf, namesOf, NS, startKubeSim, waitFor, type KubeTestClient } from './test-support';

let k: KubeTestClient;
beforeAll(async () => {
  k = await startKubeSim();
});
afterAll(async () => {
  await k.sim.close();
});

const SMP = 'application/strategic-merge-patch+json';
type DeploymentJson = {
  metadata: { generation: number; annotations: Record<string, string> };
  spec: { replicas: number; template: { metadata?: { annotations?: Record<string, string> }; spec: { containers: { image: string }[] } } };
  status: { observedGeneration: number; replicas: number; updatedReplicas: number; readyReplicas: number; availableReplicas: number; conditions: { type: string; reason: string }[] };
};
type RsJson = { metadata: { name: string; annotations: Record<string, string>; ownerReferences: { kind: string; name: string }[] }; spec: { replicas: number; template: DeploymentJson['spec']['template'] } };

const deployment = async (name: string) => (await k.get(`${APPS}/deployments/${name}`)) as unknown as DeploymentJson;
const replicaSets = async (app: string) => itemsOf(await k.get(`${APPS}/replicasets?labelSelector=app%3D${app}`)) as unknown as RsJson[];
const podNames = async (app: string) => namesOf(await k.get(`${NS}/pods?labelSelector=app%3D${app}`));
/** Pods not Terminating (a deleted pod is listed, with its deletionTimestamp, until its grace is over). */
const livePods = async (app: string) => itemsOf(await k.get(`${NS}/pods?labelSelector=app%3D${app}`)).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name);
const converged = async (name: string) => {
  const d = await deployment(name);
  const done = d.status.observedGeneration >= d.metadata.generation && d.status.updatedReplicas === d.spec.replicas && d.status.replicas === d.spec.replicas && d.status.availableReplicas === d.spec.replicas;
  return done && d.status.conditions.find((c) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable' ? d : undefined;
};
const restart = (name: string, namespace = 'voicehive') =>
  k.call('PATCH', `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`, {
    body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } },
    contentType: SMP,
  });

describe('Kubernetes API double: controllers', () => {
  it('seeds two revisions per deployment, owned by it, with a revision annotation', async () => {
    const sets = await replicaSets('orchestrator');
    expect(sets.map((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision']).sort()).toEqual(['1', '2']);
    expect(sets.every((rs) => rs.metadata.ownerReferences[0]?.kind === 'Deployment' && rs.metadata.ownerReferences[0].name === 'orchestrator')).toBe(true);
    const old = sets.find((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision'] === '1')!;
    expect(old.spec.replicas).toBe(0);
    expect(old.spec.template.spec.containers[0]!.image).toBe('ghcr.io/voicehive/orchestrator:2.14.2');
    expect(await podNames('orchestrator')).toEqual([...k.sim.estate.pods.orchestrator].sort());
  });

  it('rolls a restart out: a new ReplicaSet revision, every pod replaced, status converged', async () => {
    const before = await podNames('media-agent');
    const patched = await restart('media-agent');
    expect(patched.status).toBe(200);
    const generation = (patched.json.metadata as { generation: number }).generation;
    const done = await waitFor(() => converged('media-agent'), 5000, 'media-agent rollout');
    expect(done.status.observedGeneration).toBe(generation);
    expect(done.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    const after = await livePods('media-agent');
    expect(after).toHaveLength(4);
    await waitFor(async () => (await podNames('media-agent')).length === 4, 5000, 'old pods gone');
    expect(after.filter((name) => before.includes(name))).toEqual([]);
    const sets = await replicaSets('media-agent');
    const newest = sets.find((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision'] === '3')!;
    expect(newest.spec.replicas).toBe(4);
    expect(newest.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeDefined();
    expect(after.every((name) => name.startsWith(`${newest.metadata.name}-`))).toBe(true);
    const events = itemsOf(await k.get(`${NS}/events?fieldSelector=involvedObject.name%3Dmedia-agent`));
    expect(events.some((e) => e.reason === 'ScalingReplicaSet')).toBe(true);
  });

  it('rolls back to the previous revision when the template is patched back to it (rollout undo)', async () => {
    const sets = await replicaSets('riva-server');
    const previous = sets.find((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision'] === '1')!;
    const template = structuredClone(previous.spec.template) as unknown as { metadata: { labels: Record<string, string> } };
    delete template.metadata.labels['pod-template-hash'];
    const body = [{ op: 'replace', path: '/spec/template', value: template }];
    expect((await k.call('PATCH', `${APPS}/deployments/riva-server`, { body, contentType: 'application/json-patch+json' })).status).toBe(200);
    const done = await waitFor(() => converged('riva-server'), 5000, 'riva-server rollback');
    expect(done.spec.template.spec.containers[0]!.image).toBe('nvcr.io/nvidia/riva/riva-speech:2.17.0'.replace('2.17.0', '2.16.5'));
    expect(done.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    const after = await replicaSets('riva-server');
    expect(after).toHaveLength(2);
    expect(after.find((rs) => rs.metadata.name === previous.metadata.name)?.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('scales through the scale subresource, adding and removing pods', async () => {
    await k.call('PATCH', `${APPS}/deployments/orchestrator/scale`, { body: { spec: { replicas: 5 } }, contentType: 'application/merge-patch+json' });
    await waitFor(async () => (await livePods('orchestrator')).length === 5 && converged('orchestrator'), 5000, 'scale up');
    await k.call('PATCH', `${APPS}/deployments/orchestrator/scale`, { body: { spec: { replicas: 3 } }, contentType: 'application/merge-patch+json' });
    await waitFor(async () => (await livePods('orchestrator')).length === 3 && converged('orchestrator'), 5000, 'scale down');
    await waitFor(async () => (await podNames('orchestrator')).length === 3, 5000, 'scaled-down pods gone');
  });

  it('replaces a deleted pod under a new name; a StatefulSet pod comes back under its own', async () => {
    const [victim] = await podNames('tts-router');
    const deleted = await k.call('DELETE', `${NS}/pods/${victim}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ kind: 'Pod', metadata: { name: victim, deletionTimestamp: expect.any(String) } });
    const after = await waitFor(async () => {
      const names = await livePods('tts-router');
      return names.length === 2 && !names.includes(victim!) ? names : undefined;
    }, 5000, 'replacement pod');
    expect(after).toHaveLength(2);
    const pg = await k.get(`${NS}/pods/postgresql-0`);
    await k.call('DELETE', `${NS}/pods/postgresql-0`);
    await waitFor(async () => {
      const again = await k.call('GET', `${NS}/pods/postgresql-0`);
      return again.status === 200 && (again.json.metadata as { uid: string }).uid !== (pg.metadata as { uid: string }).uid && !(again.json.metadata as { deletionTimestamp?: string }).deletionTimestamp;
    }, 5000, 'postgresql-0 re-created');
  });

  it('creates a Job from the CronJob template, runs it to completion, refuses the same name twice', async () => {
    const cron = await k.get(`${BATCH}/cronjobs/data-retention-cleanup`);
    const meta = cron.metadata as { uid: string };
    const template = (cron.spec as { jobTemplate: { spec: object } }).jobTemplate;
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'data-retention-cleanup-manual-1',
        annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'data-retention-cleanup', uid: meta.uid, controller: true }],
      },
      spec: template.spec,
    };
    const created = await k.call('POST', `${BATCH}/jobs`, { body: job });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ kind: 'Job', metadata: { name: job.metadata.name, annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' } } });
    expect((await k.call('POST', `${BATCH}/jobs`, { body: job })).json).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'jobs.batch "data-retention-cleanup-manual-1" already exists' });
    const done = await waitFor(async () => {
      const current = await k.get(`${BATCH}/jobs/${job.metadata.name}`);
      return (current.status as { succeeded?: number }).succeeded === 1 ? current : undefined;
    }, 5000, 'job completion');
    expect(done.status).toMatchObject({ conditions: [{ type: 'Complete', status: 'True' }] });
    expect(namesOf(await k.get(`${BATCH}/jobs`))).toContain(job.metadata.name);
    const dry = await k.call('POST', `${BATCH}/jobs?dryRun=All`, { body: { ...job, metadata: { ...job.metadata, name: 'dry-one' } } });
    expect(dry.status).toBe(201);
    expect((await k.call('GET', `${BATCH}/jobs/dry-one`)).status).toBe(404);
    const invalid = await k.call('POST', `${BATCH}/jobs`, { body: { ...job, metadata: { name: 'bad' }, spec: { template: { spec: { restartPolicy: 'Always', containers: [{ name: 'x', image: 'y' }] } } } } });
    expect(invalid.json).toMatchObject({ code: 422, message: expect.stringContaining('spec.template.spec.restartPolicy: Unsupported value: "Always"') });
  });

  it('lists the orchestrator HPA (autoscaling/v2) with its bounds', async () => {
    const list = await k.get('/apis/autoscaling/v2/namespaces/voicehive/horizontalpodautoscalers');
    expect(list).toMatchObject({ kind: 'HorizontalPodAutoscalerList', apiVersion: 'autoscaling/v2' });
    expect(itemsOf(list)[0]).toMatchObject({ metadata: { name: 'orchestrator' }, spec: { minReplicas: 3, maxReplicas: 10, scaleTargetRef: { kind: 'Deployment', name: 'orchestrator' } } });
  });
});

describe('Kubernetes API double: HPA', () => {
  it('brings a deployment scaled under minReplicas back to it on its next sync', async () => {
    const hk = await startKubeSim({ kubeOptions: { hpaSyncMs: 100 } });
    try {
      await hk.call('PATCH', `${APPS}/deployments/orchestrator/scale`, { body: { spec: { replicas: 1 } }, contentType: 'application/merge-patch+json' });
      await waitFor(async () => ((await hk.get(`${APPS}/deployments/orchestrator`)).spec as { replicas: number }).replicas === 3, 5000, 'HPA back to 3');
      const events = itemsOf(await hk.get(`${NS}/events?fieldSelector=reason%3DSuccessfulRescale`));
      expect(events[0]).toMatchObject({ message: 'New size: 3; reason: Current number of replicas below Spec.MinReplicas' });
    } finally {
      await hk.sim.close();
    }
  });
});
