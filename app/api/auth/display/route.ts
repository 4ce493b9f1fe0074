import type { NextRequest } from 'next/server';
import { displayExchangeBodySchema } from '@/lib/api/auth-schemas';
import { exchangeDisplayToken } from '@/lib/auth/display-tokens';
import { assertSameOrigin, getRequestContext, readSessionCookie, revokeIncomingSession } from '@/lib/auth/request-auth';
import { setDisplaySessionCookie } from '@/lib/auth/session-cookie';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

/** A NOC display trades its token for a read-only display session (once per screen: see exchangeDisplayToken). */
export async function POST(request: NextRequest) {
  try {
    const context = await getRequestContext(request);
    await assertSameOrigin(request, context);
    const { token } = await readJsonBody(request, displayExchangeBodySchema);
    const screenCookie = readSessionCookie(request);
    const { sessionToken, name, endsAt } = await exchangeDisplayToken(context.store, token, { ...context, screenCookie });
    // A new session ends the one this browser arrived with (unless it is the same screen's, kept and renewed).
    if (sessionToken !== screenCookie) await revokeIncomingSession(request, context.store);
    const response = respondJson({ name });
    setDisplaySessionCookie(response, sessionToken, endsAt);
    return response;
  } catch (error) {
    return respondError(error);
  }
}
