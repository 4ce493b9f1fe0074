// Every catalog step and panel, run by the console as its service account against the API double, which
// authorizes it by deploy/kubernetes/rbac.yaml as kube-apiserver's RBAC would (no API server can run
// here). The double's audit of each request shows what the console really sent: each request must be
// allowed, and each request the needs table (lib/kubernetes/rbac-needs.ts) names, hence each rule, must
// be sent by some step or panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionExecutor } from '@/lib/actions/executor';
import type { ResolvedAction } from '@/lib/actions/resolve';
import type { Section } from '@/lib/catalog/schema';
import { expandTargetNames, listNeedUses } from '@/lib/kubernetes/rbac-needs';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';
import { KubernetesError } from '@/lib/server/kubernetes/errors';
import type { AuditEvent } from '@/sim/kube';
import type { Simulator } from '@/sim/server';
import { waitUntil } from '@/scripts/stack/processes';

const CONSOLE_TOKEN = 'voicehive-sim-token';
const ADMIN_TOKEN = 'voicehive-sim-kube-admin-token';
const SA = 'system:serviceaccount:voicehive-ops:voicehive-ops';

let sim: Simulator;
let sections: readonly Section[];
let executor: ActionExecutor;
let k8s: KubernetesClient;
let resolve: (section: string, step: string, params?: Record<string, unknown>) => ResolvedAction;
let getWorkloads: typeof import('@/lib/server/workloads/workloads-service').getWorkloads;
let getLogTail: typeof import('@/lib/server/workloads/logs-service').getLogTail;
const audit: AuditEvent[] = [];
const sent = () => audit.filter((e) => e.user.username === SA);

beforeAll(async () => {
  const { startSimulator } = await import('@/sim/server');
  // No HPA: its writes move the Deployment between a preview and its execution (a conflict, issue 13 point 1), which is not what this test is about.
  sim = await startSimulator({ port: 0, kubeStepMs: 50, kubeOptions: { hpaSyncMs: 0, audit: (event) => audit.push(event) } });
  Object.assign(process.env, { KUBE_API_URL: sim.url, KUBE_TOKEN: CONSOLE_TOKEN, KUBE_TIMEOUT_MS: '5000', UPSTREAM_CACHE_TTL_MS: '1', PROMETHEUS_URL: 'http://127.0.0.1:1' });
  const { getCatalog } = await import('@/lib/server/catalog');
  const { resolveAction } = await import('@/lib/actions/resolve');
  sections = getCatalog().sections;
  resolve = (section, step, params = {}) => resolveAction(getCatalog().byId, section, step, params);
  executor = (await import('@/lib/actions/executors')).getExecutor('rollout-restart');
  k8s = (await import('@/lib/server/kubernetes/instance')).getKubernetes();
  ({ getWorkloads } = await import('@/lib/server/workloads/workloads-service'));
  ({ getLogTail } = await import('@/lib/server/workloads/logs-service'));
});

afterAll(async () => {
  await sim?.close();
});

/** A new revision of every deployment (as an admin would make), so each rollout undo has one to go back to. */
async function addRevisions(): Promise<void> {
  for (const { namespace, name } of sim.kube!.store.list('deployments', null).map((d) => ({ namespace: d.metadata.namespace ?? '', name: d.metadata.name }))) {
    const response = await fetch(`${sim.url}/apis/apps/v1/namespaces/${namespace}/deployments/${name}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/strategic-merge-patch+json' },
      body: JSON.stringify({ spec: { template: { metadata: { annotations: { 'example.com/revision-for-undo': 'test' } } } } }),
    });
    if (!response.ok) throw new Error(`revision of ${namespace}/${name}: HTTP ${response.status}`);
  }
}

/** Parameters a person could give: the default, or every value of the enum that names the target. */
function paramSets(section: Section, stepId: string): Record<string, unknown>[] {
  const action = section.resolution.find((s) => s.id === stepId)!.action!;
  const sample: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(action.params)) {
    if (spec.type === 'ip-list') sample[name] = ['203.0.113.7'];
    if (spec.type === 'ipv4-or-ipv6') sample[name] = '203.0.113.7';
    if (spec.type === 'numeric-id') sample[name] = '42';
    // A cap that must go below the current one (the simulator's media agents take 25 calls): the lowest allowed.
    if (spec.type === 'integer' && spec.belowCurrent) sample[name] = spec.min;
    // A memory limit must go above the current one: the highest allowed.
    if (spec.type === 'integer' && action.kind === 'set-memory-limit') sample[name] = spec.max;
  }
  const targetParam = /^\{(\w+)\}$/.exec(action.target.name ?? '')?.[1];
  return targetParam ? expandTargetNames(action).map((value) => ({ ...sample, [targetParam]: value })) : [sample];
}

const kubernetesStep = (kind: string) => !kind.startsWith('redis-') && kind !== 'http-post';

describe("the console's service account against the double's RBAC", () => {
  it('runs every catalog Kubernetes step (preview, execution, follow-up) and reads every panel without a refusal', async () => {
    const failures: string[] = [];
    // Panels first, on a settled estate (a log read of a pod that a rollout has just replaced is a 404).
    for (const section of sections) {
      for (const panel of section.panels) {
        try {
          if (panel.kind === 'workloads') {
            const workloads = await getWorkloads(panel);
            // Usage not being readable is shown, not thrown: a refusal would hide there.
            if (!workloads.metrics.available) failures.push(`${section.id}/${panel.id}: metrics ${workloads.metrics.reason}`);
          }
          if (panel.kind === 'logs') {
            const logs = await getLogTail(panel);
            const unread = logs.pods.filter((p) => p.error);
            if (unread.length > 0) failures.push(`${section.id}/${panel.id}: ${unread.map((p) => p.error).join('; ')}`);
          }
        } catch (error) {
          failures.push(`${section.id}/${panel.id}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    await addRevisions();
    for (const section of sections) {
      for (const step of section.resolution) {
        if (!step.action || !kubernetesStep(step.action.kind)) continue;
        for (const params of paramSets(section, step.id)) {
          const where = `${section.id}/${step.id} ${JSON.stringify(params)}`;
          try {
            // Pods a previous step replaced are gone first: deleting one that vanishes between the list and
            // the delete is a 404 (the delete-pods step's own problem, not this test's subject).
            await waitUntil(async () => sim.kube!.store.list('pods', null).every((p) => !p.metadata.deletionTimestamp), `${where}: no pod terminating`, 30_000, 50);
            const action = resolve(section.id, step.id, params);
            const context = { requester: 'rbac-test' };
            const run = async () => {
              const preview = await executor.preview(action, context);
              return executor.execute(action, { bound: preview.bound, changes: preview.changes }, context);
            };
            // A controller's write between preview and execution is a conflict: preview again once.
            const result = await run().catch((error: unknown) => (error instanceof KubernetesError && error.code === 'conflict' ? run() : Promise.reject(error)));
            // To its end, so the next step's preview is not overtaken by this one's rollout.
            await waitUntil(async () => (await executor.follow(action, result)).state !== 'in-progress', `${where} to finish`, 30_000, 50);
          } catch (error) {
            failures.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    const refused = sent().filter((e) => !e.allowed);
    expect(refused.map((e) => JSON.stringify(e.attributes))).toEqual([]);
  });

  it('sends every request the needs table names (so each rbac.yaml rule has a caller), and none marked not sent yet', () => {
    expect(sent().length).toBeGreaterThan(0);
    const seen = (namespace: string, verb: string, group: string, resource: string, name: string | null) =>
      sent().some((e) => {
        const a = e.attributes;
        if (a.kind !== 'resource' || a.namespace !== namespace || a.verb !== verb || a.group !== group) return false;
        if ((a.subresource ? `${a.resource}/${a.subresource}` : a.resource) !== resource) return false;
        return name === null || a.name === name;
      });
    const unsent: string[] = [];
    const sentButPending: string[] = [];
    for (const use of listNeedUses(sections)) {
      const names = use.objectNames === 'any' ? [null] : use.objectNames;
      for (const name of names) {
        const label = `${use.usedBy} in ${use.namespace}: ${use.verb} ${use.group || 'core'} ${use.resource}${name ? ` ${name}` : ''}`;
        const wasSent = seen(use.namespace, use.verb, use.group, use.resource, name);
        if (use.pending && wasSent) sentButPending.push(`${label} is sent now: drop its "pending" mark`);
        if (!use.pending && !wasSent) unsent.push(label);
      }
    }
    expect([...new Set(sentButPending)]).toEqual([]);
    expect([...new Set(unsent)]).toEqual([]);
  });

  it('is refused, with the API server\'s words, anything outside the catalog: scaling connectors, reading a scale, a Job in kube-system', async () => {
    const refusal = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        if (error instanceof KubernetesError) return error;
        throw error;
      }
      throw new Error('expected a refusal');
    };
    const scale = await refusal(k8s.patchScale('voicehive', 'connectors', 4, { dryRun: true }));
    expect(scale).toMatchObject({ code: 'forbidden', status: 403 });
    expect(scale.message).toContain(`deployments.apps "connectors" is forbidden: User "${SA}" cannot patch resource "deployments/scale" in API group "apps" in the namespace "voicehive"`);
    expect(await refusal(k8s.readScale('voicehive', 'orchestrator'))).toMatchObject({ code: 'forbidden', status: 403 });
    const job = await refusal(k8s.createJobFromCronJob('kube-system', 'coredns-cleanup', 'x-manual-1', { dryRun: true }));
    expect(job).toMatchObject({ code: 'forbidden', details: { reason: 'Forbidden' } });
    expect(job.message).toContain('cannot get resource "cronjobs" in API group "batch" in the namespace "kube-system"');
    expect(await refusal(k8s.patchConfigMapMerge('kube-system', 'coredns', { Corefile: 'x' }, { dryRun: true, resourceVersion: '1' }))).toMatchObject({ code: 'forbidden' });
  });
});
