// Issue 13.2: "Emergency rollback" as `kubectl rollout undo` does it (k8s.io/kubectl/pkg/polymorphichelpers/
// rollback.go): a JSON patch replacing /spec/template (and the annotations) with the previous ReplicaSet's,
// that ReplicaSet picked among those the Deployment controls (owner uid), skipped when the templates are
// equal, refused for a paused Deployment. Against the simulator's Kubernetes double.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, startFlowHarness, until, type FlowHarness } from './flow-harness';

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness({ kubeStepMs: 40 });
});
afterAll(async () => {
  await h?.sim.close();
});

type Template = { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> & { containers: { name: string; image: string; env?: { name: string; value?: string }[] }[] } };
type Deployment = { metadata: { uid: string; generation: number; annotations: Record<string, string> }; spec: { template: Template }; status: { observedGeneration: number; updatedReplicas: number; replicas: number; readyReplicas?: number } };
type ReplicaSet = { metadata: { name: string; annotations: Record<string, string>; ownerReferences: { uid: string }[] }; spec: { template: Template } };
const SMP = 'application/strategic-merge-patch+json';

const read = (name: string) => h.kube<Deployment>(`${APPS}/deployments/${name}`);
const converged = (name: string) =>
  until(async () => {
    const d = await read(name);
    return d.status.observedGeneration >= d.metadata.generation && d.status.updatedReplicas === d.status.replicas && d.status.readyReplicas === d.status.replicas && d;
  }, `${name} to converge`);
const replicaSetAt = async (name: string, revision: string) => {
  const sets = (await h.kube<{ items: ReplicaSet[] }>(`${APPS}/replicasets?labelSelector=app%3D${name}`)).items;
  return sets.find((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision'] === revision)!;
};
const withoutHash = (template: Template) => {
  const copy = structuredClone(template);
  delete copy.metadata.labels?.['pod-template-hash'];
  return copy;
};

/** The console's emergency rollback of one deployment, requested, approved and executed. */
async function rollBack(deployment: string) {
  const action = h.resolve('error-rate', 'emergency-rollback', { deployment });
  const executor = h.getExecutor('rollout-undo');
  const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
  const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'bad release', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
  const approved = await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor);
  return { preview, done: await h.flow.executeRun(h.as('adam', 'approver'), approved, action, executor) };
}

describe('issue 13.2: rollout undo as kubectl does it', () => {
  it('removes every field the bad revision added or changed: env var, container, volume, annotation, image', async () => {
    const before = await converged('tts-router');
    const good = withoutHash((await replicaSetAt('tts-router', before.metadata.annotations['deployment.kubernetes.io/revision']!)).spec.template);
    // A bad release, made with kubectl by someone else: a new image, an env var, a sidecar, a volume, an annotation.
    await h.kube(`${APPS}/deployments/tts-router`, {
      method: 'PATCH',
      contentType: SMP,
      body: {
        spec: {
          template: {
            metadata: { annotations: { 'release/notes': 'bad' } },
            spec: {
              containers: [
                { name: 'tts-router', image: 'ghcr.io/voicehive/tts-router:9.9.9-bad', env: [{ name: 'BAD_FLAG', value: 'on' }], volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] },
                { name: 'debug-sidecar', image: 'busybox:1.36' },
              ],
              volumes: [{ name: 'scratch', emptyDir: {} }],
            },
          },
        },
      },
    });
    const bad = await converged('tts-router');
    expect(bad.spec.template.spec.containers.map((c) => c.name)).toEqual(['tts-router', 'debug-sidecar']);

    const { preview, done } = await rollBack('tts-router');
    expect(preview.changes.map((c) => c.path)).toEqual(expect.arrayContaining(['spec.template.spec.containers[debug-sidecar].image', 'spec.template.spec.volumes[scratch].emptyDir', 'spec.template.metadata.annotations.release/notes']));
    expect(done.status, done.result ?? '').toBe('succeeded');
    const after = await read('tts-router');
    expect(after.spec.template).toEqual(good);
    expect(JSON.stringify(after.spec.template)).not.toMatch(/BAD_FLAG|debug-sidecar|scratch|release\/notes|9\.9\.9-bad/);
  });

  it('after a restart: the undo is not empty, and the restart annotation is gone afterwards', async () => {
    await converged('connectors');
    await h.kube(`${APPS}/deployments/connectors`, { method: 'PATCH', contentType: SMP, body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } } } } });
    const restarted = await converged('connectors');
    const previous = withoutHash((await replicaSetAt('connectors', String(Number(restarted.metadata.annotations['deployment.kubernetes.io/revision']) - 1))).spec.template);
    const { preview, done } = await rollBack('connectors');
    expect(preview.changes).toContainEqual({ path: 'spec.template.metadata.annotations.kubectl.kubernetes.io/restartedAt', before: '2026-01-01T00:00:00Z', after: undefined });
    expect(done.status, done.result ?? '').toBe('succeeded');
    const after = await read('connectors');
    expect(after.spec.template).toEqual(previous);
    expect(after.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeUndefined();
  });

  it('picks the previous ReplicaSet among those the Deployment controls (owner uid), not by name', async () => {
    const d = await converged('livekit-agent');
    const current = Number(d.metadata.annotations['deployment.kubernetes.io/revision']);
    const good = withoutHash((await replicaSetAt('livekit-agent', String(current - 1))).spec.template);
    // A ReplicaSet left by an earlier Deployment of the same name (deleted and created again): same owner name, another uid.
    const orphan = structuredClone((await replicaSetAt('livekit-agent', String(current - 1))) as unknown as Record<string, unknown> & ReplicaSet);
    orphan.metadata.name = 'livekit-agent-0rphan0';
    orphan.metadata.annotations['deployment.kubernetes.io/revision'] = String(current - 1);
    orphan.metadata.ownerReferences = [{ ...orphan.metadata.ownerReferences[0]!, uid: 'a-deployment-long-gone' }];
    orphan.spec.template.spec.containers[0]!.image = 'ghcr.io/voicehive/livekit-agent:0.0.1-orphan';
    h.sim.kube!.store.put('replicasets', orphan as unknown as Parameters<NonNullable<typeof h.sim.kube>['store']['put']>[1]);
    const { done } = await rollBack('livekit-agent');
    expect(done.status, done.result ?? '').toBe('succeeded');
    expect((await read('livekit-agent')).spec.template).toEqual(good);
  });
});
