import { NextResponse, type NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import {
  clearOidcStateCookie,
  completeOidcSignIn,
  consoleUrl,
  isOidcConfigured,
  OIDC_STATE_COOKIE,
  oidcRefusedUrl,
  setOidcRefusalCookie,
  toOidcRefusal,
} from '@/lib/auth/oidc';
import { getRequestContext } from '@/lib/auth/request-auth';
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
    response = NextResponse.redirect(consoleUrl(result.next), 303);
    setSessionCookie(response, result.token, 'user');
  } catch (error) {
    const refusal = toOidcRefusal(error);
    response = NextResponse.redirect(oidcRefusedUrl(refusal.reason), 303);
    setOidcRefusalCookie(response, refusal);
  }
  response.headers.set('cache-control', 'no-store');
  clearOidcStateCookie(response);
  return response;
}
