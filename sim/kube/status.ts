/**
 * `Status` failures worded as kube-apiserver words them (k8s.io/apimachinery/pkg/api/errors), since
 * the console maps reason and code to its own errors and shows the message to operators.
 */

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** Thrown anywhere in a handler; the dispatcher answers with its Status. */
export class KubeError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'KubeError';
  }
}

/** A resource as errors name it: `deployments.apps`, or `pods` in the core group. */
export interface GroupResource {
  group: string;
  resource: string;
  kind: string;
}

function failure(code: number, reason: string, message: string, details?: StatusDetails): KubeError {
  return new KubeError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

const qualified = ({ group, resource }: GroupResource) => (group ? `${resource}.${group}` : resource);
const resourceDetails = (gr: GroupResource, name: string): StatusDetails => ({ name, ...(gr.group ? { group: gr.group } : {}), kind: gr.resource });

export const notFound = (gr: GroupResource, name: string) => failure(404, 'NotFound', `${qualified(gr)} "${name}" not found`, resourceDetails(gr, name));

export const alreadyExists = (gr: GroupResource, name: string) => failure(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, resourceDetails(gr, name));

export const conflict = (gr: GroupResource, name: string) =>
  failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, resourceDetails(gr, name));

/** A precondition of a DELETE (uid or resourceVersion) that does not hold. */
export const preconditionFailed = (gr: GroupResource, name: string, what: string) =>
  failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${what}`, resourceDetails(gr, name));

/** One field error, as field.ErrorList renders it: `spec.replicas: Invalid value: -1: must be …`. */
export interface FieldError {
  field: string;
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueTypeInvalid' | 'FieldValueDuplicate';
  detail: string;
  value?: unknown;
}

const typeWords: Record<FieldError['type'], string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueDuplicate: 'Duplicate value',
};

/** Go's %v of a JSON value, near enough: strings quoted, numbers bare. */
function showValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function renderFieldError(e: FieldError): string {
  const head = typeWords[e.type];
  if (e.type === 'FieldValueRequired' || e.type === 'FieldValueForbidden') return e.detail ? `${head}: ${e.detail}` : head;
  return `${head}: ${showValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
}

/** 422: `Deployment.apps "x" is invalid: spec.replicas: …` (several errors in brackets). */
export function invalid(kind: { kind: string; group: string }, name: string, errors: readonly FieldError[]): KubeError {
  const rendered = errors.map((e) => `${e.field}: ${renderFieldError(e)}`);
  const list = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  const qualifiedKind = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  return failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${list}`, {
    name,
    ...(kind.group ? { group: kind.group } : {}),
    kind: kind.kind,
    causes: errors.map((e) => ({ reason: e.type, message: renderFieldError(e), field: e.field })),
  });
}

/** 422 without a field (a JSON patch that cannot be applied), as NewGenericServerResponse words it. */
export const unprocessable = (serverMessage: string) =>
  failure(422, 'Invalid', 'the server rejected our request due to an error in our request', { causes: [{ reason: 'UnexpectedServerResponse', message: serverMessage }] });

export const badRequest = (message: string) => failure(400, 'BadRequest', message);

export const unsupportedMediaType = (accepted: readonly string[]) =>
  failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`, {});

export const methodNotAllowed = () => failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

export const unknownPath = () => failure(404, 'NotFound', 'the server could not find the requested resource', {});

export const unauthorized = () => failure(401, 'Unauthorized', 'Unauthorized');

export const notAcceptable = (accepted: readonly string[]) =>
  failure(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`, {});
