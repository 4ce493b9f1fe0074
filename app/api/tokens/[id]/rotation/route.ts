import type { NextRequest } from 'next/server';
import { rotateDisplayToken } from '@/lib/auth/display-tokens';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';

/** Rotates a display token: a new secret (in this answer only); the old link and its screens stop at once. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store, actor } = await authorize(request, 'tokens.manage');
    const { token, secret } = await rotateDisplayToken(store, actor, (await params).id);
    return respondJson({ token, secret, displayPath: `/display#token=${secret}` });
  } catch (error) {
    return respondError(error);
  }
}
