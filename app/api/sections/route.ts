import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { getOverviewSnapshot } from '@/lib/server/overview-snapshot';
import { respondError } from '@/lib/server/respond';
import { respondSnapshot } from '@/lib/server/snapshot';

/** Every section's status, worst first, with counts per level. */
export async function GET(request: NextRequest) {
  try {
    await authorize(request, 'status.read');
    return respondSnapshot(await getOverviewSnapshot().get(), request.headers.get('if-none-match'));
  } catch (error) {
    return respondError(error);
  }
}
