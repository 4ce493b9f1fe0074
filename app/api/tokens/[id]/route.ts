import type { NextRequest } from 'next/server';
import { revokeDisplayToken } from '@/lib/auth/display-tokens';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';

/** Revokes a display token: its screens are refused from their next poll on. */
export async function DELETE(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store, actor } = await authorize(request, 'tokens.manage');
    return respondJson({ token: await revokeDisplayToken(store, actor, (await params).id) });
  } catch (error) {
    return respondError(error);
  }
}
