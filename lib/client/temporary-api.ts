import { useQuery } from '@tanstack/react-query';
import type { PublicTemporaryChange } from '@/lib/actions/temporary';
import { requestJson } from './api';
import { shouldRetry } from './retry-policy';

export type { PublicTemporaryChange };

const POLL_MS = 10_000;
export const temporaryQueryKey = (section?: string) => ['temporary-changes', section ?? 'all'] as const;

export function fetchTemporaryChanges(signal?: AbortSignal, section?: string): Promise<{ changes: PublicTemporaryChange[] }> {
  return requestJson(`/api/temporary-changes${section ? `?section=${encodeURIComponent(section)}` : ''}`, { method: 'GET', signal });
}

/** A person sets a temporary change back before its time runs out. */
export function postRevert(runId: string, comment: string | null): Promise<{ change: PublicTemporaryChange }> {
  return requestJson(`/api/temporary-changes/${encodeURIComponent(runId)}/revert`, { method: 'POST', body: { comment }, timeoutMs: 30_000 });
}

/** Temporary changes in effect (one section's, or all), polled so one set back by the sweep or a colleague disappears. */
export function useTemporaryChanges(section?: string) {
  const query = useQuery<PublicTemporaryChange[]>({
    queryKey: temporaryQueryKey(section),
    queryFn: ({ signal }) => fetchTemporaryChanges(signal, section).then((body) => body.changes),
    refetchInterval: POLL_MS,
    staleTime: POLL_MS / 2,
    retry: shouldRetry,
  });
  return { changes: query.data, error: query.error ?? query.failureReason, refetch: query.refetch };
}
