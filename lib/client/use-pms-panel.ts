'use client';

import { useQuery } from '@tanstack/react-query';
import type { RefreshError } from '@/lib/api/types';
import type { PmsPanelReport } from '@/lib/pms/panel-report';
import { describeError, requestJson } from './api';
import { queryKeys } from './query-keys';

/** `generatedAt` is when the server read it (a snapshot, refreshed once per interval while viewed). */
export type PmsPanelResponse = PmsPanelReport & { generatedAt: number; refreshError?: RefreshError | null };

/** A PMS vendors panel, polled; the server probes each vendor at most once per interval however often this asks. */
export function usePmsPanel(sectionId: string, panelId: string, pollMs: number) {
  const query = useQuery({
    queryKey: queryKeys.pmsPanel(sectionId, panelId),
    queryFn: ({ signal }) => requestJson<PmsPanelResponse>(`/api/sections/${encodeURIComponent(sectionId)}/pms/${encodeURIComponent(panelId)}`, { signal, timeoutMs: 20_000 }),
    refetchInterval: pollMs,
    staleTime: pollMs / 2,
  });
  const problem = query.error ?? query.failureReason;
  // A failed refresh on the server is served as the last good report: stale, with why, never as current.
  const refreshError = query.data?.refreshError ?? null;
  const error = problem ? describeError(problem) : refreshError ? `the console could not refresh this panel: ${refreshError.message}` : null;
  return { data: query.data, isPending: query.isPending, error, receivedAt: query.data ? query.data.generatedAt : query.dataUpdatedAt };
}
