import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '@/lib/catalog/load';
import { parseEnv } from '@/lib/env';
import { CONSOLE_SERVICE_ACCOUNT, renderRbacManifest } from '@/lib/kubernetes/rbac-manifest';
import { listNeedUses } from '@/lib/kubernetes/rbac-needs';

// The manifests in deploy/kubernetes must grant the console's service account what the catalog's steps
// and panels send (lib/kubernetes/rbac-needs.ts), in each namespace they reach, and nothing more: a
// rule that no step or panel needs fails here as surely as a missing one.

const DIR = path.resolve(__dirname, '../../../deploy/kubernetes');
const SERVICE_ACCOUNT = CONSOLE_SERVICE_ACCOUNT;

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
const sections = loadCatalog(path.resolve(__dirname, '../../../runbooks'));
const uses = listNeedUses(sections);

const rulesOf = (role: Manifest) => (role.rules as Rule[] | undefined) ?? [];
const roleIn = (namespace: string) => roles.find((r) => r.metadata?.namespace === namespace);

/** Each (group, resource, verb, name or any) a rule grants, one per line. */
type Grant = { group: string; resource: string; verb: string; name: string | null };
function grantsOf(role: Manifest): Grant[] {
  return rulesOf(role).flatMap((rule): Grant[] =>
    (rule.apiGroups ?? []).flatMap((group) =>
      (rule.resources ?? []).flatMap((resource) =>
        (rule.verbs ?? []).flatMap((verb): Grant[] => (rule.resourceNames?.length ? rule.resourceNames.map((name) => ({ group, resource, verb, name })) : [{ group, resource, verb, name: null }])),
      ),
    ),
  );
}

const show = (g: { group: string; resource: string; verb: string; name?: string | null }) => `${g.verb} ${g.group || 'core'} ${g.resource}${g.name ? ` ${g.name}` : ''}`;

describe('deploy/kubernetes RBAC', () => {
  it('is the manifest generated from the catalog (run `npm run rbac` after editing the catalog)', () => {
    expect(fs.readFileSync(path.join(DIR, 'rbac.yaml'), 'utf8')).toBe(renderRbacManifest(sections));
  });

  it('has no cluster-wide roles or bindings', () => {
    expect(manifests.filter((m) => m.kind === 'ClusterRole' || m.kind === 'ClusterRoleBinding')).toEqual([]);
  });

  it('has a Role bound to the console service account in each namespace the catalog reaches, all of them allowed, and none elsewhere', () => {
    expect(manifests.some((m) => m.kind === 'ServiceAccount' && m.metadata?.name === SERVICE_ACCOUNT.name && m.metadata?.namespace === SERVICE_ACCOUNT.namespace)).toBe(true);
    const reached = [...new Set(uses.map((u) => u.namespace))].sort();
    expect(reached.filter((ns) => !allowedNamespaces.includes(ns)), 'catalog namespaces outside KUBE_NAMESPACES').toEqual([]);
    expect(roles.map((r) => r.metadata?.namespace).sort()).toEqual(reached);
    for (const role of roles) {
      const ns = role.metadata?.namespace;
      const binding = bindings.find((b) => b.metadata?.namespace === ns);
      expect(binding, `RoleBinding in ${ns}`).toBeDefined();
      expect(binding!.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata?.name });
      expect(binding!.subjects).toEqual([{ kind: 'ServiceAccount', ...SERVICE_ACCOUNT }]);
    }
    expect(bindings).toHaveLength(roles.length);
  });

  it('grants nothing that no catalog step or panel needs', () => {
    const unneeded: string[] = [];
    for (const role of roles) {
      const namespace = role.metadata!.namespace!;
      for (const grant of grantsOf(role)) {
        const needed = uses.some(
          (u) =>
            u.namespace === namespace &&
            u.group === grant.group &&
            u.resource === grant.resource &&
            u.verb === grant.verb &&
            (grant.name === null ? u.objectNames === 'any' : u.objectNames !== 'any' && u.objectNames.includes(grant.name)),
        );
        if (!needed) unneeded.push(`${namespace}: ${show(grant)}`);
      }
    }
    expect(unneeded).toEqual([]);
  });

  it('grants everything a catalog step or panel needs, limited to the named objects where the request names one', () => {
    const missing: string[] = [];
    for (const use of uses) {
      const role = roleIn(use.namespace);
      const grants = role ? grantsOf(role).filter((g) => g.group === use.group && g.resource === use.resource && g.verb === use.verb) : [];
      const names = use.objectNames === 'any' ? [null] : use.objectNames;
      for (const name of names) {
        if (!grants.some((g) => g.name === null || g.name === name)) missing.push(`${use.usedBy} in ${use.namespace}: ${show({ ...use, name })}`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it('keeps each rule to one resource (a deployment patch never grants its scale) and has no reads without a caller', () => {
    for (const role of roles) {
      for (const rule of rulesOf(role)) expect(rule.resources, JSON.stringify(rule)).toHaveLength(1);
      const granted = grantsOf(role).map(show);
      // (get batch jobs has a caller now: a run follows the Job it created to its end.)
      expect(granted.filter((g) => /^get apps deployments\/scale/.test(g)), `${role.metadata?.namespace}`).toEqual([]);
    }
    for (const ns of ['kube-system', 'monitoring']) {
      const granted = grantsOf(roleIn(ns)!).map(show);
      expect(granted.filter((g) => /^create batch jobs|^delete core pods|^create core pods\/eviction|^patch apps deployments\/scale/.test(g)), ns).toEqual([]);
    }
  });

  it('grants no wildcard, secrets, exec/attach/port-forward, watch or escalation verbs', () => {
    for (const role of roles) {
      for (const rule of rulesOf(role)) {
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

  it('limits every patch to named objects', () => {
    for (const role of roles) {
      for (const rule of rulesOf(role)) if (rule.verbs?.includes('patch')) expect(rule.resourceNames?.length, JSON.stringify(rule)).toBeGreaterThan(0);
    }
  });
});

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
    expect(container.readinessProbe.httpGet.path).toBe('/api/health/ready');
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();
    const tmpMount = container.volumeMounts.find((m) => m.mountPath === '/tmp');
    expect(pod.volumes.find((v) => v.name === tmpMount?.name)?.emptyDir).toBeDefined();
    expect(container.envFrom).toEqual(expect.arrayContaining([{ configMapRef: { name: 'voicehive-ops' } }]));
  });

  it('configures in-cluster access to the namespaces the Roles cover', () => {
    const config = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata?.name === 'voicehive-ops') as { data: Record<string, string> } | undefined;
    expect(config?.data.KUBE_MODE).toBe('in-cluster');
    const env = parseEnv(config!.data);
    expect([...env.KUBE_NAMESPACES].sort()).toEqual(roles.map((r) => r.metadata?.namespace).sort());
  });
});
