import 'server-only';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import type { OverviewResponse, SectionResponse } from '@/lib/api/types';
import { can } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/principal';
import { queryKeys } from '@/lib/client/query-keys';
import { getOverviewSnapshot } from './overview-snapshot';
import { getSectionSnapshot } from './section-snapshots';

// The page waits at most this long for its first data; past it the page is sent without (its placeholders then
// fetch after hydration, as before), and the evaluation goes on warming the cache for that first poll.
const FIRST_DATA_WAIT_MS = 1_500;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`first data not ready within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The same answer GET /api/sections gives, with `generatedAt` moved on by the snapshot's age as the browser does (lib/client/api.ts). */
async function loadOverview(): Promise<OverviewResponse> {
  const snapshot = await getOverviewSnapshot().get();
  const body = JSON.parse(snapshot.body) as OverviewResponse;
  const ageMs = Math.max(0, Date.now() - snapshot.refreshedAt);
  return ageMs > 0 ? { ...body, generatedAt: body.generatedAt + ageMs } : body;
}

/** The same answer GET /api/sections/:id gives: the section's part of the shared snapshot, aged as the browser ages it. */
async function loadSection(id: string): Promise<SectionResponse> {
  const snapshot = await getSectionSnapshot(id);
  if (!snapshot) throw new Error(`no runbook section "${id}"`);
  const body = JSON.parse(snapshot.body) as SectionResponse;
  const ageMs = Math.max(0, Date.now() - snapshot.refreshedAt);
  return ageMs > 0 ? { ...body, generatedAt: body.generatedAt + ageMs } : body;
}

export type FirstDataRequest = { overview?: boolean; sectionId?: string };

/**
 * The first answers of a page's polls, fetched while its HTML is rendered and handed to React Query (HydrationBoundary),
 * so the page shows data with its HTML instead of after hydration. Under the same query keys and permission as the
 * polls (status.read for both answers): a principal without it gets nothing prefetched (deny by default, even when a
 * page forgets its own check). A failed or slow load is left out: the page then fetches as it would without this.
 */
export async function prefetchFirstData(principal: Principal, request: FirstDataRequest): Promise<DehydratedState | null> {
  if (!can(principal.role, 'status.read')) return null;
  const client = new QueryClient();
  const loads: Promise<void>[] = [];
  if (request.overview) loads.push(client.prefetchQuery({ queryKey: queryKeys.sections(), queryFn: () => within(loadOverview(), FIRST_DATA_WAIT_MS), retry: false }));
  if (request.sectionId) {
    const id = request.sectionId;
    loads.push(client.prefetchQuery({ queryKey: queryKeys.section(id), queryFn: () => within(loadSection(id), FIRST_DATA_WAIT_MS), retry: false }));
  }
  await Promise.all(loads);
  // Only successful answers are dehydrated (React Query's default): an error is never handed to the page as data.
  return dehydrate(client);
}
