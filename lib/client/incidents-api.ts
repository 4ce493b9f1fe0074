'use client';

import { useQuery } from '@tanstack/react-query';
import type { ChangeRequest } from '@/lib/api/incident-schemas';
import type { Incident, WallIncident } from '@/lib/incidents/types';
import type { IncidentView } from '@/lib/server/incidents/view';
import { ConsoleApiError, requestJson } from './api';

// The incident routes as the pages call them, and their React Query keys (general to specific).
export const incidentKeys = {
  all: () => ['incidents'] as const,
  open: () => [...incidentKeys.all(), 'open'] as const,
  one: (id: string) => [...incidentKeys.all(), id] as const,
  drafts: (id: string) => [...incidentKeys.one(id), 'drafts'] as const,
};

export type Draft = { audience: string; title: string; webhook: boolean; text: string };
export type Delivery = { state: 'delivered' | 'failed' | 'not-configured'; detail: string };

export const fetchOpenIncidents = (signal?: AbortSignal) => requestJson<{ incidents: (Incident | WallIncident)[] }>('/api/incidents?status=open', { signal });
export const fetchIncidentView = (id: string, signal?: AbortSignal) => requestJson<IncidentView>(`/api/incidents/${encodeURIComponent(id)}`, { signal });
export const fetchDrafts = (id: string, signal?: AbortSignal) => requestJson<{ drafts: Draft[] }>(`/api/incidents/${encodeURIComponent(id)}/communications`, { signal });
export const declareIncident = (body: { section?: string; title?: string; severity?: string; summary?: string; alertFingerprint?: string }) => requestJson<{ incident: Incident; created: boolean }>('/api/incidents', { method: 'POST', body });
export const sendUpdate = (id: string, audience: string, text: string) => requestJson<{ delivery: Delivery }>(`/api/incidents/${encodeURIComponent(id)}/communications`, { method: 'POST', body: { audience, text } });
export const addToTimeline = (id: string, body: { op: 'note'; text: string } | { op: 'star'; eventKey: string; starred: boolean }) => requestJson<unknown>(`/api/incidents/${encodeURIComponent(id)}/timeline`, { method: 'POST', body });

/** A change bound to the version shown; a 409 means someone else changed it first (the page then shows theirs). */
export async function changeIncident(id: string, change: ChangeRequest): Promise<Incident> {
  return (await requestJson<{ incident: Incident }>(`/api/incidents/${encodeURIComponent(id)}`, { method: 'PATCH', body: change })).incident;
}

export const isConflict = (error: unknown) => error instanceof ConsoleApiError && error.status === 409;

/** The open incidents, polled (the banner, the prompts and the wall share one request per interval). */
export function useOpenIncidents(pollMs: number) {
  return useQuery({ queryKey: incidentKeys.open(), queryFn: ({ signal }) => fetchOpenIncidents(signal), refetchInterval: pollMs, staleTime: pollMs / 2 });
}
