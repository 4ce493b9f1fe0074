import { ZodError } from 'zod';

/** Errors a route handler may answer with; the code decides the HTTP status in one place. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ApiErrorCode =
  | 'bad-request'
  | 'unauthenticated'
  | 'token-revoked'
  | 'display-expired'
  | 'display-replaced'
  | 'token-expired'
  | 'token-in-use'
  | 'forbidden'
  | 'cross-site'
  | 'not-found'
  | 'conflict'
  | 'too-many-requests'
  | 'too-large'
  | 'unsupported-media-type'
  | 'upstream'
  | 'unavailable'
  | 'internal';

export const statusByCode: Record<ApiErrorCode, number> = {
  'bad-request': 400,
  // A display whose token was revoked is told so, not sent to a login page it cannot use.
  unauthenticated: 401,
  'token-revoked': 401,
  'display-expired': 401,
  'display-replaced': 401,
  'token-expired': 401,
  // A first-device token that already signed a screen in: the link is real but used (nothing to retry).
  'token-in-use': 409,
  forbidden: 403,
  'cross-site': 403,
  'not-found': 404,
  conflict: 409,
  'too-many-requests': 429,
  'too-large': 413,
  'unsupported-media-type': 415,
  upstream: 502,
  unavailable: 503,
  internal: 500,
};

export type ApiErrorBody = { error: { code: ApiErrorCode; message: string; field?: string } };

/** Turns a zod failure into a 400 that names the first bad field. */
export function fromZodError(error: ZodError, where: string): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || where;
  return new ApiError('bad-request', `${field}: ${issue?.message ?? 'invalid'}`, field);
}

/** Maps any thrown value to a status and a body people can read; never a stack trace. */
export function toErrorBody(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof ApiError) {
    return { status: statusByCode[error.code], body: { error: { code: error.code, message: error.message, field: error.field } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Internal error; see the console server log.' } } };
}
