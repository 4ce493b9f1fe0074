import type { NextRequest } from 'next/server';
import { actorFromPrincipal } from '@/lib/auth/actor';
import { assertSameOrigin, getRequestContext, lookUpRequestSession } from '@/lib/auth/request-auth';
import { clearSessionCookie } from '@/lib/auth/session-cookie';
import { revokeSession } from '@/lib/auth/sessions';
import { appendAudit } from '@/lib/audit/log';
import { respondError, respondJson } from '@/lib/server/respond';

/** Sign-out: the session is revoked on the server, not only forgotten by the browser. */
export async function POST(request: NextRequest) {
  try {
    const context = await getRequestContext(request);
    const session = await lookUpRequestSession(request, context.store);
    const principal = session.status === 'active' ? session.principal : undefined;
    await assertSameOrigin(request, context, principal);
    if (principal) {
      await context.store.writeTransaction(async (trx) => {
        await revokeSession(trx, principal.sessionId);
        await appendAudit(trx, { ...actorFromPrincipal(principal, context.clientAddress), action: 'auth.sign-out', target: null, outcome: 'success' });
      });
    }
    const response = respondJson({ signedOut: true });
    clearSessionCookie(response);
    return response;
  } catch (error) {
    return respondError(error);
  }
}
