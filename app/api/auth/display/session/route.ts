import type { NextRequest } from 'next/server';
import { renewDisplaySession } from '@/lib/auth/display-tokens';
import { authorize, readSessionCookie } from '@/lib/auth/request-auth';
import { setDisplaySessionCookie } from '@/lib/auth/session-cookie';
import { respondError, respondJson } from '@/lib/server/respond';

/**
 * A screen in use renews its display session and cookie (DISPLAY_SESSION_MAX_AGE from now, never past its
 * token's expiry). A person's session has its own fixed lifetime: nothing is renewed for it.
 */
export async function POST(request: NextRequest) {
  try {
    const { store, principal } = await authorize(request, 'status.read');
    const endsAt = await renewDisplaySession(store, principal);
    const response = respondJson({ renewed: endsAt !== null, endsAt });
    if (endsAt !== null) setDisplaySessionCookie(response, readSessionCookie(request)!, endsAt);
    return response;
  } catch (error) {
    return respondError(error);
  }
}
