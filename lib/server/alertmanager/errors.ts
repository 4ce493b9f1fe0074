import 'server-only';
import { ApiError, type ApiErrorCode } from '@/lib/api/errors';
import { UpstreamError } from '../upstream-error';

export const ALERTMANAGER_UPSTREAM = 'alertmanager';
/** The alerts are read from Prometheus when no Alertmanager is configured; those failures name Prometheus. */
export type AlertsUpstream = typeof ALERTMANAGER_UPSTREAM | 'prometheus';

export type AlertmanagerErrorCode =
  | 'not-configured'
  | 'unreachable'
  | 'timeout'
  | 'redirect'
  | 'http'
  | 'bad-answer'
  | 'too-large'
  | 'bad-request'
  | 'not-found'
  | 'conflict';

const apiCodes: Record<AlertmanagerErrorCode, ApiErrorCode> = {
  'not-configured': 'unavailable',
  unreachable: 'upstream',
  timeout: 'upstream',
  redirect: 'upstream',
  http: 'upstream',
  'bad-answer': 'upstream',
  'too-large': 'upstream',
  'bad-request': 'bad-request',
  'not-found': 'not-found',
  conflict: 'conflict',
};

export const upstreamTitle = (upstream: AlertsUpstream) => (upstream === 'prometheus' ? 'Prometheus' : 'Alertmanager');

/**
 * An alerts read or an acknowledgement that did not work. Upstream failures say which one and where, e.g.
 * "Alertmanager (127.0.0.1:9093): connection refused"; refusals (unknown alert, duration too long) say why.
 */
export class AlertmanagerError extends UpstreamError {
  constructor(
    readonly code: AlertmanagerErrorCode,
    upstream: AlertsUpstream,
    target: string,
    status: number | null,
    message: string,
  ) {
    super(upstream, target, status, message);
    // UpstreamError prefixes "alertmanager: "; the message says it better, or is not about the upstream at all.
    this.message = message;
    this.name = 'AlertmanagerError';
  }

  toApiError(): ApiError {
    return new ApiError(apiCodes[this.code], this.message);
  }
}

/** A refusal before anything is sent (unknown alert, bad duration …): no upstream failed. */
export function refuse(code: 'bad-request' | 'not-found' | 'conflict' | 'not-configured', message: string): AlertmanagerError {
  return new AlertmanagerError(code, ALERTMANAGER_UPSTREAM, '', null, message);
}
