'use client';

import { useQuery } from '@tanstack/react-query';
import { computeNocRetryDelay, shouldRetryNoc } from '@/lib/noc/backoff';
import { fetchSection } from './api';
import { queryKeys } from './query-keys';

/** One section for the wall's rotation (GET /api/sections/[id], which a display may read), polled while shown. */
export function useNocSection(id: string, pollMs: number) {
  return useQuery({
    queryKey: queryKeys.section(id),
    queryFn: ({ signal }) => fetchSection(id, signal),
    refetchInterval: pollMs,
    refetchIntervalInBackground: true,
    staleTime: pollMs / 2,
    retry: shouldRetryNoc,
    retryDelay: (failureCount) => computeNocRetryDelay(failureCount),
    networkMode: 'always',
  });
}
