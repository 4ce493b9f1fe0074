import 'server-only';
// How a single sign-on ends without a session: a reason code for /login/refused, and the mapping of
// every kind of failure (configuration, provider, unexpected) to one of those codes.
import * as client from 'openid-client';
import { RoleMapError } from './oidc-roles';
import { consoleUrl, OIDC_REFUSED_PATH, OidcConfigError } from './oidc-settings';
import type { RequestContext } from './request-auth';

/** Why a single sign-on did not end in a session; the refused page has one message per code. */
export const OIDC_REFUSAL_REASONS = ['cancelled', 'no-role', 'disabled', 'expired', 'invalid', 'provider-error', 'unavailable', 'error'] as const;
export type OidcRefusalReason = (typeof OIDC_REFUSAL_REASONS)[number];

export function isOidcRefusalReason(value: unknown): value is OidcRefusalReason {
  return typeof value === 'string' && (OIDC_REFUSAL_REASONS as readonly string[]).includes(value);
}

/** Who the identity provider said the person was, when the console refused them (shown on the refused page). */
export type OidcRefusalDetails = { name: string; groups: string[] };

/** A sign-in that ended without a session, for a reason the person can be told (by code, on /login/refused). */
export class OidcSignInRefused extends Error {
  constructor(
    readonly reason: OidcRefusalReason,
    message: string,
    readonly details?: OidcRefusalDetails,
  ) {
    super(message);
    this.name = 'OidcSignInRefused';
  }
}

/** Any error from the flow as a refusal; unexpected ones are logged here (server log only, never shown). */
export function toOidcRefusal(error: unknown): OidcSignInRefused {
  if (error instanceof OidcSignInRefused) return error;
  if (error instanceof OidcConfigError || error instanceof RoleMapError) {
    console.error('[oidc]', error.message);
    return new OidcSignInRefused('unavailable', error.message);
  }
  console.error('[oidc] sign-in failed', error);
  return new OidcSignInRefused('error', 'Single sign-on failed; see the console server log.');
}

export function oidcRefusedUrl(reason: OidcRefusalReason): URL {
  const url = consoleUrl(OIDC_REFUSED_PATH);
  url.searchParams.set('reason', reason);
  return url;
}

// ---- failures of the provider or of the callback ------------------------------------------------

export function describeError(error: unknown): string {
  if (error instanceof client.ResponseBodyError) return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  if (error instanceof Error) return `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`;
  return String(error);
}

function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  return error instanceof TypeError && error.message === 'fetch failed';
}

/**
 * A callback that proves no identity (bad state, replay, an answer that does not verify) goes to the
 * server log, not the audit chain: anyone can send one, and recording each would let anonymous
 * traffic fill the log and hold its write lock. Refusals of a verified person are audited.
 */
export function logUnverifiedFailure(context: RequestContext, reason: string): void {
  console.warn(`[oidc] sign-in refused from ${context.clientAddress ?? 'unknown address'}: ${reason.slice(0, 300)}`);
}

/** A failed call to the provider: unreachable, or an answer that does not verify (logged: it may be an attack). */
export async function providerCallFailed(context: RequestContext, step: string, error: unknown): Promise<OidcSignInRefused> {
  const described = describeError(error);
  if (isUnreachable(error)) {
    console.error(`[oidc] ${step}: the identity provider could not be reached:`, described);
    return new OidcSignInRefused('unavailable', 'The identity provider could not be reached.');
  }
  logUnverifiedFailure(context, `${step}: ${described}`);
  return new OidcSignInRefused('invalid', 'The answer from the identity provider could not be verified.');
}
