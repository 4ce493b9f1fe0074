// deploy/kubernetes/admission-policy.yaml, generated from the catalog (`npm run rbac`): ValidatingAdmission-
// Policies (admissionregistration.k8s.io/v1, CEL) that let the console's service account make only the
// changes the catalog makes, inside the objects RBAC lets it touch. Pure.
import { stringify } from 'yaml';
import type { Section } from '@/lib/catalog/schema';
import { RESTARTED_AT_ANNOTATION } from './patches';
import { INSTANTIATE_ANNOTATION } from './jobs';
import { collectAdmissionFacts, type AdmissionFacts } from './admission-facts';
import { CONSOLE_USERNAME } from './rbac-manifest';

export const CHANGES_POLICY = 'voicehive-ops-changes';
export const JOBS_POLICY = 'voicehive-ops-jobs-from-cronjobs';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** The kinds of change, as `group/resource[/subresource]:OPERATION` (variables.change). */
const CHANGE = {
  deployment: 'apps/deployments:UPDATE',
  scale: 'apps/deployments/scale:UPDATE',
  configMap: '/configmaps:UPDATE',
  job: 'batch/jobs:CREATE',
  podDelete: '/pods:DELETE',
  eviction: '/pods/eviction:CREATE',
} as const;

// Pod-spec fields that decide what a pod may reach or run as: never changed by the console.
const POD_FIELDS_KEPT = ['serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'shareProcessNamespace', 'securityContext', 'nodeName', 'nodeSelector', 'affinity', 'runtimeClassName', 'priorityClassName', 'hostAliases', 'dnsPolicy', 'dnsConfig', 'ephemeralContainers'];
// Lists the console may shorten (a rollout undo removing what a bad revision added) but never extend.
const POD_LISTS_SHRINK_ONLY = ['volumes', 'initContainers', 'imagePullSecrets', 'tolerations'];
// Container fields that decide what a container runs and reaches: never changed.
const CONTAINER_FIELDS_KEPT = ['command', 'args', 'workingDir', 'securityContext', 'volumeMounts', 'volumeDevices', 'envFrom', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe', 'stdin', 'tty'];

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const list = (items: Iterable<string>) => `[${[...items].sort().map(q).join(', ')}]`;
const mapOf = (entries: [string, string][]) => `{${entries.map(([k, v]) => `${q(k)}: ${v}`).join(', ')}}`;
/** Both have the optional field, equal, or neither has it. */
const same = (a: string, b: string, field: string) => `(has(${a}.${field}) == has(${b}.${field}) && (!has(${a}.${field}) || ${a}.${field} == ${b}.${field}))`;
const orEmptyMap = (path: string, field: string) => `(has(${path}.${field}) ? ${path}.${field} : {})`;
const orEmptyList = (path: string, field: string) => `(has(${path}.${field}) ? ${path}.${field} : [])`;
/** When the request is this kind of change, `expression` must hold. */
const when = (change: string, expression: string) => `variables.change != ${q(change)} ||\n(${expression})`;
const all = (...parts: string[]) => parts.map((p) => `(${p})`).join('\n&& ');
/** An image reference without its tag and digest: "registry:5000/team/app:1.2@sha256:…" → "registry:5000/team/app". */
function repository(image: string): string {
  const name = `${image}.split('@')[0]`;
  return `(${name}.lastIndexOf(':') > ${name}.lastIndexOf('/') ? ${name}.substring(0, ${name}.lastIndexOf(':')) : ${name})`;
}

/** "app=orchestrator,tier in (a,b)" → a CEL test of `labels`; only the forms the catalog uses. */
function selectorExpression(selector: string, labels: string): string {
  const terms = selector.split(/,(?![^(]*\))/).map((t) => t.trim());
  return terms
    .map((term) => {
      const eq = /^([\w./-]+)\s*==?\s*([\w.-]+)$/.exec(term);
      if (eq) return `(${q(eq[1]!)} in ${labels} && ${labels}[${q(eq[1]!)}] == ${q(eq[2]!)})`;
      const set = /^([\w./-]+)\s+in\s+\(([^)]*)\)$/.exec(term);
      if (set) return `(${q(set[1]!)} in ${labels} && ${labels}[${q(set[1]!)}] in ${list(set[2]!.split(',').map((v) => v.trim()))})`;
      throw new Error(`admission policy: selector term ${JSON.stringify(term)} is not one the policy can express`);
    })
    .join(' && ');
}

/** The names a ReplicaSet gives the pods of deployment `app`: "<app>-<template hash>-<suffix>". */
function evictionNamePattern(selector: string): string {
  const app = /^app=([a-z0-9-]+)$/.exec(selector.trim())?.[1];
  if (!app) throw new Error(`admission policy: cannot tell the pod names of selector ${JSON.stringify(selector)} (only app=<deployment> is supported)`);
  return `^${app}-[a-z0-9]+-[a-z0-9]+$`;
}

function deploymentValidations(facts: AdmissionFacts) {
  const patched = new Set([...facts.restarted, ...facts.undone, ...[...facts.env.keys()].map((k) => k.split('/').slice(0, 2).join('/'))]);
  const o = 'object.spec.template.spec';
  const old = 'oldObject.spec.template.spec';
  const keptContainerFields = CONTAINER_FIELDS_KEPT.map((f) => same('c', 'p', f)).join(' && ');
  return [
    {
      expression: when(CHANGE.deployment, `variables.key in ${list(patched)}`),
      message: 'the console may change only the Deployments the runbooks name',
    },
    {
      expression: when(
        CHANGE.deployment,
        all(
          ...['replicas', 'selector', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds', 'paused'].map((f) => same('object.spec', 'oldObject.spec', f)),
          same('object.metadata', 'oldObject.metadata', 'labels'),
          `${orEmptyMap('object.metadata', 'annotations')}.all(k, k == ${q(CHANGE_CAUSE)} || (k in ${orEmptyMap('oldObject.metadata', 'annotations')} && ${orEmptyMap('oldObject.metadata', 'annotations')}[k] == object.metadata.annotations[k]))`,
          `${orEmptyMap('oldObject.metadata', 'annotations')}.all(k, k == ${q(CHANGE_CAUSE)} || k in ${orEmptyMap('object.metadata', 'annotations')})`,
        ),
      ),
      message: `a Deployment change by the console keeps its replicas (scale goes through /scale), selector, strategy, labels and annotations (but ${CHANGE_CAUSE})`,
    },
    {
      expression: when(
        CHANGE.deployment,
        all(
          same('object.spec.template.metadata', 'oldObject.spec.template.metadata', 'labels'),
          `${orEmptyMap('object.spec.template.metadata', 'annotations')}.all(k, k == ${q(RESTARTED_AT_ANNOTATION)} || (k in ${orEmptyMap('oldObject.spec.template.metadata', 'annotations')} && ${orEmptyMap('oldObject.spec.template.metadata', 'annotations')}[k] == object.spec.template.metadata.annotations[k]))`,
          `${orEmptyMap('oldObject.spec.template.metadata', 'annotations')}.all(k, k == ${q(RESTARTED_AT_ANNOTATION)} || k in ${orEmptyMap('object.spec.template.metadata', 'annotations')})`,
          `!(${q(RESTARTED_AT_ANNOTATION)} in ${orEmptyMap('object.spec.template.metadata', 'annotations')}) || object.spec.template.metadata.annotations[${q(RESTARTED_AT_ANNOTATION)}].matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$')`,
        ),
      ),
      message: `the pod template's labels and annotations stay as they are, but ${RESTARTED_AT_ANNOTATION} (a timestamp)`,
    },
    {
      expression: when(
        CHANGE.deployment,
        all(
          ...POD_FIELDS_KEPT.map((f) => same(o, old, f)),
          ...POD_LISTS_SHRINK_ONLY.map((f) => `${orEmptyList(o, f)}.all(x, ${orEmptyList(old, f)}.exists(y, y == x))`),
        ),
      ),
      message: `the pod template's service account, host access, security context and scheduling stay as they are; volumes, init containers, pull secrets and tolerations may only be removed`,
    },
    {
      expression: when(
        CHANGE.deployment,
        `${o}.containers.all(c, ${old}.containers.exists(p, p.name == c.name && ${keptContainerFields}
  && (p.image == c.image || (variables.key in variables.undoable && ${repository('c.image')} == ${repository('p.image')}))))`,
      ),
      message: 'no container is added, and each keeps its command, arguments, probes, mounts and security context; its image changes only by a rollout undo, within the same repository',
    },
    {
      expression: when(
        CHANGE.deployment,
        `${o}.containers.all(c, ${orEmptyList('c', 'env')}.all(e,
  ${old}.containers.exists(p, p.name == c.name && ${orEmptyList('p', 'env')}.exists(x, x == e))
  || (has(e.value) && !has(e.valueFrom) && (
    (variables.key + '/' + c.name) in variables.env && e.name in variables.env[variables.key + '/' + c.name] && variables.env[variables.key + '/' + c.name][e.name] == e.value
    || variables.key in variables.undoable))))`,
      ),
      message: "environment variables change only to the runbooks' named values (a rollout undo may restore plain values), never to a reference to a Secret or another object",
    },
  ];
}

function otherValidations(facts: AdmissionFacts) {
  const scale = 'variables.scaleBounds';
  const values = 'variables.configMapValues';
  const anyKeys = 'variables.configMapAnyKeys';
  const ceilings = 'variables.configMapCeilings';
  const anyKey = (k: string) => `(variables.key in ${anyKeys} && ${k} in ${anyKeys}[variables.key])`;
  // A temporary step's key set back to what it found: a whole number no higher than the step's own value.
  const underCeiling = (k: string) => `(variables.key in ${ceilings} && ${k} in ${ceilings}[variables.key] && object.data[${k}].matches('^[0-9]+$') && int(object.data[${k}]) <= ${ceilings}[variables.key][${k}])`;
  const keyAllowed = (k: string) => `((variables.key in ${values} && ${k} in ${values}[variables.key]) || ${anyKey(k)})`;
  const newData = orEmptyMap('object', 'data');
  const oldData = orEmptyMap('oldObject', 'data');
  const selectorTests = [...facts.podSelectors].flatMap(([ns, selectors]) => [...selectors].map((s) => ({ ns, s })));
  const deleteBySelector = selectorTests.map(({ ns, s }) => `(request.namespace == ${q(ns)} && ${selectorExpression(s, orEmptyMap('oldObject.metadata', 'labels'))})`);
  const evictBySelector = selectorTests.map(({ ns, s }) => `(request.namespace == ${q(ns)} && request.name.matches(${q(evictionNamePattern(s))}))`);
  return [
    {
      expression: when(CHANGE.scale, `variables.key in ${scale} && has(object.spec.replicas) && object.spec.replicas >= ${scale}[variables.key][0] && object.spec.replicas <= ${scale}[variables.key][1]`),
      message: 'the console scales only the Deployments a scale step names, within that step\'s bounds',
    },
    {
      expression: when(
        CHANGE.configMap,
        all(
          `variables.key in ${values} || variables.key in ${anyKeys}`,
          same('object.metadata', 'oldObject.metadata', 'labels'),
          same('object.metadata', 'oldObject.metadata', 'annotations'),
          same('object', 'oldObject', 'binaryData'),
          same('object', 'oldObject', 'immutable'),
          `${newData}.all(k, (k in ${oldData} && ${oldData}[k] == object.data[k]) || ${keyAllowed('k')} && (${anyKey('k')} || object.data[k] in ${values}[variables.key][k] || ${underCeiling('k')}))`,
          `${oldData}.all(k, k in ${newData} || ${keyAllowed('k')})`,
        ),
      ),
      message: "a ConfigMap changes only in the keys the runbooks name, to the runbooks' values",
    },
    {
      expression: when(
        CHANGE.job,
        all(
          `has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(r, r.apiVersion == 'batch/v1' && r.kind == 'CronJob' && has(r.controller) && r.controller && (request.namespace + '/' + r.name) in ${list(facts.cronJobs)} && object.metadata.name.startsWith(r.name + '-'))`,
          `${q(INSTANTIATE_ANNOTATION)} in ${orEmptyMap('object.metadata', 'annotations')} && object.metadata.annotations[${q(INSTANTIATE_ANNOTATION)}] == 'manual'`,
        ),
      ),
      message: `a Job is created only from a CronJob the runbooks name (owned by it, named after it, ${INSTANTIATE_ANNOTATION}: manual)`,
    },
    {
      expression: when(CHANGE.podDelete, [`variables.key in ${list(facts.podNames)}`, ...deleteBySelector].join('\n|| ')),
      message: 'the console deletes only the pods the runbooks name or select',
    },
    {
      expression: when(CHANGE.eviction, [`variables.key in ${list(facts.podNames)}`, ...evictBySelector].join('\n|| ')),
      message: 'the console evicts only the pods the runbooks name or select',
    },
  ];
}

/** ConfigMap → its keys whose values pass `keep`, sorted; ConfigMaps with none left out (no empty literals: CEL wants one type per list). */
function configMapEntries(facts: AdmissionFacts, keep: (values: Set<string> | 'any') => boolean): [string, [string, Set<string> | 'any'][]][] {
  return [...facts.configMaps]
    .sort()
    .map(([name, keys]) => [name, [...keys].filter(([, v]) => keep(v)).sort()] as [string, [string, Set<string> | 'any'][]])
    .filter(([, keys]) => keys.length > 0);
}

const matchConsole = [{ name: 'console-service-account', expression: `request.userInfo.username == ${q(CONSOLE_USERNAME)}` }];

/** The two policies and their bindings, as objects (also what the tests evaluate). */
export function buildAdmissionPolicies(sections: readonly Section[]): Record<string, unknown>[] {
  const facts = collectAdmissionFacts(sections);
  const changes = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: CHANGES_POLICY, labels: { 'app.kubernetes.io/name': 'voicehive-ops' } },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], resources: ['*', '*/*'], operations: ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] }] },
      matchConditions: matchConsole,
      variables: [
        { name: 'change', expression: "request.resource.group + '/' + request.resource.resource + (request.subResource != '' ? '/' + request.subResource : '') + ':' + request.operation" },
        { name: 'key', expression: "request.namespace + '/' + request.name" },
        // What the catalog's steps write, by object: constants the validations look up.
        { name: 'env', expression: mapOf([...facts.env].sort().map(([container, vars]) => [container, mapOf([...vars].sort().map(([n, v]) => [n, q(v)]))])) },
        { name: 'undoable', expression: list(facts.undone) },
        { name: 'scaleBounds', expression: mapOf([...facts.scaled].sort().map(([k, [min, max]]) => [k, `[${min}, ${max}]`])) },
        // Per ConfigMap, the keys with the values steps write, and the keys a person's parameter fills (any value).
        { name: 'configMapValues', expression: mapOf(configMapEntries(facts, (v) => v !== 'any').map(([k, keys]) => [k, mapOf(keys.map(([key, v]) => [key, list(v as Set<string>)]))])) },
        { name: 'configMapCeilings', expression: mapOf([...facts.configMapCeilings].sort().map(([k, keys]) => [k, mapOf([...keys].sort().map(([key, n]) => [key, String(n)]))])) },
        { name: 'configMapAnyKeys', expression: mapOf(configMapEntries(facts, (v) => v === 'any').map(([k, keys]) => [k, list(keys.map(([key]) => key))])) },
      ],
      validations: [
        { expression: `variables.change in ${list(Object.values(CHANGE))}`, message: 'the console makes only the kinds of change its runbooks make', reason: 'Forbidden' },
        ...[...deploymentValidations(facts), ...otherValidations(facts)].map((v) => ({ ...v, reason: 'Forbidden' })),
      ],
    },
  };
  const jobs = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: JOBS_POLICY, labels: { 'app.kubernetes.io/name': 'voicehive-ops' } },
    spec: {
      failurePolicy: 'Fail',
      paramKind: { apiVersion: 'batch/v1', kind: 'CronJob' },
      matchConstraints: { resourceRules: [{ apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs'], operations: ['CREATE'] }] },
      matchConditions: matchConsole,
      variables: [{ name: 'fromParam', expression: "has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(r, r.kind == 'CronJob' && r.name == params.metadata.name)" }],
      validations: [
        {
          expression: `!variables.fromParam ||\n(${all(
            "object.metadata.ownerReferences.exists(r, r.kind == 'CronJob' && r.name == params.metadata.name && r.uid == params.metadata.uid)",
            'object.spec.template.spec == params.spec.jobTemplate.spec.template.spec',
            same('object.spec.template.metadata', 'params.spec.jobTemplate.spec.template.metadata', 'annotations'),
            `${orEmptyMap('params.spec.jobTemplate.spec.template.metadata', 'labels')}.all(k, k in ${orEmptyMap('object.spec.template.metadata', 'labels')} && object.spec.template.metadata.labels[k] == params.spec.jobTemplate.spec.template.metadata.labels[k])`,
            `${orEmptyMap('object.spec.template.metadata', 'labels')}.all(k, k in ${orEmptyMap('params.spec.jobTemplate.spec.template.metadata', 'labels')} || k in ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name'])`,
            ...['backoffLimit', 'parallelism', 'completions', 'completionMode', 'podFailurePolicy'].map((f) => `(!has(params.spec.jobTemplate.spec.${f}) || object.spec.${f} == params.spec.jobTemplate.spec.${f})`),
            ...['activeDeadlineSeconds', 'ttlSecondsAfterFinished'].map((f) => same('object.spec', 'params.spec.jobTemplate.spec', f)),
          )})`,
          message: "a Job from a CronJob is that CronJob's template, as kubectl create job --from makes it",
          reason: 'Forbidden',
        },
      ],
    },
  };
  const binding = (name: string, policyName: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'voicehive-ops' } },
    spec: { policyName, validationActions: ['Deny'], ...extra },
  });
  return [
    changes,
    binding(CHANGES_POLICY, CHANGES_POLICY),
    jobs,
    ...[...facts.cronJobs].sort().map((key) => {
      const [namespace, name] = key.split('/') as [string, string];
      return binding(`${JOBS_POLICY}-${namespace}-${name}`.slice(0, 253), JOBS_POLICY, {
        paramRef: { name, namespace, parameterNotFoundAction: 'Deny' },
        matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } },
      });
    }),
  ];
}

export function renderAdmissionPolicies(sections: readonly Section[]): string {
  const header = [
    '# GENERATED by `npm run rbac` from the runbook catalog (lib/kubernetes/admission-policy.ts): do not edit.',
    "# ValidatingAdmissionPolicies (Kubernetes 1.30+) that let the console's service account make only the changes",
    '# its runbooks make, in the objects rbac.yaml lets it touch: replicas through /scale within the steps\' bounds, the',
    '# restartedAt annotation, the named environment variables, the named ConfigMap keys, Jobs that are the named',
    "# CronJob's template, evictions (and deletions) of the named or selected pods. A rollout undo may also take a",
    '# Deployment back to an earlier template, within limits a policy can check (see lib/kubernetes/admission-policy.ts).',
  ].join('\n');
  return `${header}\n${buildAdmissionPolicies(sections)
    .map((doc) => `---\n${stringify(doc, { lineWidth: 0, blockQuote: 'literal' })}`)
    .join('')}`;
}
