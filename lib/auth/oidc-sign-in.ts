import 'server-only';
// Single sign-on: OpenID Connect authorization code flow with PKCE (S256), state and nonce, through
// openid-client 6. The console is the relying party; /api/auth/oidc/start sends the browser to the
// identity provider and /api/auth/oidc/callback brings it back here.
import * as client from 'openid-client';
import { nextPathSchema } from '@/lib/api/auth-schemas';
import { finishSignIn, type OidcSignInResult, type ProviderClaims } from './oidc-account';
import { consumeState, readPendingSignIn, signPendingSignIn } from './oidc-cookies';
import { getReachableConfiguration } from './oidc-discovery';
import { logUnverifiedFailure, OidcSignInRefused, providerCallFailed } from './oidc-refusal';
import { getOidcSettings } from './oidc-settings';
import type { RequestContext } from './request-auth';

/**
 * Starts a sign-in: the provider's authorization URL (code, S256 PKCE, state, nonce) and the signed
 * cookie value that has to come back with the callback. `next` is re-checked: a console path or `/`.
 */
export async function beginOidcSignIn(next: string): Promise<{ authorizationUrl: URL; cookieValue: string }> {
  const settings = getOidcSettings();
  const config = await getReachableConfiguration(settings);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri.href,
    scope: settings.scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const cookieValue = signPendingSignIn({ iss: settings.issuer.href, state, nonce, verifier, next: nextPathSchema.parse(next) });
  return { authorizationUrl, cookieValue };
}

/**
 * Finishes a sign-in: checks the cookie, exchanges the code (PKCE verifier, expected state and
 * nonce), reads userinfo, maps the groups to a role, and then, in one transaction, creates or updates
 * the user, creates the session and audits it. Throws OidcSignInRefused for anything that is not a session.
 */
export async function completeOidcSignIn(callbackUrl: URL, cookieValue: string | undefined, context: RequestContext): Promise<OidcSignInResult> {
  const settings = getOidcSettings();
  const pending = readPendingSignIn(cookieValue);
  if (!pending || pending.exp <= Date.now() || pending.iss !== settings.issuer.href) {
    throw new OidcSignInRefused('expired', 'No sign-in is in progress in this browser, or it took longer than 10 minutes.');
  }
  // The provider only ever answers on the registered redirect URI; behind a proxy the request's own
  // URL may differ, so only the query is taken from it (openid-client sends the redirect_uri it is given).
  const currentUrl = new URL(settings.redirectUri);
  currentUrl.search = callbackUrl.search;
  const params = currentUrl.searchParams;
  if (params.get('state') !== pending.state) {
    logUnverifiedFailure(context, 'the state parameter does not match this browser\'s sign-in');
    throw new OidcSignInRefused('invalid', 'The answer from the identity provider does not belong to this sign-in.');
  }
  if (!consumeState(pending.state, pending.exp)) {
    logUnverifiedFailure(context, 'the sign-in response was replayed');
    throw new OidcSignInRefused('invalid', 'This sign-in response was already used.');
  }
  const providerError = params.get('error');
  if (providerError === 'access_denied') throw new OidcSignInRefused('cancelled', 'Sign-in was cancelled at the identity provider.');
  if (providerError) {
    console.warn('[oidc] the identity provider answered', providerError, params.get('error_description')?.slice(0, 300) ?? '');
    throw new OidcSignInRefused('provider-error', 'The identity provider refused the sign-in request.');
  }

  const config = await getReachableConfiguration(settings);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce });
  } catch (error) {
    throw await providerCallFailed(context, 'code exchange', error);
  }
  const idToken = tokens.claims();
  if (!idToken) throw new OidcSignInRefused('invalid', 'The identity provider sent no ID token.');

  let claims: Record<string, unknown> = { ...idToken };
  if (config.serverMetadata().userinfo_endpoint) {
    try {
      // fetchUserInfo checks that userinfo is about the ID token's subject.
      const userinfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = { ...claims, ...userinfo, iss: idToken.iss, sub: idToken.sub };
    } catch (error) {
      throw await providerCallFailed(context, 'userinfo', error);
    }
  }

  return finishSignIn(context, settings, claims as ProviderClaims, pending.next);
}
