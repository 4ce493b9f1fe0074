'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchRuns, type ActionRun } from './action-api';
import { actionQueryKeys } from './action-query-keys';
import { shouldRetry } from './retry-policy';

const POLL_MS = 5_000;

/** One section's recent runs, or the signed-in person's own, polled so a decision or a verdict shows without a reload. */
export function useRunList(filter: { section?: string; mine?: boolean; limit?: number }) {
  const query = useQuery<ActionRun[]>({
    queryKey: actionQueryKeys.listOf(filter),
    queryFn: ({ signal }) => fetchRuns(signal, filter).then((body) => body.runs),
    refetchInterval: POLL_MS,
    staleTime: POLL_MS / 2,
    retry: shouldRetry,
  });
  return { runs: query.data, error: query.error ?? query.failureReason, updatedAt: query.dataUpdatedAt };
}
