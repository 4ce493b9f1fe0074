'use client';

import { useQuery } from '@tanstack/react-query';
import { computeNocRetryDelay, shouldRetryNoc } from '@/lib/noc/backoff';
import { deriveNocView } from '@/lib/noc/noc-view';
import { describeError, fetchOverview } from './api';
import { queryKeys } from './query-keys';
import { useNow } from './use-now';
import { useOverviewFeed } from './use-overview-feed';

type Options = { pollMs: number; staleIntervals: number; staleAfterMs: number };

/**
 * The NOC wall's data: the overview stream, or one GET /api/sections per interval when it does not
 * deliver. Failed polls are retried without end, 1 s → 60 s apart, whatever the browser believes
 * about the network (a TV's idea of "offline" is not to be trusted); a 401 is not retried and ends the session (see QueryProvider).
 */
export function useNocOverview({ pollMs, staleIntervals, staleAfterMs }: Options) {
  const streaming = useOverviewFeed(pollMs);
  const query = useQuery({
    queryKey: queryKeys.sections(),
    queryFn: ({ signal }) => fetchOverview(signal),
    // While the stream delivers (useOverviewFeed) its frames fill this query: no poll, and never stale.
    refetchInterval: streaming ? false : pollMs,
    refetchIntervalInBackground: true,
    staleTime: streaming ? Infinity : pollMs / 2,
    retry: shouldRetryNoc,
    retryDelay: (failureCount) => computeNocRetryDelay(failureCount),
    networkMode: 'always',
  });
  const now = useNow();
  // failureReason is set from the first failed attempt, during the retries; error only if they stop.
  const failure = query.error ?? query.failureReason;
  const problem = failure ? describeError(failure) : null;
  const response = query.data ?? null;
  const view = now === null ? null : deriveNocView({ response, receivedAt: query.dataUpdatedAt, now, problem, pollMs, staleIntervals, staleAfterMs });
  return { view, response, receivedAt: query.dataUpdatedAt, problem, now, streaming };
}
