import type { ApiErrorCode } from './errors';

/**
 * Why a Kubernetes call failed, as the adapter reports it (`KubernetesError.code`). The API layer maps
 * each to an HTTP answer in one place; the action flow shows `conflict` and never retries it blindly.
 */
export type KubernetesErrorCode =
  /** No KUBE_MODE, KUBE_API_URL, KUBECONFIG or service account: Kubernetes is off. */
  | 'not-configured'
  /** The namespace is not in KUBE_NAMESPACES; refused before any request. */
  | 'namespace-not-allowed'
  /** A name, selector or argument the console itself refused before any request. */
  | 'invalid-argument'
  /** 401: the API server rejected the console's credentials. */
  | 'unauthorized'
  /** 403: the console's service account lacks the RBAC grant. */
  | 'forbidden'
  | 'not-found'
  /** 409: the object changed since it was read (resourceVersion precondition) or already exists. */
  | 'conflict'
  /** 415: the API server refused the request's content type (a patch sent without its patch type). */
  | 'unsupported-media-type'
  /** 422: the change is invalid (e.g. a negative replica count); the server's reason is in the message. */
  | 'invalid'
  /** 400: the server could not read the request. */
  | 'bad-request'
  /** 429: the API server is throttling the console. */
  | 'throttled'
  /** 429 on an eviction: a PodDisruptionBudget allows no disruption now (the server's reason names it). */
  | 'disruption-budget'
  /** 5xx from the API server. */
  | 'server-error'
  /** Any other HTTP status. */
  | 'http-error'
  /** No answer within KUBE_TIMEOUT_MS. */
  | 'timeout'
  /** Connection refused, DNS failure, TLS failure: no answer at all. */
  | 'unreachable'
  /** An answer that could not be read (no content type, not JSON). */
  | 'bad-response';

/**
 * How each Kubernetes failure reaches the browser. The API server rejecting the console's own
 * credentials or RBAC is an upstream fault (502), never 401/403: those would tell the browser that
 * the person's session or role is the problem.
 */
export const apiErrorCodeByKubernetesCode: Record<KubernetesErrorCode, ApiErrorCode> = {
  'not-configured': 'unavailable',
  'namespace-not-allowed': 'forbidden',
  'invalid-argument': 'bad-request',
  unauthorized: 'upstream',
  forbidden: 'upstream',
  'not-found': 'not-found',
  conflict: 'conflict',
  'unsupported-media-type': 'upstream',
  invalid: 'bad-request',
  'bad-request': 'bad-request',
  throttled: 'unavailable',
  'disruption-budget': 'conflict',
  'server-error': 'upstream',
  'http-error': 'upstream',
  timeout: 'upstream',
  unreachable: 'upstream',
  'bad-response': 'upstream',
};
