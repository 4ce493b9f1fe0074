import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { UpstreamError } from '../upstream-error';

export type ServiceAdminErrorCode = 'not-configured' | 'bad-path' | 'unreachable' | 'timeout' | 'redirect' | 'http';

/** A call to a service's admin endpoint that did not work: which service, which path, and why. */
export class ServiceAdminError extends UpstreamError {
  constructor(
    readonly code: ServiceAdminErrorCode,
    service: string,
    target: string,
    status: number | null,
    message: string,
  ) {
    super(`${service} admin API`, target, status, message);
    this.name = 'ServiceAdminError';
  }

  toApiError(): ApiError {
    if (this.code === 'not-configured') return new ApiError('unavailable', this.message);
    if (this.code === 'bad-path') return new ApiError('internal', this.message);
    return new ApiError('upstream', this.message);
  }
}
