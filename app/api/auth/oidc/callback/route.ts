import { NextResponse, type NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { clearOidcStateCookie, OIDC_STATE_COOKIE, setOidcRefusalCookie } from '@/lib/auth/oidc-cookies';
import { oidcRefusedUrl, toOidcRefusal } from '@/lib/auth/oidc-refusal';
import { consoleUrl, isOidcConfigured } from '@/lib/auth/oidc-settings';
import { completeOidcSignIn } from '@/lib/auth/oidc-sign-in';
import { getRequestContext, revokeIncomingSession } from '@/lib/auth/request-auth';
import { setSessionCookie } from '@/lib/auth/session-cookie';
import { respondError } from '@/lib/server/respond';

/**
 * Single sign-on, step 2: the identity provider sends the browser back here with a code. A session
 * and a 303 to where the person was going, or a 303 to /login/refused?reason=<code>. The sign-in
 * cookie is cleared either way: a callback can be used once.
 */
export async function GET(request: NextRequest) {
  if (!isOidcConfigured()) {
    return respondError(new ApiError('not-found', 'Single sign-on is not configured on this console (OIDC_ISSUER is not set).'));
  }
  let response: NextResponse;
  try {
    const context = await getRequestContext(request);
    const result = await completeOidcSignIn(new URL(request.url), request.cookies.get(OIDC_STATE_COOKIE)?.value, context);
    await revokeIncomingSession(request, context.store);
    response = NextResponse.redirect(consoleUrl(result.next), 303);
    setSessionCookie(response, result.token);
  } catch (error) {
    const refusal = toOidcRefusal(error);
    response = NextResponse.redirect(oidcRefusedUrl(refusal.reason), 303);
    setOidcRefusalCookie(response, refusal);
  }
  response.headers.set('cache-control', 'no-store');
  clearOidcStateCookie(response);
  return response;
}
