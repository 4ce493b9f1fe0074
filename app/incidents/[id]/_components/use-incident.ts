'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ChangeRequest } from '@/lib/api/incident-schemas';
import { changeIncident, fetchIncidentView, incidentKeys, isConflict } from '@/lib/client/incidents-api';
import type { IncidentView } from '@/lib/server/incidents/view';

type ChangeWithoutVersion = ChangeRequest extends infer C ? (C extends { version: number } ? Omit<C, 'version'> : never) : never;

/** The incident view, polled; changes are sent with the version on screen, and a 409 shows the newer state. */
export function useIncident(initial: IncidentView, pollMs: number) {
  const client = useQueryClient();
  const query = useQuery({ queryKey: incidentKeys.one(initial.incident.id), queryFn: ({ signal }) => fetchIncidentView(initial.incident.id, signal), initialData: initial, refetchInterval: pollMs, staleTime: pollMs / 2 });
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const view = query.data;
  const refresh = () => client.invalidateQueries({ queryKey: incidentKeys.one(initial.incident.id) });
  const change = async (body: ChangeWithoutVersion): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      await changeIncident(view.incident.id, { ...body, version: view.incident.version } as ChangeRequest);
      await refresh();
      return true;
    } catch (error) {
      setMessage({ tone: 'error', text: isConflict(error) && /changed by someone else/.test(String((error as Error).message)) ? `${(error as Error).message} The page now shows the current state.` : error instanceof Error ? error.message : String(error) });
      await refresh();
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { view, change, busy, message, setMessage, refresh, error: query.error };
}
