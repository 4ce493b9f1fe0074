'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchRun } from './action-api';
import { actionQueryKeys } from './action-query-keys';
import { shouldRetry } from './retry-policy';
import { shouldKeepFollowing } from './run-status';

const FOLLOW_MS = 2_000;

/** One run, polled every 2 s until it can no longer change; every view of that run shares the one poll. */
export function useRunStatus(id: string) {
  return useQuery({
    queryKey: actionQueryKeys.run(id),
    queryFn: ({ signal }) => fetchRun(id, signal),
    // A 4xx (no such run, no longer allowed) answers the same way again: stop asking.
    refetchInterval: (query) => (shouldKeepFollowing(query.state.data) && (query.state.error === null || shouldRetry(0, query.state.error)) ? FOLLOW_MS : false),
    staleTime: FOLLOW_MS / 2,
  });
}
