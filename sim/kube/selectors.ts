import { badRequest } from './status';

/**
 * Label and field selectors with the API server's semantics: `a!=b` and `a notin (…)` also match
 * objects without the label, a malformed selector is a 400, a field the resource does not index is
 * a 400 too (the console must not rely on fields a real server refuses).
 */

type Labels = Readonly<Record<string, string>>;
type Requirement = (labels: Labels) => boolean;

const NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function fail(detail: string): never {
  throw badRequest(`unable to parse requirement: ${detail}`);
}

function checkKey(key: string): string {
  if (!NAME.test(key) || key.length > 316) fail(`key: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value) || value.length > 63) fail(`values[0]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  return value;
}

/** Splits on commas outside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms.map((t) => t.trim());
}

function parseTerm(term: string): Requirement {
  if (term === '') fail('found \'\', expected: !, identifier, or \'end of string\'');
  const set = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(term);
  if (set) {
    const key = checkKey(set[1]!);
    const values = set[3]!.split(',').map((v) => checkValue(v.trim()));
    if (set[2] === 'in') return (labels) => key in labels && values.includes(labels[key]!);
    return (labels) => !(key in labels) || !values.includes(labels[key]!);
  }
  const op = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(\S*)$/.exec(term);
  if (op) {
    const key = checkKey(op[1]!);
    const operator = op[2]!;
    if (operator === '<' || operator === '>') {
      const bound = Number(op[3]);
      if (!Number.isInteger(bound)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
      return (labels) => key in labels && (operator === '<' ? Number(labels[key]) < bound : Number(labels[key]) > bound);
    }
    const value = checkValue(op[3]!);
    if (operator === '!=') return (labels) => labels[key] !== value;
    return (labels) => labels[key] === value;
  }
  if (term.startsWith('!')) {
    const key = checkKey(term.slice(1).trim());
    return (labels) => !(key in labels);
  }
  if (/^\S+$/.test(term)) {
    const key = checkKey(term);
    return (labels) => key in labels;
  }
  return fail(`found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
}

/** A label selector as a predicate; an empty or missing selector matches everything. */
export function parseLabelSelector(selector: string | null): (labels: Labels | undefined) => boolean {
  if (selector === null || selector.trim() === '') return () => true;
  const requirements = splitTerms(selector).map(parseTerm);
  return (labels) => requirements.every((r) => r(labels ?? {}));
}

/** `{matchLabels}` of a workload's selector as the `a=b,c=d` string a Scale's status carries. */
export function formatMatchLabels(matchLabels: Labels): string {
  return Object.entries(matchLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Reads a field out of an object by a dotted path, as the server's field-label conversion does. */
function readField(object: unknown, path: string): string {
  let value: unknown = object;
  // Events' `source` label is the reporting component, not the whole source object.
  for (const part of (path === 'source' ? 'source.component' : path).split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined || value === null ? '' : String(value);
}

/** A field selector over the fields the resource supports (`supported` lists them). */
export function parseFieldSelector(selector: string | null, supported: readonly string[]): (object: unknown) => boolean {
  if (selector === null || selector.trim() === '') return () => true;
  const terms = selector.split(',').map((term) => {
    const match = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!match) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field, operator, value] = match as unknown as [string, string, string, string];
    if (!supported.includes(field)) throw badRequest(`field label not supported: ${field}`);
    return (object: unknown) => (readField(object, field) === value) === (operator !== '!=');
  });
  return (object) => terms.every((t) => t(object));
}

const META = ['metadata.name', 'metadata.namespace'];

/** Field labels each resource indexes (kube-apiserver's GetAttrs/field label conversion funcs). */
export const supportedFields: Record<string, readonly string[]> = {
  pods: [...META, 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  events: [
    ...META,
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  jobs: [...META, 'status.successful'],
};

export const fieldsOf = (resource: string): readonly string[] => supportedFields[resource] ?? META;
