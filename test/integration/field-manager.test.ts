// Issue 13.7: every write the console makes says who made it: fieldManager=voicehive-ops (managedFields
// show the console, not kubernetes-client-javascript), and the person in kubernetes.io/change-cause, where
// `kubectl rollout history` shows it. Against the simulator's Kubernetes double, which keeps managedFields
// as the API server does for the fields each write sets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionResult } from '@/lib/actions/executor';
import { APPS, CORE, SIM_TOKEN, startFlowHarness, until, type FlowHarness } from './flow-harness';

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness({ kubeStepMs: 40 });
});
afterAll(async () => {
  await h?.sim.close();
});

type ManagedField = { manager: string; operation: string; apiVersion: string; subresource?: string; fieldsV1: Record<string, unknown> };
type Meta = { metadata: { managedFields?: ManagedField[]; annotations?: Record<string, string> } };
const managers = (object: Meta) => (object.metadata.managedFields ?? []).map((f) => `${f.manager}${f.subresource ? `/${f.subresource}` : ''}`);

async function runStep(section: string, step: string, params: Record<string, unknown> = {}) {
  const action = h.resolve(section, step, params);
  const executor = h.getExecutor(action.action.kind);
  const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
  const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'test', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
  const current = run.status === 'pending-approval' ? await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor) : run;
  const done = await h.flow.executeRun(h.as('adam', 'approver'), current, action, executor);
  expect(done.status, done.result ?? '').toBe('succeeded');
  return JSON.parse(done.result ?? '{}') as ExecutionResult;
}

describe('issue 13.7: fieldManager=voicehive-ops and the person in change-cause', () => {
  it('a restart: managedFields name voicehive-ops for the restartedAt annotation; the change-cause names the person, and so does the rollout history', async () => {
    const revisionOf = (o: Meta) => o.metadata.annotations?.['deployment.kubernetes.io/revision'];
    const before = revisionOf(await h.kube<Meta>(`${APPS}/deployments/media-agent`));
    await runStep('call-failures', 'restart-media-agents');
    // The deployment controller makes the new ReplicaSet (and the revision) on its next step.
    const d = await until(async () => {
      const now = await h.kube<Meta & { spec: unknown }>(`${APPS}/deployments/media-agent`);
      return revisionOf(now) !== before && now;
    }, 'the new revision');
    const entry = d.metadata.managedFields?.find((f) => f.manager === 'voicehive-ops');
    expect(entry).toMatchObject({ operation: 'Update', apiVersion: 'apps/v1' });
    expect(JSON.stringify(entry?.fieldsV1)).toContain('f:kubectl.kubernetes.io/restartedAt');
    expect(d.metadata.annotations?.['kubernetes.io/change-cause']).toBe('voicehive-ops: Restart media agents (call-failures), requested by olivia');
    const newest = await until(async () => {
      const sets = (await h.kube<{ items: (Meta & { metadata: { annotations: Record<string, string> } })[] }>(`${APPS}/replicasets?labelSelector=app%3Dmedia-agent`)).items;
      return sets.find((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision'] === d.metadata.annotations?.['deployment.kubernetes.io/revision']);
    }, 'the new ReplicaSet');
    expect(newest.metadata.annotations['kubernetes.io/change-cause']).toBe('voicehive-ops: Restart media agents (call-failures), requested by olivia');
  });

  it('a scale: the scale subresource write is voicehive-ops\'s', async () => {
    await runStep('voice-latency', 'scale-tts', { replicas: 3 });
    expect(managers(await h.kube<Meta>(`${APPS}/deployments/tts-router`))).toContain('voicehive-ops/scale');
  });

  it('a ConfigMap and a Job from the CronJob: voicehive-ops', async () => {
    await runStep('rate-limiting', 'increase-rate-limits');
    expect(managers(await h.kube<Meta>(`${CORE}/configmaps/rate-limit-config`))).toContain('voicehive-ops');
    const result = await runStep('gdpr', 'run-manual-cleanup');
    const job = (result.follow as { name: string }).name;
    expect(managers(await h.kube<Meta>(`/apis/batch/v1/namespaces/voicehive/jobs/${job}`))).toEqual(['voicehive-ops']);
  });

  it('the double: a write without fieldManager is the client\'s user agent\'s; an invalid fieldManager is a 400', async () => {
    const send = (query: string) =>
      fetch(`${h.sim.url}${CORE}/configmaps/livekit-config${query}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${SIM_TOKEN}`, 'content-type': 'application/merge-patch+json', 'user-agent': 'kubectl/v1.30.2 (linux/amd64) kubernetes/39683505' },
        body: JSON.stringify({ data: { region: `eu-${Date.now()}` } }),
      });
    expect((await send('')).status).toBe(200);
    expect(managers(await h.kube<Meta>(`${CORE}/configmaps/livekit-config`))).toContain('kubectl');
    const refused = await send(`?fieldManager=${'x'.repeat(129)}`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ reason: 'BadRequest', message: expect.stringContaining('fieldManager') });
  });
});
