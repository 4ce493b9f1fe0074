'use client';

import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { describeError } from './api';
import { fetchLogTail, fetchWorkloads } from './workloads-api';
import { workloadQueryKeys } from './workloads-query-keys';

/** What a live panel needs to be honest: the data, its age, and why it may be stale. */
function summarize<T>(query: UseQueryResult<T>) {
  const problem = query.error ?? query.failureReason;
  return { data: query.data, isPending: query.isPending, error: problem ? describeError(problem) : null, receivedAt: query.dataUpdatedAt };
}

/** A workloads panel, polled; retries follow the app's policy (none on 4xx). */
export function useWorkloads({ id, panelId, pollMs }: { id: string; panelId: string; pollMs: number }) {
  return summarize(
    useQuery({
      queryKey: workloadQueryKeys.workloads(id, panelId),
      queryFn: ({ signal }) => fetchWorkloads(id, panelId, signal),
      refetchInterval: pollMs,
      staleTime: pollMs / 2,
    }),
  );
}

/** A log tail, polled. Used only for roles that may read logs: for others the page says so instead of asking. */
export function useLogTail({ id, panelId, pollMs }: { id: string; panelId: string; pollMs: number }) {
  return summarize(
    useQuery({
      queryKey: workloadQueryKeys.logs(id, panelId),
      queryFn: ({ signal }) => fetchLogTail(id, panelId, signal),
      refetchInterval: pollMs,
      staleTime: pollMs / 2,
    }),
  );
}
