import { isObject, jsonEqual, type Json, type JsonObject } from './patch';
import type { FieldError } from './status';

/**
 * The validation kube-apiserver runs on the objects the double lets clients write (Deployment,
 * ConfigMap, Job, Scale), so a patch that would make an invalid object is a 422 naming the field,
 * never a stored object that the controllers then trip over.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const DNS_LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const typeName = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value);
const wrongType = (field: string, value: unknown, want: string): FieldError => ({
  field,
  type: 'FieldValueTypeInvalid',
  value: typeName(value),
  detail: `${field} in body must be of type ${want}: ${JSON.stringify(typeName(value))}`,
});

function checkStringMap(errors: FieldError[], field: string, value: Json | undefined): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) return void errors.push(wrongType(field, value, 'object'));
  for (const [key, item] of Object.entries(value)) if (typeof item !== 'string') errors.push(wrongType(`${field}.${key}`, item, 'string'));
}

function checkMeta(errors: FieldError[], object: JsonObject): void {
  const meta = isObject(object.metadata) ? object.metadata : {};
  checkStringMap(errors, 'metadata.labels', meta.labels);
  checkStringMap(errors, 'metadata.annotations', meta.annotations);
}

/** A replica count: a non-negative integer. */
export function checkReplicas(errors: FieldError[], field: string, value: Json | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) return void errors.push(wrongType(field, value, 'integer'));
  if (value < 0) errors.push({ field, type: 'FieldValueInvalid', value, detail: 'must be greater than or equal to 0' });
}

// resource.Quantity's own pattern: what the API server refuses to decode (kubectl sees a 422 naming the field).
const QUANTITY = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+|n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

const SUFFIXES: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
/** A quantity that matched QUANTITY, in base units (the double's own reading, not the console's). */
function parseQuantity(text: string): number | null {
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))([eE][+-]?\d+)?([a-zA-Z]*)$/.exec(text);
  const factor = SUFFIXES[match?.[3] ?? ''];
  if (!match || factor === undefined) return null;
  const value = Number(match[1] + (match[2] ?? '')) * factor;
  return Number.isFinite(value) ? value : null;
}

/** Limits and requests are quantities, and a request is never above its limit (ValidateResourceRequirements). */
function checkResources(errors: FieldError[], field: string, resources: Json | undefined): void {
  if (resources === undefined || resources === null) return;
  if (!isObject(resources)) return void errors.push(wrongType(field, resources, 'object'));
  const amounts: Record<string, Record<string, number>> = {};
  for (const part of ['limits', 'requests'] as const) {
    const values = resources[part];
    if (values === undefined || values === null) continue;
    if (!isObject(values)) {
      errors.push(wrongType(`${field}.${part}`, values, 'object'));
      continue;
    }
    amounts[part] = {};
    for (const [name, value] of Object.entries(values)) {
      if (typeof value !== 'string' || !QUANTITY.test(value)) {
        errors.push({ field: `${field}.${part}[${name}]`, type: 'FieldValueInvalid', value: String(value), detail: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" });
        continue;
      }
      const amount = parseQuantity(value);
      if (amount === null || amount < 0) errors.push({ field: `${field}.${part}[${name}]`, type: 'FieldValueInvalid', value, detail: 'must be greater than or equal to 0' });
      else amounts[part]![name] = amount;
    }
  }
  for (const [name, request] of Object.entries(amounts.requests ?? {})) {
    const limit = amounts.limits?.[name];
    if (limit !== undefined && request > limit) {
      const text = (isObject(resources.requests) ? resources.requests[name] : '') as string;
      errors.push({ field: `${field}.requests`, type: 'FieldValueInvalid', value: text, detail: `must be less than or equal to ${name} limit of ${(isObject(resources.limits) ? resources.limits[name] : '') as string}` });
    }
  }
}

function checkContainers(errors: FieldError[], field: string, spec: Json | undefined, restartPolicies: readonly string[]): void {
  if (!isObject(spec)) return void errors.push({ field, type: 'FieldValueRequired', detail: '' });
  const policy = spec.restartPolicy ?? restartPolicies[0];
  if (typeof policy !== 'string' || !restartPolicies.includes(policy)) {
    errors.push({ field: `${field}.restartPolicy`, type: 'FieldValueNotSupported', value: policy, detail: `supported values: ${restartPolicies.map((p) => `"${p}"`).join(', ')}` });
  }
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) return void errors.push({ field: `${field}.containers`, type: 'FieldValueRequired', detail: '' });
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    const at = `${field}.containers[${i}]`;
    if (!isObject(c)) return void errors.push(wrongType(at, c, 'object'));
    if (typeof c.name !== 'string' || c.name === '') errors.push({ field: `${at}.name`, type: 'FieldValueRequired', detail: '' });
    else if (!DNS_LABEL.test(c.name) || c.name.length > 63) errors.push({ field: `${at}.name`, type: 'FieldValueInvalid', value: c.name, detail: DNS_LABEL_MESSAGE });
    else if (seen.has(c.name)) errors.push({ field: `${at}.name`, type: 'FieldValueDuplicate', value: c.name, detail: '' });
    else seen.add(c.name);
    if (typeof c.image !== 'string' || c.image.trim() === '') errors.push({ field: `${at}.image`, type: 'FieldValueRequired', detail: '' });
    checkResources(errors, `${at}.resources`, c.resources);
    if (c.env === undefined || c.env === null) return;
    if (!Array.isArray(c.env)) return void errors.push(wrongType(`${at}.env`, c.env, 'array'));
    c.env.forEach((e, j) => {
      const ef = `${at}.env[${j}]`;
      if (!isObject(e)) return void errors.push(wrongType(ef, e, 'object'));
      if (typeof e.name !== 'string' || e.name === '') errors.push({ field: `${ef}.name`, type: 'FieldValueRequired', detail: '' });
      else if (!ENV_NAME.test(e.name)) {
        errors.push({ field: `${ef}.name`, type: 'FieldValueInvalid', value: e.name, detail: "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit" });
      }
      if (e.value !== undefined && typeof e.value !== 'string') errors.push(wrongType(`${ef}.value`, e.value, 'string'));
      if (typeof e.value === 'string' && e.value !== '' && e.valueFrom !== undefined) {
        errors.push({ field: `${ef}.valueFrom`, type: 'FieldValueInvalid', value: '', detail: 'may not be specified when `value` is not empty' });
      }
    });
  });
}

export function validateDeployment(object: JsonObject, before: JsonObject | null): FieldError[] {
  const errors: FieldError[] = [];
  checkMeta(errors, object);
  const spec = isObject(object.spec) ? object.spec : {};
  checkReplicas(errors, 'spec.replicas', spec.replicas);
  const template = isObject(spec.template) ? spec.template : {};
  const templateMeta = isObject(template.metadata) ? template.metadata : {};
  checkStringMap(errors, 'spec.template.metadata.labels', templateMeta.labels);
  checkStringMap(errors, 'spec.template.metadata.annotations', templateMeta.annotations);
  const selector = isObject(spec.selector) && isObject(spec.selector.matchLabels) ? spec.selector.matchLabels : null;
  const labels = isObject(templateMeta.labels) ? templateMeta.labels : {};
  if (!selector || Object.keys(selector).length === 0) errors.push({ field: 'spec.selector', type: 'FieldValueRequired', detail: '' });
  else if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) {
    errors.push({ field: 'spec.template.metadata.labels', type: 'FieldValueInvalid', value: labels, detail: '`selector` does not match template `labels`' });
  }
  const previous = before && isObject(before.spec) ? before.spec.selector : undefined;
  if (previous !== undefined && !jsonEqual(previous, spec.selector ?? null)) errors.push({ field: 'spec.selector', type: 'FieldValueInvalid', value: spec.selector ?? null, detail: 'field is immutable' });
  checkContainers(errors, 'spec.template.spec', template.spec, ['Always']);
  return errors;
}

export function validateConfigMap(object: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  checkMeta(errors, object);
  const data = object.data;
  if (data === undefined || data === null) return errors;
  if (!isObject(data)) return [...errors, wrongType('data', data, 'object')];
  for (const [key, value] of Object.entries(data)) {
    if (!CONFIG_KEY.test(key) || key.length > 253) {
      errors.push({ field: `data[${key}]`, type: 'FieldValueInvalid', value: key, detail: "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')" });
    }
    if (typeof value !== 'string') errors.push(wrongType(`data.${key}`, value, 'string'));
  }
  return errors;
}

export function validateJob(object: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  checkMeta(errors, object);
  const meta = isObject(object.metadata) ? object.metadata : {};
  if (typeof meta.name === 'string' && (!DNS_LABEL.test(meta.name) || meta.name.length > 63)) errors.push({ field: 'metadata.name', type: 'FieldValueInvalid', value: meta.name, detail: DNS_LABEL_MESSAGE });
  const spec = isObject(object.spec) ? object.spec : {};
  for (const field of ['completions', 'parallelism', 'backoffLimit'] as const) checkReplicas(errors, `spec.${field}`, spec[field]);
  const template = isObject(spec.template) ? spec.template : undefined;
  if (!template) return [...errors, { field: 'spec.template', type: 'FieldValueRequired', detail: '' }];
  checkContainers(errors, 'spec.template.spec', template.spec, ['OnFailure', 'Never']);
  return errors;
}
