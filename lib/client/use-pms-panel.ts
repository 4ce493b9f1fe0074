'use client';

import { useQuery } from '@tanstack/react-query';
import type { PmsPanelReport } from '@/lib/pms/panel-report';
import { describeError, requestJson } from './api';
import { queryKeys } from './query-keys';

export type PmsPanelResponse = PmsPanelReport & { generatedAt: number };

/** A PMS vendors panel, polled; the server probes each vendor at most once per interval however often this asks. */
export function usePmsPanel(sectionId: string, panelId: string, pollMs: number) {
  const query = useQuery({
    queryKey: queryKeys.pmsPanel(sectionId, panelId),
    queryFn: ({ signal }) => requestJson<PmsPanelResponse>(`/api/sections/${encodeURIComponent(sectionId)}/pms/${encodeURIComponent(panelId)}`, { signal, timeoutMs: 20_000 }),
    refetchInterval: pollMs,
    staleTime: pollMs / 2,
  });
  const problem = query.error ?? query.failureReason;
  return { data: query.data, isPending: query.isPending, error: problem ? describeError(problem) : null, receivedAt: query.dataUpdatedAt };
}
