import 'server-only';

/** A failed call to an upstream (Prometheus, Kubernetes, PMS …): which one, what was asked, what went wrong. */
export class UpstreamError extends Error {
  constructor(
    readonly upstream: string,
    readonly target: string,
    /** HTTP status from the upstream, or null when there was no answer (refused, timeout, bad body). */
    readonly status: number | null,
    message: string,
  ) {
    super(`${upstream}: ${message}`);
    this.name = 'UpstreamError';
  }
}

/** Turns a fetch failure into words an on-call engineer can act on. */
export function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'ECONNREFUSED') return 'connection refused';
    if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
    return error.message;
  }
  return String(error);
}

/**
 * An UpstreamError by its name, not `instanceof`: the production server loads this module once per bundle (a
 * route's, instrumentation's), and the process-wide clients on globalThis throw the class of whichever bundle
 * created them first (since the background worker starts in instrumentation, that one), so `instanceof` in a
 * route's copy is false for them.
 */
export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof Error && error.name === 'UpstreamError' && 'status' in error && 'upstream' in error;
}
