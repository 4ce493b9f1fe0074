import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '@/lib/catalog/load';
import { parseEnv } from '@/lib/env';
import { kubernetesCalls, rbacResource } from './calls';

// The manifests in deploy/kubernetes must grant the console's service account exactly what the
// adapter's functions send (kubernetesCalls), in each namespace it may use, and nothing more.

const DIR = path.resolve(__dirname, '../../../deploy/kubernetes');
const SERVICE_ACCOUNT = { name: 'voicehive-ops', namespace: 'voicehive-ops' };

type Manifest = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string }; [key: string]: unknown };
type Rule = { apiGroups?: string[]; resources?: string[]; verbs?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] };

const manifests: Manifest[] = fs
  .readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(DIR, file), 'utf8')).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      return doc.toJS() as Manifest;
    }),
  )
  .filter((m): m is Manifest => m !== null && typeof m === 'object');

const roles = manifests.filter((m) => m.kind === 'Role');
const bindings = manifests.filter((m) => m.kind === 'RoleBinding');
const allowedNamespaces = parseEnv({}).KUBE_NAMESPACES;

const grant = (group: string, resource: string, verb: string) => `${group || 'core'} ${resource} ${verb}`;

function grantsOf(role: Manifest): Set<string> {
  const granted = new Set<string>();
  for (const rule of (role.rules as Rule[] | undefined) ?? []) {
    for (const group of rule.apiGroups ?? []) for (const resource of rule.resources ?? []) for (const verb of rule.verbs ?? []) granted.add(grant(group, resource, verb));
  }
  return granted;
}

/** The object names a verb is limited to, or 'any' when some rule grants it without resourceNames. */
function namesFor(role: Manifest, group: string, resource: string, verb: string): Set<string> | 'any' {
  const names = new Set<string>();
  for (const rule of (role.rules as Rule[] | undefined) ?? []) {
    if (!rule.apiGroups?.includes(group) || !rule.resources?.includes(resource) || !rule.verbs?.includes(verb)) continue;
    if (!rule.resourceNames || rule.resourceNames.length === 0) return 'any';
    rule.resourceNames.forEach((n) => names.add(n));
  }
  return names;
}

const expectedGrants = new Set(Object.values(kubernetesCalls).flatMap((calls) => calls.map((c) => grant(c.group, rbacResource(c), c.verb))));

describe('deploy/kubernetes RBAC', () => {
  it('has no cluster-wide roles or bindings', () => {
    expect(manifests.filter((m) => m.kind === 'ClusterRole' || m.kind === 'ClusterRoleBinding')).toEqual([]);
  });

  it('has a Role bound to the console service account in each allowed namespace, and none elsewhere', () => {
    expect(manifests.some((m) => m.kind === 'ServiceAccount' && m.metadata?.name === SERVICE_ACCOUNT.name && m.metadata?.namespace === SERVICE_ACCOUNT.namespace)).toBe(true);
    expect(roles.map((r) => r.metadata?.namespace).sort()).toEqual([...allowedNamespaces].sort());
    for (const role of roles) {
      const ns = role.metadata?.namespace;
      const binding = bindings.find((b) => b.metadata?.namespace === ns);
      expect(binding, `RoleBinding in ${ns}`).toBeDefined();
      expect(binding!.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata?.name });
      expect(binding!.subjects).toEqual([{ kind: 'ServiceAccount', ...SERVICE_ACCOUNT }]);
    }
    expect(bindings).toHaveLength(roles.length);
  });

  it.each(allowedNamespaces)('grants exactly the adapter calls in %s', (namespace) => {
    const role = roles.find((r) => r.metadata?.namespace === namespace)!;
    const granted = grantsOf(role);
    const missing = [...expectedGrants].filter((g) => !granted.has(g));
    const extra = [...granted].filter((g) => !expectedGrants.has(g));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('grants no wildcard, secrets, exec/attach/port-forward, watch or escalation verbs', () => {
    for (const role of roles) {
      for (const rule of role.rules as Rule[]) {
        const words = [...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...(rule.verbs ?? []), ...(rule.resourceNames ?? [])];
        expect(words, JSON.stringify(rule)).not.toContain('*');
        expect(rule.nonResourceURLs).toBeUndefined();
        for (const resource of rule.resources ?? []) {
          expect(resource).not.toMatch(/^(secrets|serviceaccounts\/token|pods\/(exec|attach|portforward|proxy)|services\/proxy|nodes.*)$/);
        }
        for (const verb of rule.verbs ?? []) expect(['watch', 'escalate', 'bind', 'impersonate', 'deletecollection', 'update']).not.toContain(verb);
      }
    }
  });

  it('limits every patch to named objects, covering every object a catalog action changes', () => {
    const sections = loadCatalog(path.resolve(__dirname, '../../../runbooks'));
    const needed: { namespace: string; group: string; resource: string; name: string; where: string }[] = [];
    for (const section of sections) {
      for (const step of section.resolution ?? []) {
        const action = step.action;
        if (!action) continue;
        const namespace = action.target.namespace ?? 'voicehive';
        const names = expandName(action.target.name, action.params as Record<string, { values?: string[] }> | undefined);
        const where = `${section.id}/${step.id}`;
        if (['rollout-restart', 'set-env', 'rollout-undo'].includes(action.kind)) names.forEach((name) => needed.push({ namespace, group: 'apps', resource: 'deployments', name, where }));
        if (action.kind === 'scale') names.forEach((name) => needed.push({ namespace, group: 'apps', resource: 'deployments/scale', name, where }));
        if (action.kind === 'patch-configmap') names.forEach((name) => needed.push({ namespace, group: '', resource: 'configmaps', name, where }));
      }
    }
    expect(needed.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const n of needed) {
      if (!allowedNamespaces.includes(n.namespace)) {
        problems.push(`${n.where}: namespace ${n.namespace} is not in KUBE_NAMESPACES`);
        continue;
      }
      const role = roles.find((r) => r.metadata?.namespace === n.namespace)!;
      const allowed = namesFor(role, n.group, n.resource, 'patch');
      if (allowed !== 'any' && !allowed.has(n.name)) problems.push(`${n.where}: add ${n.name} to the resourceNames of "patch ${n.resource}" in ${n.namespace}`);
    }
    expect(problems).toEqual([]);
    for (const role of roles) {
      for (const [group, resource] of [['apps', 'deployments'], ['apps', 'deployments/scale'], ['', 'configmaps']] as const) {
        expect(namesFor(role, group, resource, 'patch'), `patch ${resource} in ${role.metadata?.namespace}`).not.toBe('any');
      }
    }
  });
});

/** "{deployment}" with an enum parameter → each of its values; a fixed name → itself. */
function expandName(name: string | undefined, params: Record<string, { values?: string[] }> | undefined): string[] {
  if (!name) return [];
  const param = /^\{(\w+)\}$/.exec(name)?.[1];
  if (!param) return [name];
  const values = params?.[param]?.values;
  if (!values) throw new Error(`action target ${name} is not an enum parameter`);
  return values;
}

describe('deploy/kubernetes console Deployment', () => {
  const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata?.name === 'voicehive-ops') as
    | { spec: { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[]; volumes: { name: string; emptyDir?: object }[] } } } }
    | undefined;

  it('runs as the console service account, non-root, read-only, with writable emptyDirs and a readiness probe', () => {
    expect(deployment).toBeDefined();
    const pod = deployment!.spec.template.spec;
    expect(pod.serviceAccountName).toBe(SERVICE_ACCOUNT.name);
    expect((pod.securityContext as { runAsNonRoot?: boolean }).runAsNonRoot).toBe(true);
    const container = pod.containers[0] as {
      securityContext: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
      readinessProbe: { httpGet: { path: string } };
      resources: { requests?: object; limits?: object };
      volumeMounts: { name: string; mountPath: string }[];
      envFrom: object[];
    };
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.readinessProbe.httpGet.path).toBe('/api/health');
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();
    const dataMount = container.volumeMounts.find((m) => m.mountPath === '/app/data');
    expect(pod.volumes.find((v) => v.name === dataMount?.name)?.emptyDir).toBeDefined();
    expect(container.envFrom).toEqual(expect.arrayContaining([{ configMapRef: { name: 'voicehive-ops' } }]));
  });

  it('configures in-cluster access to the namespaces the Roles cover', () => {
    const config = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata?.name === 'voicehive-ops') as { data: Record<string, string> } | undefined;
    expect(config?.data.KUBE_MODE).toBe('in-cluster');
    const env = parseEnv(config!.data);
    expect([...env.KUBE_NAMESPACES].sort()).toEqual(roles.map((r) => r.metadata?.namespace).sort());
  });
});
