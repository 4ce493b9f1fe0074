import { NextResponse, type NextRequest } from 'next/server';
import { nextPathSchema } from '@/lib/api/auth-schemas';
import { ApiError } from '@/lib/api/errors';
import { setOidcStateCookie } from '@/lib/auth/oidc-cookies';
import { oidcRefusedUrl, toOidcRefusal } from '@/lib/auth/oidc-refusal';
import { isOidcConfigured } from '@/lib/auth/oidc-settings';
import { beginOidcSignIn } from '@/lib/auth/oidc-sign-in';
import { respondError } from '@/lib/server/respond';

/**
 * Single sign-on, step 1 (GET ?next=/path): sends the browser to the identity provider, holding the
 * sign-in in progress in the `vh_oidc` cookie. `next` must be a console path; anything else becomes `/`.
 */
export async function GET(request: NextRequest) {
  if (!isOidcConfigured()) {
    return respondError(new ApiError('not-found', 'Single sign-on is not configured on this console (OIDC_ISSUER is not set). Sign in with a local account.'));
  }
  const next = nextPathSchema.parse(request.nextUrl.searchParams.get('next') ?? '/');
  try {
    const { authorizationUrl, cookieValue } = await beginOidcSignIn(next);
    const response = NextResponse.redirect(authorizationUrl, 302);
    response.headers.set('cache-control', 'no-store');
    setOidcStateCookie(response, cookieValue);
    return response;
  } catch (error) {
    const refusal = toOidcRefusal(error);
    const response = NextResponse.redirect(oidcRefusedUrl(refusal.reason), 303);
    response.headers.set('cache-control', 'no-store');
    return response;
  }
}
