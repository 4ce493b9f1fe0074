'use client';

import { useQuery } from '@tanstack/react-query';
import { describeError, fetchOverview } from './api';
import { decideClientFailure, deriveLiveSections, findOldestReading } from './live-sections';
import { queryKeys } from './query-keys';
import { useNow } from './use-now';
import { useOverviewFeed } from './use-overview-feed';

/**
 * Every section, from the overview stream or polled when it does not deliver; when polls fail the last data stays on screen, marked stale by the browser
 * with the same rule the server uses (markStale), and turns unknown after `staleAfterMs`.
 */
export function useLiveOverview({ pollMs, staleAfterMs }: { pollMs: number; staleAfterMs: number }) {
  const streaming = useOverviewFeed(pollMs);
  const query = useQuery({
    queryKey: queryKeys.sections(),
    queryFn: ({ signal }) => fetchOverview(signal),
    // While the stream delivers (useOverviewFeed) its frames fill this query: no poll, and never stale.
    refetchInterval: streaming ? false : pollMs,
    staleTime: streaming ? Infinity : pollMs / 2,
  });
  const now = useNow();
  // failureReason is set from the first failed attempt (during retries); error only after the last one.
  const problem = query.error ?? query.failureReason;
  const options = {
    error: problem ? describeError(problem) : null,
    receivedAt: query.dataUpdatedAt,
    now: now ?? query.dataUpdatedAt,
    pollMs,
    staleAfterMs,
  };
  const live = query.data ? deriveLiveSections(query.data.sections, options) : null;
  return {
    live,
    now,
    failure: decideClientFailure(options),
    receivedAt: query.dataUpdatedAt,
    oldestReading: live ? findOldestReading(live.sections) : null,
    isPending: query.isPending,
    streaming,
  };
}
