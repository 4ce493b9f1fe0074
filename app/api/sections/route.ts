import type { NextRequest } from 'next/server';
import type { OverviewResponse } from '@/lib/api/types';
import { countBySeverity } from '@/lib/severity/order';
import { authorize } from '@/lib/auth/request-auth';
import { getEnv } from '@/lib/env';
import { evaluateAllSections } from '@/lib/server/section-status-service';
import { respondError } from '@/lib/server/respond';
import { createSnapshotRefresher, respondSnapshot } from '@/lib/server/snapshot';

const holder = globalThis as typeof globalThis & { __voicehiveOpsOverviewSnapshot?: ReturnType<typeof createSnapshotRefresher> };

/** One evaluation of every section per interval, serialised once and served to every viewer. */
function overviewSnapshot() {
  holder.__voicehiveOpsOverviewSnapshot ??= createSnapshotRefresher({
    key: 'overview',
    intervalMs: getEnv().UPSTREAM_CACHE_TTL_MS,
    load: async (now): Promise<OverviewResponse> => {
      const sections = await evaluateAllSections(now);
      return { generatedAt: now, sections, counts: countBySeverity(sections) };
    },
    onError: (error) => console.error('[api] overview refresh failed', error),
  });
  return holder.__voicehiveOpsOverviewSnapshot;
}

/** Every section's status, worst first, with counts per level. */
export async function GET(request: NextRequest) {
  try {
    await authorize(request, 'status.read');
    return respondSnapshot(await overviewSnapshot().get(), request.headers.get('if-none-match'));
  } catch (error) {
    return respondError(error);
  }
}
