import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { authorize } from '@/lib/auth/request-auth';
import { getOverviewStream } from '@/lib/server/overview-stream';
import { respondError } from '@/lib/server/respond';
import { assertAcceptingWork } from '@/lib/server/shutdown';
import { TooManyStreamsError } from '@/lib/server/snapshot-stream';

/**
 * The overview pushed as server-sent events: each new snapshot (the body GET /api/sections serves, `id:` its
 * ETag) as it is refreshed. Authorized as GET /api/sections; re-checked every tick, so a revoked session's
 * stream ends. Security headers come from proxy.ts as on every route.
 */
export async function GET(request: NextRequest) {
  try {
    const { principal } = await authorize(request, 'status.read');
    assertAcceptingWork('a new stream');
    const body = await getOverviewStream()
      .open(principal.sessionId, request.signal)
      .catch((error: unknown) => {
        throw error instanceof TooManyStreamsError ? new ApiError('too-many-requests', error.message) : error;
      });
    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        // no-transform: a compressing proxy must not hold frames back; X-Accel-Buffering: nginx passes them at once.
        'cache-control': 'no-store, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  } catch (error) {
    return respondError(error);
  }
}
