import type { NextRequest } from 'next/server';
import { displayExchangeBodySchema } from '@/lib/api/auth-schemas';
import { exchangeDisplayToken } from '@/lib/auth/display-tokens';
import { assertSameOrigin, getRequestContext, revokeIncomingSession } from '@/lib/auth/request-auth';
import { setSessionCookie } from '@/lib/auth/session-cookie';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

/** A NOC display trades its token for a long-lived, read-only display session. */
export async function POST(request: NextRequest) {
  try {
    const context = await getRequestContext(request);
    await assertSameOrigin(request, context);
    const { token } = await readJsonBody(request, displayExchangeBodySchema);
    const { sessionToken, name } = await exchangeDisplayToken(context.store, token, context);
    await revokeIncomingSession(request, context.store);
    const response = respondJson({ name });
    setSessionCookie(response, sessionToken, 'display');
    return response;
  } catch (error) {
    return respondError(error);
  }
}
