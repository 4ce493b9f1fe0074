import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ApiPath } from './request';
import type { Verb } from './resources';
import { KubeError } from './status';

/**
 * Authentication by bearer token and authorization as kube-apiserver's RBAC authorizer does it, from
 * the Kubernetes manifests in a directory (deploy/kubernetes): Roles and ClusterRoles bound by
 * RoleBindings and ClusterRoleBindings to users, groups and service accounts. Additive, deny by
 * default; system:masters may do anything (the admin token), and every signed-in user may read the
 * discovery documents (system:discovery).
 */

export interface UserInfo {
  username: string;
  groups: string[];
}

/** What RBAC decides on: a resource request, or a path that names no resource (discovery). */
export type Attributes =
  | { kind: 'resource'; verb: Verb | 'watch'; group: string; resource: string; subresource: string | null; name: string | null; namespace: string | null }
  | { kind: 'path'; verb: string; path: string };

type Rule = { apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; verbs?: string[]; nonResourceURLs?: string[] };
type Subject = { kind: string; name: string; namespace?: string };
type Binding = { namespace: string | null; roleRef: { kind: string; name: string }; subjects: Subject[] };

export interface RbacPolicy {
  /** `namespace/name` for Roles, `name` for ClusterRoles. */
  roles: Map<string, Rule[]>;
  bindings: Binding[];
}

type Manifest = { kind?: string; metadata?: { name?: string; namespace?: string }; rules?: Rule[]; roleRef?: Binding['roleRef']; subjects?: Subject[] };

/** Reads every RBAC object in the directory's YAML files (other kinds are ignored). */
export function loadRbacPolicy(dir: string): RbacPolicy {
  const documents = fs
    .readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((doc) => doc.toJS() as Manifest | null));
  return createRbacPolicy(documents.filter((d): d is Manifest => d !== null && typeof d === 'object'));
}

export function createRbacPolicy(manifests: readonly Manifest[]): RbacPolicy {
  const roles = new Map<string, Rule[]>();
  const bindings: Binding[] = [];
  for (const m of manifests) {
    const name = m.metadata?.name ?? '';
    const namespace = m.metadata?.namespace ?? null;
    if (m.kind === 'Role') roles.set(`${namespace}/${name}`, m.rules ?? []);
    if (m.kind === 'ClusterRole') roles.set(name, m.rules ?? []);
    if ((m.kind === 'RoleBinding' || m.kind === 'ClusterRoleBinding') && m.roleRef) {
      bindings.push({ namespace: m.kind === 'RoleBinding' ? namespace : null, roleRef: m.roleRef, subjects: m.subjects ?? [] });
    }
  }
  return { roles, bindings };
}

function appliesTo(subject: Subject, user: UserInfo, bindingNamespace: string | null): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.username;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount':
      // A RoleBinding's ServiceAccount subject without a namespace means the binding's own namespace.
      return user.username === `system:serviceaccount:${subject.namespace ?? bindingNamespace}:${subject.name}`;
    default:
      return false;
  }
}

const has = (list: readonly string[] | undefined, value: string) => Boolean(list?.includes(value) || list?.includes('*'));

function resourceMatches(rule: Rule, resource: string, subresource: string | null): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) => r === '*' || r === combined || (subresource !== null && r === `*/${subresource}`));
}

function ruleAllows(rule: Rule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (a.kind === 'path') return (rule.nonResourceURLs ?? []).some((u) => u === a.path || u === '*' || (u.endsWith('*') && a.path.startsWith(u.slice(0, -1))));
  if (!has(rule.apiGroups, a.group) || !resourceMatches(rule, a.resource, a.subresource)) return false;
  // resourceNames can only allow a request that names its object (not a list or a create).
  return !rule.resourceNames || rule.resourceNames.length === 0 || (a.name !== null && rule.resourceNames.includes(a.name));
}

/** Discovery (`/api`, `/apis`, `/apis/<group>[/<version>]`, `/version`) is open to every signed-in user. */
const isDiscovery = (p: string) => p === '/api' || p === '/apis' || p === '/version' || /^\/api\/v1$/.test(p) || /^\/apis\/[^/]+(\/[^/]+)?$/.test(p);

export function isAllowed(policy: RbacPolicy, user: UserInfo, a: Attributes): boolean {
  if (user.groups.includes('system:masters')) return true;
  if (a.kind === 'path' && a.verb === 'get' && isDiscovery(a.path)) return true;
  return policy.bindings.some((binding) => {
    // A RoleBinding grants only in its namespace, whether it refers to a Role or a ClusterRole.
    if (binding.namespace !== null && (a.kind === 'path' || binding.namespace !== a.namespace)) return false;
    if (!binding.subjects.some((s) => appliesTo(s, user, binding.namespace))) return false;
    const key = binding.roleRef.kind === 'Role' ? `${binding.namespace}/${binding.roleRef.name}` : binding.roleRef.name;
    return (policy.roles.get(key) ?? []).some((rule) => ruleAllows(rule, a));
  });
}

/** The attributes of a request the dispatcher has parsed; null path → a non-resource path. */
export function attributesOf(method: string, pathname: string, apiPath: ApiPath | null, verb: Verb | null): Attributes {
  if (!apiPath) return { kind: 'path', verb: method === 'GET' || method === 'HEAD' ? 'get' : method.toLowerCase(), path: pathname.replace(/\/+$/, '') || '/' };
  return {
    kind: 'resource',
    verb: verb ?? (method.toLowerCase() as Verb),
    group: apiPath.group,
    resource: apiPath.resource,
    subresource: apiPath.subresource,
    name: apiPath.name,
    namespace: apiPath.namespace,
  };
}

/** 403 worded as the API server's (responsewriters.forbiddenMessage and apierrors.NewForbidden). */
export function forbidden(user: UserInfo, a: Attributes): KubeError {
  let message: string;
  let details: Record<string, string> = {};
  if (a.kind === 'path') {
    message = `forbidden: User "${user.username}" cannot ${a.verb} path "${a.path}"`;
  } else {
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
    const reason = `User "${user.username}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${where}`;
    const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
    message = a.name ? `${qualified} "${a.name}" is forbidden: ${reason}` : `${qualified} is forbidden: ${reason}`;
    details = { ...(a.name ? { name: a.name } : {}), ...(a.group ? { group: a.group } : {}), kind: a.resource };
  }
  return new KubeError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details, code: 403 });
}
