import type { NextRequest } from 'next/server';
import type { MeResponse } from '@/lib/api/types';
import { listPermissions } from '@/lib/auth/permissions';
import { describePrincipal } from '@/lib/auth/principal';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';

/** Who the browser is signed in as, and what the permission table lets them do (for rendering only). */
export async function GET(request: NextRequest) {
  try {
    const { principal } = await authorize(request, 'status.read');
    const body: MeResponse = { kind: principal.kind, name: describePrincipal(principal), role: principal.role, permissions: listPermissions(principal.role) };
    return respondJson(body);
  } catch (error) {
    return respondError(error);
  }
}
