'use client';

import { useQuery } from '@tanstack/react-query';
import { describeError, fetchSection } from './api';
import { decideClientFailure, deriveLiveSection } from './live-sections';
import { queryKeys } from './query-keys';
import { useNow } from './use-now';

/** One section's live status, polled; stale then unknown on failures, exactly like the overview. */
export function useLiveSection({ id, pollMs, staleAfterMs, enabled = true }: { id: string; pollMs: number; staleAfterMs: number; enabled?: boolean }) {
  const query = useQuery({
    queryKey: queryKeys.section(id),
    queryFn: ({ signal }) => fetchSection(id, signal),
    enabled,
    refetchInterval: pollMs,
    staleTime: pollMs / 2,
  });
  const now = useNow();
  const problem = query.error ?? query.failureReason;
  const options = {
    error: problem ? describeError(problem) : null,
    receivedAt: query.dataUpdatedAt,
    now: now ?? query.dataUpdatedAt,
    pollMs,
    staleAfterMs,
  };
  return {
    status: query.data ? deriveLiveSection(query.data.status, options) : null,
    failure: decideClientFailure(options),
    receivedAt: query.dataUpdatedAt,
    isPending: query.isPending,
    firstError: query.data ? null : problem,
  };
}
