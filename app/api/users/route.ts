import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { listUsers } from '@/lib/auth/users';
import { respondError, respondJson } from '@/lib/server/respond';

/** The accounts (never their password hashes); changes are made with `npm run ops -- user …`. */
export async function GET(request: NextRequest) {
  try {
    const { store } = await authorize(request, 'users.manage');
    return respondJson({ users: await listUsers(store) });
  } catch (error) {
    return respondError(error);
  }
}
