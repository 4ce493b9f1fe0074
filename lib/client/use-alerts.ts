'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AcknowledgeBody } from '@/lib/api/alert-schemas';
import { deleteAcknowledgement, fetchAlerts, postAcknowledgement } from './alerts-api';
import { describeError } from './api';
import { queryKeys } from './query-keys';

/**
 * The active alerts, polled: one request per page, whoever is watching (the server shares the upstream read).
 * `unattended` (the wall): keep polling in a background tab and whatever the browser thinks of the network.
 */
export function useAlerts(pollMs: number, { unattended = false }: { unattended?: boolean } = {}) {
  const query = useQuery({
    queryKey: queryKeys.alerts(),
    queryFn: ({ signal }) => fetchAlerts(signal),
    refetchInterval: pollMs,
    staleTime: pollMs / 2,
    ...(unattended ? { networkMode: 'always' as const, refetchIntervalInBackground: true } : {}),
  });
  const problem = query.error ?? query.failureReason;
  return { data: query.data, isPending: query.isPending, error: problem ? describeError(problem) : null, receivedAt: query.dataUpdatedAt };
}

/** Acknowledge, or end an acknowledgement; either way the list is read again at once. */
export function useAcknowledgement(fingerprint: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.alerts() });
  const acknowledge = useMutation({ mutationFn: (body: AcknowledgeBody) => postAcknowledgement(fingerprint, body), onSuccess: refresh });
  const end = useMutation({ mutationFn: (silenceId: string) => deleteAcknowledgement(fingerprint, silenceId), onSuccess: refresh });
  return { acknowledge, end };
}
