import type { NextRequest } from 'next/server';
import { loginBodySchema } from '@/lib/api/auth-schemas';
import { signInWithPassword } from '@/lib/auth/local-sign-in';
import { assertSameOrigin, getRequestContext, revokeIncomingSession } from '@/lib/auth/request-auth';
import { setSessionCookie } from '@/lib/auth/session-cookie';
import { getSessionPolicy } from '@/lib/auth/session-policy';
import { getThrottlePolicy } from '@/lib/auth/throttle-policy';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

/** Local account sign-in. Public by nature; same-origin only, so another site cannot sign a browser in. */
export async function POST(request: NextRequest) {
  try {
    const context = await getRequestContext(request);
    await assertSameOrigin(request, context);
    const body = await readJsonBody(request, loginBodySchema);
    const result = await signInWithPassword(context.store, body, context, { session: getSessionPolicy(), throttle: getThrottlePolicy() });
    await revokeIncomingSession(request, context.store);
    const response = respondJson({ username: result.username, role: result.role });
    setSessionCookie(response, result.token);
    return response;
  } catch (error) {
    return respondError(error);
  }
}
