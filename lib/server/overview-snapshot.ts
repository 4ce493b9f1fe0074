import 'server-only';
import type { OverviewResponse } from '@/lib/api/types';
import { getEnv } from '@/lib/env';
import { countBySeverity } from '@/lib/severity/order';
import { evaluateAllSections } from './section-status-service';
import { createSnapshotRefresher } from './snapshot';

const holder = globalThis as typeof globalThis & { __voicehiveOpsOverviewSnapshot?: ReturnType<typeof createSnapshotRefresher> };

/** One evaluation of every section per interval, serialised once and served to every viewer (GET /api/sections). */
export function getOverviewSnapshot() {
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
