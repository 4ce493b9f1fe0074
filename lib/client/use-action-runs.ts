'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchRuns, type ActionRun } from './action-api';
import { actionQueryKeys } from './action-query-keys';

const POLL_MS = 5_000;

/**
 * Recent runs, polled every 5 s so a new request reaches the approvers without a reload. Starts from the
 * server's first render; when the server renders again (router.refresh after a decision) its list wins
 * if it is newer than the last poll.
 */
export function useActionRuns(initial: { runs: ActionRun[]; renderedAt: number }) {
  const query = useQuery({
    queryKey: actionQueryKeys.list(),
    queryFn: ({ signal }) => fetchRuns(signal).then((body) => body.runs),
    initialData: initial.runs,
    initialDataUpdatedAt: initial.renderedAt,
    refetchInterval: POLL_MS,
    staleTime: POLL_MS / 2,
  });
  const newer = query.dataUpdatedAt >= initial.renderedAt ? query.data : initial.runs;
  return { runs: newer, error: query.error ?? query.failureReason, updatedAt: Math.max(query.dataUpdatedAt, initial.renderedAt) };
}
