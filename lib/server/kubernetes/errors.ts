import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { apiErrorCodeByKubernetesCode, type KubernetesErrorCode } from '@/lib/api/kubernetes';
import { UpstreamError, describeFetchFailure } from '../upstream-error';

export type { KubernetesErrorCode } from '@/lib/api/kubernetes';

export const KUBERNETES_UPSTREAM = 'kubernetes';

/**
 * A failed Kubernetes call: what was asked (`target`, e.g. "deployment voicehive/orchestrator"), the
 * HTTP status (null when there was no answer), a `code` the API layer maps, and the API server's own
 * Status `reason` and message when it sent one.
 */
export class KubernetesError extends UpstreamError {
  constructor(
    readonly code: KubernetesErrorCode,
    target: string,
    status: number | null,
    message: string,
    readonly details: { reason?: string; serverMessage?: string } = {},
  ) {
    super(KUBERNETES_UPSTREAM, target, status, message);
    this.name = 'KubernetesError';
  }
}

/** What a call was about, for messages: the object, and the verb/resource RBAC would need. */
export type CallDescription = { object: string; verb: string; resource: string; namespace: string };

type Status = { kind?: string; message?: string; reason?: string; code?: number; causes?: string[] };

function readStatus(body: unknown): Status | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() ? { message: body.trim().slice(0, 300) } : undefined;
    }
  }
  if (value && typeof value === 'object') {
    const { message, reason, kind, code, details } = value as Record<string, unknown>;
    const causes = (details as { causes?: { message?: unknown }[] } | undefined)?.causes?.map((c) => c.message).filter((m): m is string => typeof m === 'string');
    return {
      kind: typeof kind === 'string' ? kind : undefined,
      message: typeof message === 'string' ? message : undefined,
      reason: typeof reason === 'string' ? reason : undefined,
      code: typeof code === 'number' ? code : undefined,
      ...(causes && causes.length > 0 ? { causes } : {}),
    };
  }
  return undefined;
}

/** client-node's ApiException, recognised by shape (it may come from another copy of the package). */
export function isApiException(error: unknown): error is Error & { code: number; body: unknown } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number' && 'body' in error;
}

/** Maps an HTTP status and the server's Status to a code and words that name the object. */
export function fromHttpStatus(status: number, body: unknown, call: CallDescription): KubernetesError {
  const server = readStatus(body);
  // The causes carry what a message alone leaves out (which disruption budget, how many healthy pods).
  const text = [server?.message, ...(server?.causes ?? [])].filter(Boolean).join(' ');
  const said = text ? ` (${server?.reason ? `${server.reason}: ` : ''}${text})` : server?.reason ? ` (${server.reason})` : '';
  const details = { reason: server?.reason, serverMessage: server?.message };
  const { object, verb, resource, namespace } = call;
  const make = (code: KubernetesErrorCode, text: string) => new KubernetesError(code, object, status, `${text}${said}`, details);
  switch (true) {
    case status === 400 && /does not support dry run/.test(server?.message ?? ''):
      // A webhook with side effects would act on a dry run as on the real change, so the server refuses it.
      return make('bad-request', `${object}: an admission webhook with side effects refuses dry runs, so this change cannot be previewed (HTTP 400)`);
    case status === 400:
      return make('bad-request', `${object}: the API server could not read the request (HTTP 400)`);
    case status === 401:
      return make('unauthorized', `${object}: the API server rejected the console's credentials (HTTP 401); check its token`);
    case status === 403:
      return make('forbidden', `${object}: the console's service account may not ${verb} ${resource} in namespace ${namespace} (HTTP 403); see deploy/kubernetes/rbac.yaml`);
    case status === 404:
      return make('not-found', `${object} not found (HTTP 404)`);
    case status === 409:
      return make('conflict', `${object} changed since it was read, or already exists (HTTP 409); read it again before deciding`);
    case status === 415:
      return make('unsupported-media-type', `${object}: the API server refused the request's content type (HTTP 415)`);
    case status === 422:
      return make('invalid', `${object}: the change is invalid (HTTP 422)`);
    case status === 429 && resource === 'pods/eviction':
      return make('disruption-budget', `${object}: a PodDisruptionBudget allows no disruption now, so it cannot be evicted (HTTP 429)`);
    case status === 429:
      return make('throttled', `${object}: the API server is throttling requests (HTTP 429); try again shortly`);
    case status >= 500:
      return make('server-error', `${object}: the API server failed (HTTP ${status})`);
    default:
      return make('http-error', `${object}: unexpected answer HTTP ${status}`);
  }
}

/** Turns whatever a client-node call threw into a KubernetesError. */
export function toKubernetesError(error: unknown, call: CallDescription, timing: { timedOut: boolean; timeoutMs: number }): KubernetesError {
  if (error instanceof KubernetesError) return error;
  if (timing.timedOut) return new KubernetesError('timeout', call.object, null, `${call.object}: no answer within ${timing.timeoutMs} ms`);
  if (isApiException(error)) return fromHttpStatus(error.code, error.body, call);
  if (error instanceof SyntaxError || (error instanceof Error && /Cannot parse content|mediaType|not supported by ObjectSerializer/.test(error.message))) {
    return new KubernetesError('bad-response', call.object, null, `${call.object}: the API server's answer could not be read (${error.message})`);
  }
  const why = describeFetchFailure(error, timing.timeoutMs);
  return new KubernetesError('unreachable', call.object, null, `${call.object}: the API server cannot be reached (${why})`);
}

/** The API layer's error for a Kubernetes failure (one table: lib/api/kubernetes.ts). */
export function toApiError(error: KubernetesError): ApiError {
  return new ApiError(apiErrorCodeByKubernetesCode[error.code], error.message);
}
