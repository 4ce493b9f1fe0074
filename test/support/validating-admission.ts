// ValidatingAdmissionPolicy evaluation for tests, as kube-apiserver runs it (no API server can run here):
// match constraints and bindings, params, match conditions, lazily evaluated variables, validations,
// failurePolicy Fail. CEL is evaluated by @marcbachmann/cel-js; Kubernetes' own CEL environment (cel-go
// with its extension libraries, and type-checking against the OpenAPI schema) is not reproduced, so an
// expression that type-checks here may still be refused by a real API server's compiler.
import { evaluate } from '@marcbachmann/cel-js';

export type AdmissionRequest = {
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  namespace: string;
  name: string;
  userInfo: { username: string; groups?: string[] };
  object: unknown;
  oldObject: unknown;
};

type Doc = { kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown> };
type Rule = { apiGroups?: string[]; resources?: string[]; operations?: string[] };
type Named = { name: string; expression: string };
type Validation = { expression: string; message?: string; reason?: string };

/** CEL sees Kubernetes integers as int (JSON numbers would be double): whole numbers become BigInt. */
function toCel(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  return value;
}

const has = (list: string[] | undefined, value: string) => Boolean(list?.includes(value) || list?.includes('*'));

function ruleMatches(rule: Rule, r: AdmissionRequest): boolean {
  const resource = r.subResource ? `${r.resource.resource}/${r.subResource}` : r.resource.resource;
  const resourceOk = (rule.resources ?? []).some((x) => x === resource || (x === '*' && !r.subResource) || (x === '*/*' && Boolean(r.subResource)) || (r.subResource && x === `${r.resource.resource}/*`));
  return has(rule.apiGroups, r.resource.group) && resourceOk && has(rule.operations, r.operation);
}

/** `namespaceSelector.matchLabels` on kubernetes.io/metadata.name only (what the generated bindings use). */
function bindingMatches(binding: Doc, r: AdmissionRequest): boolean {
  const selector = (binding.spec?.matchResources as { namespaceSelector?: { matchLabels?: Record<string, string> } } | undefined)?.namespaceSelector?.matchLabels;
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => k === 'kubernetes.io/metadata.name' && v === r.namespace);
}

export type Decision = { allowed: boolean; denials: string[] };

/**
 * Every policy of `docs` that matches, through each of its bindings: denied when a validation is false
 * or fails (failurePolicy Fail), or a binding's param is missing (parameterNotFoundAction Deny).
 */
export function admit(docs: readonly Doc[], r: AdmissionRequest, findParam: (namespace: string, name: string) => unknown = () => undefined): Decision {
  const denials: string[] = [];
  const request = toCel({ ...r, subResource: r.subResource ?? '', object: undefined, oldObject: undefined });
  for (const policy of docs.filter((d) => d.kind === 'ValidatingAdmissionPolicy')) {
    const spec = policy.spec!;
    const rules = (spec.matchConstraints as { resourceRules: Rule[] }).resourceRules;
    if (!rules.some((rule) => ruleMatches(rule, r))) continue;
    for (const binding of docs.filter((d) => d.kind === 'ValidatingAdmissionPolicyBinding' && d.spec?.policyName === policy.metadata?.name)) {
      if (!bindingMatches(binding, r)) continue;
      const name = `ValidatingAdmissionPolicy '${policy.metadata?.name}' with binding '${binding.metadata?.name}' denied request`;
      const paramRef = binding.spec?.paramRef as { name: string; namespace?: string } | undefined;
      const params = paramRef ? findParam(paramRef.namespace ?? r.namespace, paramRef.name) : null;
      if (paramRef && params === undefined) {
        denials.push(`${name}: no params found for policy binding`);
        continue;
      }
      const context: Record<string, unknown> = { request, object: toCel(r.object ?? null), oldObject: toCel(r.oldObject ?? null), params: toCel(params ?? null) };
      // Variables are evaluated when first used; one that fails fails the expressions that use it.
      const cache = new Map<string, { value?: unknown; error?: unknown }>();
      const variables: Record<string, unknown> = {};
      for (const v of (spec.variables as Named[] | undefined) ?? []) {
        Object.defineProperty(variables, v.name, {
          enumerable: true,
          get() {
            if (!cache.has(v.name)) {
              try {
                cache.set(v.name, { value: evaluate(v.expression, { ...context, variables }) });
              } catch (error) {
                cache.set(v.name, { error });
              }
            }
            const entry = cache.get(v.name)!;
            if ('error' in entry) throw entry.error;
            return entry.value;
          },
        });
      }
      const run = (expression: string): { ok: boolean; error?: string } => {
        try {
          return { ok: evaluate(expression, { ...context, variables }) === true };
        } catch (error) {
          return { ok: false, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
        }
      };
      const conditions = (spec.matchConditions as Named[] | undefined) ?? [];
      const conditionResults = conditions.map((c) => run(c.expression));
      if (conditionResults.some((c) => c.error)) {
        denials.push(`${name}: match condition failed: ${conditionResults.find((c) => c.error)!.error}`);
        continue;
      }
      if (!conditionResults.every((c) => c.ok)) continue;
      for (const validation of spec.validations as Validation[]) {
        const result = run(validation.expression);
        if (result.error) denials.push(`${name}: expression '${validation.expression.slice(0, 60)}…' resulted in error: ${result.error}`);
        else if (!result.ok) denials.push(`${name}: ${validation.message ?? `failed expression: ${validation.expression}`}`);
      }
    }
  }
  return { allowed: denials.length === 0, denials };
}
