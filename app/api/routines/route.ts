import type { NextRequest } from 'next/server';
import { authorize } from '@/lib/auth/request-auth';
import { respondError, respondJson } from '@/lib/server/respond';
import { listRoutineStatuses } from '@/lib/server/routines/service';

/** Every routine with its schedule state (due, overdue, done, next due) in the configured time zone. */
export async function GET(request: NextRequest) {
  try {
    const { store } = await authorize(request, 'routine.read');
    return respondJson({ routines: await listRoutineStatuses(store) });
  } catch (error) {
    return respondError(error);
  }
}
