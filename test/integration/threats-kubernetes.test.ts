// The Kubernetes cases of the threat list (../shared/security/threats.md, cases 16–24), one describe each.
// The console's calls go through a recording proxy to the simulator's Kubernetes double (no API server can
// run here; the double answers as kube-apiserver does for every call the console makes). The calls each
// action kind makes are written to test-results/kubernetes-calls.md.
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ResolvedAction } from '@/lib/actions/resolve';
import { parseEnv } from '@/lib/env';
import { startSimulator, type Simulator } from '@/sim/server';
import { describeCall, isWrite, startKubeRecorder, type KubeRecorder, type RecordedCall } from './kube-recorder';
import { APPS, CORE, SIM_TOKEN, startFlowHarness, type FlowHarness } from './flow-harness';

let recorder: KubeRecorder;
let h: FlowHarness;
const callsByKind = new Map<string, RecordedCall[]>();

beforeAll(async () => {
  recorder = await startKubeRecorder();
  h = await startFlowHarness({ kubeStepMs: 50 }, (simUrl) => {
    recorder.target = simUrl;
    return { KUBE_API_URL: recorder.url, ACTION_POD_WAIT: '20s' };
  });
  const { addLocalUser } = await import('@/lib/auth/users');
  await addLocalUser(h.store, { actor: 'test-setup' }, { username: 'oscar', role: 'operator', password: 'pw-oscar-long-enough-for-tests' });
});

afterAll(async () => {
  if (callsByKind.size > 0) {
    const lines = [...callsByKind].flatMap(([kind, calls]) => [`## ${kind}`, ...calls.map((c) => `- ${describeCall(c)}`), '']);
    fs.mkdirSync('test-results', { recursive: true });
    fs.writeFileSync('test-results/kubernetes-calls.md', `# Calls the console makes per action kind (preview, confirm, approval, execution, read-back)\n\n${lines.join('\n')}`);
  }
  await h?.sim.close();
  await recorder?.close();
});

type Deployment = { metadata: { resourceVersion: string; generation: number }; spec: { replicas: number; template: { spec: { containers: { name: string; env?: { name: string; value?: string }[] }[] } } } };
const read = <T = Deployment>(url: string) => h.kube<T>(url);
const envOf = (d: Deployment) => Object.fromEntries((d.spec.template.spec.containers[0]!.env ?? []).map((e) => [e.name, e.value]));

async function request(actor: string, action: ResolvedAction, options: { approvalTtlMs?: number } = {}) {
  const executor = h.getExecutor(action.action.kind);
  const preview = await h.flow.previewAction(h.as(actor, 'operator'), action, executor);
  const { run } = await h.flow.requestAction(h.as(actor, 'operator'), action, { reason: 'threat test', sectionSeverity: 'P1', approvalTtlMs: options.approvalTtlMs ?? 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
  return { executor, preview, run };
}

async function runToTheEnd(actor: string, action: ResolvedAction) {
  const { executor, preview, run } = await request(actor, action);
  const toRun = run.status === 'pending-approval' ? await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor) : run;
  return { preview, done: await h.flow.executeRun(h.as('adam', 'approver'), toRun, action, executor) };
}

describe('threat 16: two operators change the same object at once: one conflict, nothing silently overwritten', () => {
  it('the same ConfigMap: of two approved block lists executed together, one is written and the other fails with the conflict', async () => {
    const a = h.resolve('security', 'block-suspicious-ips', { blocked_ips: ['198.51.100.1'] });
    const b = h.resolve('security', 'block-suspicious-ips', { blocked_ips: ['198.51.100.2'] });
    const first = await request('olivia', a);
    const second = await request('oscar', b);
    const approvedA = await h.flow.approveRun(h.as('adam', 'approver'), first.run, a, null, first.executor);
    const approvedB = await h.flow.approveRun(h.as('adam', 'approver'), second.run, b, null, second.executor);
    const [doneA, doneB] = await Promise.all([h.flow.executeRun(h.as('adam', 'approver'), approvedA, a, first.executor), h.flow.executeRun(h.as('adam', 'approver'), approvedB, b, second.executor)]);
    const outcomes = [doneA, doneB].map((r) => r.status).sort();
    expect(outcomes).toEqual(['failed', 'succeeded']);
    const loser = [doneA, doneB].find((r) => r.status === 'failed')!;
    expect(JSON.parse(loser.result ?? '{}').message).toMatch(/configmap voicehive\/security-config changed since (it was approved: metadata\.resourceVersion|it was read.*HTTP 409)/);
    const winner = [doneA, doneB].find((r) => r.status === 'succeeded')!;
    expect((await read<{ data: Record<string, string> }>(`${CORE}/configmaps/security-config`)).data.blocked_ips).toBe(winner === doneA ? '198.51.100.1' : '198.51.100.2');
  });

  it('env variables of the same Deployment: the second change finds the template moved and writes nothing', async () => {
    const before = envOf(await read(`${APPS}/deployments/orchestrator`));
    const fallback = h.resolve('circuit-breakers', 'enable-fallback-mode');
    const caching = h.resolve('performance', 'enable-caching');
    const one = await request('olivia', fallback);
    const two = await request('oscar', caching);
    const [doneOne, doneTwo] = await Promise.all([h.flow.executeRun(h.as('olivia', 'operator'), one.run, fallback, one.executor), h.flow.executeRun(h.as('oscar', 'operator'), two.run, caching, two.executor)]);
    expect([doneOne.status, doneTwo.status].sort()).toEqual(['failed', 'succeeded']);
    const loser = [doneOne, doneTwo].find((r) => r.status === 'failed')!;
    expect(JSON.parse(loser.result ?? '{}').message).toMatch(/deployment voicehive\/orchestrator changed since (it was approved: metadata\.generation|it was read.*HTTP 409)/);
    const after = envOf(await read(`${APPS}/deployments/orchestrator`));
    const won = doneOne.status === 'succeeded' ? fallback : caching;
    const lost = won === fallback ? caching : fallback;
    for (const [name, value] of Object.entries(won.action.values)) expect(after[name]).toBe(value);
    for (const name of Object.keys(lost.action.values)) expect(after[name]).toBe(before[name]);
  });
});

describe('threat 17: every mutation first runs with dryRun=All; a preview persists nothing; a side-effecting webhook is a clear error', () => {
  const kinds: [string, string, string, Record<string, unknown>][] = [
    ['rollout-restart', 'call-failures', 'restart-media-agents', {}],
    ['set-env', 'voice-latency', 'enable-tts-caching', {}],
    ['scale', 'voice-latency', 'scale-asr', { replicas: 3 }],
    ['rollout-undo', 'error-rate', 'emergency-rollback', { deployment: 'riva-server' }],
    ['patch-configmap', 'circuit-breakers', 'adjust-breaker-thresholds', {}],
    ['delete-pods', 'database', 'restart-database', {}],
    ['create-job-from-cronjob', 'gdpr', 'run-manual-cleanup', {}],
  ];

  /** What a change could touch, as stored (controllers keep writing status and events meanwhile: those are left out). */
  const snapshot = () => {
    const store = h.sim.kube!.store;
    const specOf = (resource: string) => store.list(resource).map((o) => JSON.stringify({ name: o.metadata.name, rv: resource === 'configmaps' ? o.metadata.resourceVersion : undefined, generation: o.metadata.generation, spec: o.spec, data: o.data, deleting: o.metadata.deletionTimestamp }));
    return { deployments: specOf('deployments'), configmaps: specOf('configmaps'), jobs: store.list('jobs').map((j) => j.metadata.name), pods: specOf('pods').filter((p) => p.includes('"deleting"')) };
  };

  it.each(kinds)('%s: the preview writes nothing; every write of the run follows a dry run of the same request', async (kind, section, step, params) => {
    h.sim.kube!.reset();
    const action = h.resolve(section, step, params);
    const executor = h.getExecutor(action.action.kind);
    const before = snapshot();
    recorder.reset();
    const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
    expect(recorder.calls.filter(isWrite).every((c) => c.query.get('dryRun') === 'All')).toBe(true);
    expect(snapshot(), 'nothing persisted by the preview').toEqual(before);
    const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'threat 17', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
    const toRun = run.status === 'pending-approval' ? await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor) : run;
    const done = await h.flow.executeRun(h.as('adam', 'approver'), toRun, action, executor);
    expect(done.status, done.result ?? '').toBe('succeeded');
    const calls = [...recorder.calls];
    callsByKind.set(kind, calls);
    const real = calls.filter((c) => isWrite(c) && !c.query.get('dryRun'));
    expect(real.length).toBeGreaterThan(0);
    for (const write of real) {
      const dry = calls.findIndex((c) => c.query.get('dryRun') === 'All' && c.method === write.method && c.path.replace(/-manual-\d+-\w+$/, '') === write.path.replace(/-manual-\d+-\w+$/, ''));
      expect(dry, `a dry run of ${describeCall(write)} before it`).toBeGreaterThanOrEqual(0);
      expect(dry).toBeLessThan(calls.indexOf(write));
      expect(write.query.get('fieldManager'), `${describeCall(write)} names the console`).toBe('voicehive-ops');
    }
  });

  it('a cluster whose admission webhook has side effects: the preview is refused with a clear error, and nothing is written', async () => {
    // No controller steps (a rollout's status writes) during the test: the store's version moves only by writes.
    const guarded: Simulator = await startSimulator({ port: 0, kubeStepMs: 3_600_000, kubeOptions: { admissionWebhooks: [{ name: 'audit-sidecar.example.com', resources: ['deployments', 'deployments/scale'], sideEffects: 'Unknown' }] } });
    const previous = recorder.target;
    recorder.target = guarded.url;
    try {
      const before = guarded.kube!.store.version();
      const action = h.resolve('call-failures', 'restart-media-agents');
      await expect(h.flow.previewAction(h.as('olivia', 'operator'), action, h.getExecutor('rollout-restart'))).rejects.toMatchObject({
        code: 'bad-request',
        message: expect.stringMatching(/an admission webhook with side effects refuses dry runs, so this change cannot be previewed \(HTTP 400\) \(BadRequest: admission webhook "audit-sidecar\.example\.com" does not support dry run\)/),
      });
      expect(guarded.kube!.store.version()).toBe(before);
    } finally {
      recorder.target = previous;
      await guarded.close();
    }
  });
});

describe('threat 18: restarting a paused deployment shows the error; two restarts in one second are one, said truthfully', () => {
  it('a paused deployment: refused at preview with kubectl\'s reason, and a confirm is refused too', async () => {
    await h.kube(`${APPS}/deployments/livekit-agent`, { method: 'PATCH', body: { spec: { paused: true } } });
    try {
      const action = h.resolve('livekit', 'restart-livekit-agent');
      await expect(h.flow.previewAction(h.as('olivia', 'operator'), action, h.getExecutor('rollout-restart'))).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining("can't restart paused deployment (run rollout resume first)") });
      await expect(h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'x', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: 'e30' }, h.getExecutor('rollout-restart'))).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      await h.kube(`${APPS}/deployments/livekit-agent`, { method: 'PATCH', body: { spec: { paused: false } } });
    }
  });

  it('two restarts in the same second send the same patch: the second joins the first, and its record says so', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-12-02T08:00:00.100Z') });
    try {
      const action = h.resolve('voice-latency', 'restart-affected-service');
      const first = await runToTheEnd('olivia', action);
      vi.setSystemTime(Date.parse('2026-12-02T08:00:00.800Z'));
      const second = await runToTheEnd('oscar', action);
      expect([first.done.status, second.done.status]).toEqual(['succeeded', 'succeeded']);
      expect(JSON.parse(second.done.result ?? '{}')).toMatchObject({ message: expect.stringMatching(/already restarted at 2026-12-02T08:00:00Z \(the same second\): no second rollout; nothing was written/), details: { deduplicated: true } });
      // The rollout history keeps the first person's name: the second wrote nothing.
      expect((await read<{ metadata: { annotations: Record<string, string> } }>(`${APPS}/deployments/media-agent`)).metadata.annotations['kubernetes.io/change-cause']).toMatch(/requested by olivia$/);
      const audit = await h.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'action.execute').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(JSON.parse(audit.detail)).toMatchObject({ runId: second.done.id, result: { details: { deduplicated: true } } });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('threat 19: scaling a deployment an HPA manages warns', () => {
  it('names the HPA and its range in the preview', async () => {
    const preview = await h.flow.previewAction(h.as('olivia', 'operator'), h.resolve('call-failures', 'scale-orchestrator', { replicas: 5 }), h.getExecutor('scale'));
    expect(preview.warnings).toContain('HorizontalPodAutoscaler orchestrator manages this deployment (3–10 replicas) and may change the count back.');
  });
});

describe('threat 20: a removed env var is confirmed gone by reading the object back; merge patches replace whole lists', () => {
  it('removing a variable (strategic merge, $patch: delete) is read back gone; an approved removal still there fails the run', async () => {
    const base = h.resolve('performance', 'enable-caching');
    const removal = { ...base, action: { ...base.action, values: { CACHE_TTL: null } } } as unknown as ResolvedAction;
    const { preview, done } = await runToTheEnd('olivia', removal);
    expect(preview.changes).toContainEqual({ path: 'spec.template.spec.containers[orchestrator].env[CACHE_TTL].value', before: expect.any(String), after: undefined });
    expect(done.status, done.result ?? '').toBe('succeeded');
    expect(envOf(await read(`${APPS}/deployments/orchestrator`))).not.toHaveProperty('CACHE_TTL');
    const { assertReadBack } = await import('@/lib/actions/kubernetes/shared');
    const stillThere = { spec: { template: { spec: { containers: [{ name: 'orchestrator', env: [{ name: 'CACHE_TTL', value: '60' }] }] } } } };
    expect(() => assertReadBack('deployment voicehive/orchestrator', preview.changes, stillThere)).toThrow(/env\[CACHE_TTL\]\.value is "60" \(approved: \(absent\)\)/);
  });

  it('the console sends strategic merge patches for env; a JSON merge patch would replace the whole list, and a patch without its type is a 415', async () => {
    recorder.reset();
    await runToTheEnd('olivia', h.resolve('pms-connection', 'enable-circuit-breaker'));
    expect(recorder.calls.filter((c) => c.method === 'PATCH').map((c) => c.contentType)).toEqual(expect.arrayContaining(['application/strategic-merge-patch+json']));
    const before = envOf(await read(`${APPS}/deployments/connectors`));
    expect(Object.keys(before).length).toBeGreaterThan(2);
    const send = (contentType: string) =>
      fetch(`${h.sim.url}${APPS}/deployments/connectors?dryRun=All`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${SIM_TOKEN}`, 'content-type': contentType },
        body: JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'connectors', image: 'x:1', env: [{ name: 'ONLY', value: '1' }] }] } } } }),
      });
    const merged = (await (await send('application/merge-patch+json')).json()) as Deployment;
    expect(envOf(merged)).toEqual({ ONLY: '1' });
    expect((await send('application/json')).status).toBe(415);
  });
});

describe('threat 21: after a ConfigMap patch, the pods reading it need a restart, and the console says so', () => {
  it('the preview names the deployments that read it and offers the section\'s restart', async () => {
    const preview = await h.flow.previewAction(h.as('olivia', 'operator'), h.resolve('database', 'increase-connection-pool'), h.getExecutor('patch-configmap'));
    expect(preview.warnings).toContain('Read by deployment orchestrator: restart it for the change to take effect.');
    expect(preview.followUps).toEqual([{ stepId: 'restart-connection-pool', title: expect.any(String) }]);
  });
});

describe('threat 22: the service account can do nothing dangerous (kubectl auth can-i --list)', () => {
  type Rule = { apiGroups?: string[]; resources?: string[]; verbs?: string[] };
  type Manifest = { kind?: string; metadata?: { namespace?: string }; rules?: Rule[] };
  const dir = path.resolve(__dirname, '../../deploy/kubernetes');
  const manifests = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as Manifest))
    .filter(Boolean);
  const grants = manifests.filter((m) => m.kind === 'Role').flatMap((role) => (role.rules ?? []).flatMap((r) => (r.apiGroups ?? []).flatMap((g) => (r.resources ?? []).flatMap((res) => (r.verbs ?? []).map((v) => ({ ns: role.metadata?.namespace, group: g, resource: res, verb: v }))))));

  it('grants nothing on secrets, pods/exec, attach or portforward, no create of pods, no escalate, bind or impersonate, no wildcard', () => {
    expect(grants.length).toBeGreaterThan(0);
    const forbidden = grants.filter(
      (g) => g.resource === 'secrets' || ['pods/exec', 'pods/attach', 'pods/portforward'].includes(g.resource) || (g.resource === 'pods' && g.verb === 'create') || ['escalate', 'bind', 'impersonate', '*'].includes(g.verb) || g.resource === '*' || g.group === '*',
    );
    expect(forbidden).toEqual([]);
  });

  it('has no ClusterRole or ClusterRoleBinding, and Roles only in the namespaces the console may use', () => {
    expect(manifests.filter((m) => m.kind === 'ClusterRole' || m.kind === 'ClusterRoleBinding')).toEqual([]);
    const allowed = parseEnv({}).KUBE_NAMESPACES;
    expect([...new Set(grants.map((g) => g.ns))].sort()).toEqual([...allowed].sort());
  });
});

describe('threat 23: a requester cannot approve their own scale request', () => {
  it('is refused (403) and the attempt is in the audit log', async () => {
    const action = h.resolve('call-failures', 'scale-orchestrator', { replicas: 4 });
    const { executor, run } = await request('olivia', action);
    await expect(h.flow.approveRun(h.as('olivia', 'operator'), run, action, null, executor)).rejects.toMatchObject({ code: 'forbidden', message: 'You cannot decide on your own request: another approver must.' });
    const audit = await h.store.db.selectFrom('audit_log').select(['actor', 'outcome', 'detail']).where('action', '=', 'action.approve').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor: 'olivia', outcome: 'denied' });
    expect(JSON.parse(audit.detail)).toMatchObject({ runId: run.id, why: 'own request' });
  });
});

describe('threat 24: an approval is bound to the object, the diff, its version and an expiry; stale or replayed approvals are refused', () => {
  it('the dry run is made again at approval; the approved diff is what executes and is read back', async () => {
    const action = h.resolve('voice-latency', 'scale-tts', { replicas: 4 });
    const { executor, preview, run } = await request('olivia', action);
    expect(JSON.parse(run.diff)).toEqual(preview.changes);
    recorder.reset();
    const approved = await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor);
    expect(recorder.calls.map(describeCall)).toContainEqual(expect.stringMatching(/^PATCH \/apis\/apps\/v1\/namespaces\/voicehive\/deployments\/tts-router\/scale \(application\/merge-patch\+json, dryRun=All/));
    const done = await h.flow.executeRun(h.as('adam', 'approver'), approved, action, executor);
    expect(done.status).toBe('succeeded');
    expect((await read(`${APPS}/deployments/tts-router`)).spec.replicas).toBe(4);
  });

  it('stale: a change to what was approved ends the request', async () => {
    const action = h.resolve('voice-latency', 'scale-tts', { replicas: 5 });
    const { executor, run } = await request('olivia', action);
    await h.kube(`${APPS}/deployments/tts-router/scale`, { method: 'PATCH', body: { spec: { replicas: 2 } } });
    await expect(h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/changed since this request was made: .*spec\.replicas 4 → 2/) });
    expect((await h.store.db.selectFrom('action_runs').select('status').where('id', '=', run.id).executeTakeFirstOrThrow()).status).toBe('expired');
  });

  it('replayed: an approval of a request already approved and run is refused, and nothing runs again', async () => {
    const action = h.resolve('voice-latency', 'scale-tts', { replicas: 3 });
    const { executor, run } = await request('olivia', action);
    const approved = await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor);
    await h.flow.executeRun(h.as('adam', 'approver'), approved, action, executor);
    const generation = (await read(`${APPS}/deployments/tts-router`)).metadata.generation;
    // As the decision route does: the run as it is stored now.
    const again = await h.store.db.selectFrom('action_runs').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
    await expect(h.flow.approveRun(h.as('ada', 'admin'), again, action, null, executor)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already decided \(succeeded by adam\)/) });
    expect((await read(`${APPS}/deployments/tts-router`)).metadata.generation).toBe(generation);
  });

  it('expired: a request past its expiry cannot be approved', async () => {
    const action = h.resolve('voice-latency', 'scale-tts', { replicas: 5 });
    const { executor, run } = await request('olivia', action, { approvalTtlMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/expired/) });
  });
});
