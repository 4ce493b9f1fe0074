// deploy/kubernetes rendered as `kubectl kustomize` would (test/support/kustomize.ts: no kustomize binary can
// be installed here, so a renderer limited to the fields the kustomizations use, refusing any other), and every
// object checked against the Kubernetes API's schemas (test/support/kubernetes-schemas.ts: kubernetes-models'
// compiled OpenAPI validators, and unknown fields through @kubernetes/client-node's serializer). No cluster.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { envVariableNames, parseEnv } from '@/lib/env';
import { checkAgainstSchemas } from '../support/kubernetes-schemas';
import { readObjects, renderKustomization, type KubeObject } from '../support/kustomize';

const DEPLOY = path.resolve(__dirname, '../../deploy/kubernetes');
const base = renderKustomization(DEPLOY);
const sqlite = renderKustomization(path.join(DEPLOY, 'overlays/single-sqlite'));
const secretExample = readObjects(path.join(DEPLOY, 'secret.example.yaml'));
const serviceMonitor = readObjects(path.join(DEPLOY, 'monitoring/service-monitor.yaml'));

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects read from YAML, checked field by field */
const find = (objects: KubeObject[], kind: string, name = 'voicehive-ops'): any => objects.find((o) => o.kind === kind && o.metadata.name === name);
const kinds = (objects: KubeObject[]) => [...new Set(objects.map((o) => `${o.apiVersion} ${o.kind}`))].sort();
const consoleContainer = (objects: KubeObject[]) => find(objects, 'Deployment').spec.template.spec.containers[0];

describe('the kustomizations render', () => {
  it('the base: namespace, RBAC, admission policy, configuration, Deployment, Service, disruption budget, autoscaler, network policy', () => {
    expect(kinds(base)).toEqual([
      'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy',
      'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding',
      'apps/v1 Deployment',
      'autoscaling/v2 HorizontalPodAutoscaler',
      'networking.k8s.io/v1 NetworkPolicy',
      'policy/v1 PodDisruptionBudget',
      'rbac.authorization.k8s.io/v1 Role',
      'rbac.authorization.k8s.io/v1 RoleBinding',
      'v1 ConfigMap',
      'v1 Namespace',
      'v1 Service',
      'v1 ServiceAccount',
    ]);
  });

  it('the single-replica SQLite overlay: the base without autoscaler and disruption budget, with a volume claim', () => {
    expect(find(sqlite, 'HorizontalPodAutoscaler')).toBeUndefined();
    expect(find(sqlite, 'PodDisruptionBudget')).toBeUndefined();
    expect(find(sqlite, 'PersistentVolumeClaim', 'voicehive-ops-data').spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(sqlite.length).toBe(base.length - 2 + 1);
    // The base is not changed by rendering the overlay.
    expect(find(base, 'Deployment').spec.replicas).toBe(2);
  });

  it('the renderer refuses what it does not implement rather than ignore it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-'));
    try {
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: x-\n');
      expect(() => renderKustomization(dir)).toThrow(/does not support namePrefix/);
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), `kind: Kustomization\nresources: [${DEPLOY}]\npatches:\n  - target: { kind: Deployment, name: nope }\n    patch: "[{op: remove, path: /spec}]"\n`);
      expect(() => renderKustomization(dir)).toThrow(/matches no object/);
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), `kind: Kustomization\nresources: [${DEPLOY}]\npatches:\n  - target: { kind: Deployment }\n    patch: "[{op: test, path: /spec/replicas, value: 7}]"\n`);
      expect(() => renderKustomization(dir)).toThrow(/Test operation failed/);
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), `kind: Kustomization\nresources: [${DEPLOY}, ${DEPLOY}/console.yaml]\n`);
      expect(() => renderKustomization(dir)).toThrow(/defined twice/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('every object validates against the Kubernetes API schemas', () => {
  const everything = [
    ...base.map((o) => ['base', o] as const),
    ...sqlite.filter((o) => !base.includes(o)).map((o) => ['single-sqlite', o] as const),
    ...secretExample.map((o) => ['secret.example.yaml', o] as const),
    ...serviceMonitor.map((o) => ['monitoring/service-monitor.yaml', o] as const),
  ];
  it.each(everything.map(([where, o]) => [where, `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, o] as const))('%s: %s', async (_where, _name, object) => {
    const { errors, unknownFields } = await checkAgainstSchemas(object);
    expect(errors).toEqual([]);
    expect(unknownFields).toEqual([]);
  });

  it('the checks are not vacuous: a wrong type, a missing field and an unknown field are each refused', async () => {
    const deployment = structuredClone(find(base, 'Deployment')) as KubeObject & { spec: any };
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'three thousand';
    expect((await checkAgainstSchemas(deployment)).errors.join()).toMatch(/containerPort must be integer/);
    delete deployment.spec.selector;
    expect((await checkAgainstSchemas(deployment)).errors.join()).toMatch(/must have required property selector/);
    const typo = structuredClone(find(base, 'Deployment')) as KubeObject & { spec: any };
    typo.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
    const policy = structuredClone(find(base, 'ValidatingAdmissionPolicy', 'voicehive-ops-changes')) as KubeObject & { spec: any };
    policy.spec.validation = [];
    expect((await checkAgainstSchemas(typo)).unknownFields).toEqual(['spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem']);
    expect((await checkAgainstSchemas(policy)).unknownFields).toEqual(['spec.validation']);
    const hpa = structuredClone(find(base, 'HorizontalPodAutoscaler')) as KubeObject & { spec: any };
    // (The OpenAPI schemas carry no enums for most string fields, e.g. a metric target's type: not checked here.)
    delete hpa.spec.maxReplicas;
    expect((await checkAgainstSchemas(hpa)).errors.join()).toMatch(/must have required property maxReplicas/);
  });

  it('only the ServiceMonitor (a custom resource) goes without the unknown-field check', async () => {
    const unchecked = [];
    for (const [, object] of everything) if (!(await checkAgainstSchemas(object)).strictChecked) unchecked.push(object.kind);
    expect(unchecked).toEqual(['ServiceMonitor']);
  });
});

describe('the Deployment runs as a team runs production', () => {
  const deployment = find(base, 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = consoleContainer(base);

  it('two replicas, rolled one at a time without losing one, spread over nodes', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: deployment.spec.selector.matchLabels } });
  });

  it('liveness is /api/health/live and readiness /api/health/ready, on the named port', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/api/health/live', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/api/health/ready', port: 'http' });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    // The image's entrypoint (Containerfile) is node server.mjs; the pod only makes it listen on its address.
    expect(container.command).toBeUndefined();
    expect(container.args).toEqual(['--hostname', '0.0.0.0', '--port', '3000']);
  });

  it('meets the restricted Pod Security Standard its namespace enforces, with a read-only root filesystem', () => {
    expect(find(base, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.hostNetwork ?? false).toBe(false);
    // The writable places are emptyDirs, each mount has its volume.
    expect(container.volumeMounts.map((m: any) => m.mountPath).sort()).toEqual(['/app/.next/cache', '/tmp']);
    for (const mount of container.volumeMounts) expect(pod.volumes.find((v: any) => v.name === mount.name)?.emptyDir).toBeDefined();
  });

  it('has requests and a memory limit', () => {
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits.memory).toBeDefined();
  });

  it('takes its configuration from the ConfigMap and the Secret, DATABASE_URL required (two replicas on SQLite would be two consoles)', () => {
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'voicehive-ops' } }, { secretRef: { name: 'voicehive-ops', optional: true } }]);
    expect(container.env.find((e: any) => e.name === 'DATABASE_URL')).toEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'voicehive-ops', key: 'DATABASE_URL' } } });
    expect(find(base, 'ConfigMap').data.STORE_PATH).toBeUndefined();
  });

  it('the ConfigMap and the example Secret hold only variables the console reads, and together they parse', () => {
    const config = find(base, 'ConfigMap').data as Record<string, string>;
    const secret = (secretExample[0] as any).stringData as Record<string, string>;
    const known = new Set(envVariableNames);
    expect(Object.keys(config).filter((k) => !known.has(k))).toEqual([]);
    expect(Object.keys(secret).filter((k) => !known.has(k))).toEqual([]);
    // The console's own environment check (the one a pod starts with) accepts them.
    const env = parseEnv({ ...config, ...secret, NODE_ENV: 'production' });
    expect(env.DATABASE_URL).toMatch(/^postgres:/);
    expect(env.KUBE_MODE).toBe('in-cluster');
    expect(Object.keys(config).some((k) => /TOKEN$|SECRET|PASSWORD|DATABASE_URL|REDIS_URL/.test(k))).toBe(false);
  });
});

describe('the Service, the disruption budget, the autoscaler and the network policy', () => {
  const labels = find(base, 'Deployment').spec.template.metadata.labels;

  it('the Service and the budget select the pods; the autoscaler scales the Deployment, never below two', () => {
    const service = find(base, 'Service');
    expect(labels).toMatchObject(service.spec.selector);
    expect(service.spec.ports[0].targetPort).toBe('http');
    const pdb = find(base, 'PodDisruptionBudget');
    expect(labels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(pdb.spec.minAvailable).toBe(1);
    const hpa = find(base, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'voicehive-ops' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
  });

  it('egress only to DNS, Prometheus and Alertmanager, the Kubernetes API, the admin endpoints, the platform\'s and the console\'s Redis, PostgreSQL and public HTTPS', () => {
    const policy = find(base, 'NetworkPolicy');
    expect(labels).toMatchObject(policy.spec.podSelector.matchLabels);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const ports = policy.spec.egress.map((rule: any) => rule.ports.map((p: any) => `${p.protocol}/${p.port}`).join(','));
    expect(ports).toEqual(['UDP/53,TCP/53', 'TCP/9090,TCP/9093', 'TCP/443,TCP/6443', 'TCP/8080', 'TCP/6379', 'TCP/6379', 'TCP/5432', 'TCP/443']);
    // Every rule names where it goes: no rule opens a port to everything.
    for (const rule of policy.spec.egress) expect(rule.to?.length).toBeGreaterThan(0);
    // The public HTTPS rule (PMS health, OIDC, webhooks) excludes the private ranges: nothing in the cluster.
    const publicRule = policy.spec.egress.at(-1);
    expect(publicRule.to[0].ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']));
    expect(policy.spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 3000 }] }]);
  });
});

describe('the single-replica SQLite overlay', () => {
  const deployment = find(sqlite, 'Deployment');
  const container = consoleContainer(sqlite);

  it('one replica, recreated (never two processes on one SQLite file), its store on the volume claim', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(container.env.map((e: any) => e.name)).not.toContain('DATABASE_URL');
    const storePath = find(sqlite, 'ConfigMap').data.STORE_PATH as string;
    const mount = container.volumeMounts.find((m: any) => storePath.startsWith(`${m.mountPath}/`));
    expect(mount.mountPath).toBe('/data');
    expect(deployment.spec.template.spec.volumes.find((v: any) => v.name === mount.name).persistentVolumeClaim).toEqual({ claimName: 'voicehive-ops-data' });
    expect(parseEnv(find(sqlite, 'ConfigMap').data).DATABASE_URL).toBeUndefined();
    // Everything else is the base's: security context, probes.
    expect(container.securityContext).toEqual(consoleContainer(base).securityContext);
    expect(container.readinessProbe).toEqual(consoleContainer(base).readinessProbe);
  });
});

describe('scraping the console', () => {
  it('the ServiceMonitor selects the Service, its port by name, /api/metrics with the Secret\'s METRICS_TOKEN', () => {
    const monitor = serviceMonitor[0] as any;
    const service = find(base, 'Service');
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.namespaceSelector.matchNames).toEqual([service.metadata.namespace]);
    expect(monitor.spec.endpoints[0]).toMatchObject({ port: service.spec.ports[0].name, path: '/api/metrics', authorization: { type: 'Bearer', credentials: { name: 'voicehive-ops', key: 'METRICS_TOKEN' } } });
    // Not applied with the base: the CRD may be absent from the cluster.
    expect(base.map((o) => o.kind)).not.toContain('ServiceMonitor');
  });

  it('the plain scrape_config is accepted by promtool', () => {
    // Debian's Prometheus is built without Kubernetes service discovery: its promtool checks the job with a
    // static target in place of kubernetes_sd_configs (the rest as written), and a token file that exists.
    const config = YAML.parse(fs.readFileSync(path.join(DEPLOY, 'monitoring/prometheus-scrape.yml'), 'utf8'));
    const job = config.scrape_configs[0];
    expect(job).toMatchObject({ metrics_path: '/api/metrics', authorization: { type: 'Bearer' } });
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'endpoints', namespaces: { names: ['voicehive-ops'] } }]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-'));
    try {
      fs.writeFileSync(path.join(dir, 'token'), 'x'.repeat(24));
      delete job.kubernetes_sd_configs;
      job.static_configs = [{ targets: ['127.0.0.1:3000'] }];
      job.authorization.credentials_file = path.join(dir, 'token');
      fs.writeFileSync(path.join(dir, 'prometheus.yml'), YAML.stringify(config));
      expect(execFileSync('promtool', ['check', 'config', path.join(dir, 'prometheus.yml')], { encoding: 'utf8' })).toMatch(/SUCCESS/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
