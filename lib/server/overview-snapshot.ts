import 'server-only';
import type { OverviewResponse } from '@/lib/api/types';
import { getEnv } from '@/lib/env';
import { countBySeverity } from '@/lib/severity/order';
import type { SectionStatus } from '@/lib/severity/section-status';
import { maintenanceBySection } from './maintenance/windows';
import { evaluateAllSections } from './section-status-service';
import { getStore } from './store/store';
import { getSharedLink } from './shared-state/instance';
import { createSharedReads } from './shared-state/shared-reads';
import { createSnapshotRefresher, type Snapshot } from './snapshot';

const holder = globalThis as typeof globalThis & { __voicehiveOpsOverviewSnapshot?: ReturnType<typeof createSnapshotRefresher> };

/**
 * One evaluation of every section per interval, serialised once and served to every viewer (GET /api/sections).
 * With the console's own Redis, once per interval for all replicas: each serves the same snapshot, so a
 * viewer's If-None-Match still gets a 304 from whichever replica the balancer picks.
 */
export function getOverviewSnapshot() {
  const env = getEnv();
  const link = getSharedLink();
  const intervalMs = evaluationIntervalMs(env);
  holder.__voicehiveOpsOverviewSnapshot ??= createSnapshotRefresher({
    key: 'overview',
    intervalMs,
    // The lease covers a whole evaluation (many queries, each bounded by the Prometheus timeout, in parallel).
    shared: link ? createSharedReads<Snapshot>({ link, namespace: 'voicehive-ops:snapshot', ttlMs: intervalMs, leaseMs: 2 * env.PROMETHEUS_TIMEOUT_MS + 1_000, load: () => Promise.reject(new Error('the refresher passes its own producer')) }) : null,
    load: async (now): Promise<OverviewResponse> => {
      const sections = await withMaintenance(await evaluateAllSections(now), now);
      return { generatedAt: now, sections, counts: countBySeverity(sections) };
    },
    onError: (error) => console.error('[api] overview refresh failed', error),
  });
  return holder.__voicehiveOpsOverviewSnapshot;
}

/**
 * How often every section is evaluated: once per polling interval (issue 16), whatever the number of viewers.
 * A page polls every POLL_INTERVAL_MS, so a fresher snapshot would be seen by nobody; refreshing on the upstream
 * cache's TTL instead (2 s against 10 s polling) cost five evaluations per interval. Never more often than the
 * cache's TTL: a refresh inside it would only re-read the cache. The data's age stays honest: the snapshot ages
 * from its reads (x-snapshot-age-ms, each section's evaluatedAt), and a failed refresh keeps the old snapshot,
 * which then ages on screen (stale, then unknown) rather than looking current.
 */
export function evaluationIntervalMs(env: { POLL_INTERVAL_MS: number; UPSTREAM_CACHE_TTL_MS: number }): number {
  return Math.max(env.POLL_INTERVAL_MS, env.UPSTREAM_CACHE_TTL_MS);
}

/** Issue 19: each section's active maintenance window (null when none); a store failure leaves the field out, never the overview. */
async function withMaintenance(sections: SectionStatus[], now: number): Promise<SectionStatus[]> {
  try {
    const bySection = await maintenanceBySection(await getStore(), now);
    return sections.map((s) => ({ ...s, maintenance: bySection.get(s.id) ?? null }));
  } catch (error) {
    console.warn(`[api] maintenance windows unread: ${error instanceof Error ? error.message : String(error)}`);
    return sections;
  }
}

/**
 * The overview as of at most one polling interval ago, for the server's own readers (the incident transition
 * recorder): the latest snapshot when fresh, else the refresh it waits for (joining one already running), so a
 * background job never evaluates the sections a second time nor records from a snapshot left old by no viewers.
 */
export async function readCurrentOverview(now = Date.now()): Promise<OverviewResponse> {
  const snapshots = getOverviewSnapshot();
  let snapshot = await snapshots.get();
  if (now - snapshot.refreshedAt >= evaluationIntervalMs(getEnv())) snapshot = await snapshots.refresh();
  return JSON.parse(snapshot.body) as OverviewResponse;
}

/** After a window changes: a new overview now, so the tiles and the wall show it without waiting an interval. */
export function refreshOverviewSoon(): void {
  getOverviewSnapshot()
    .refresh()
    .catch(() => undefined);
}
