import type { NextRequest } from 'next/server';
import { createTokenBodySchema } from '@/lib/api/auth-schemas';
import { createDisplayToken, listDisplayTokens } from '@/lib/auth/display-tokens';
import { authorize } from '@/lib/auth/request-auth';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

/** NOC display tokens: the list (never the secrets). */
export async function GET(request: NextRequest) {
  try {
    const { store } = await authorize(request, 'tokens.manage');
    return respondJson({ tokens: await listDisplayTokens(store) });
  } catch (error) {
    return respondError(error);
  }
}

/** Creates a display token; the secret is in this answer and nowhere else. */
export async function POST(request: NextRequest) {
  try {
    const { store, actor } = await authorize(request, 'tokens.manage');
    const { name, binding, expiresInDays } = await readJsonBody(request, createTokenBodySchema);
    const { token, secret } = await createDisplayToken(store, actor, name, { binding, expiresInMs: expiresInDays === null ? null : expiresInDays * 86_400_000 });
    return respondJson({ token, secret, displayPath: `/display#token=${secret}` }, 201);
  } catch (error) {
    return respondError(error);
  }
}
