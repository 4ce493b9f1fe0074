import type { AcknowledgeBody } from '@/lib/api/alert-schemas';
import type { Acknowledgement, ConsoleAlerts } from '@/lib/alerts/types';
import { requestJson } from './api';

/** What GET /api/alerts answers: the alerts, and whether (and for how long) this console can acknowledge them. */
export type AlertsResponse = ConsoleAlerts & { canAcknowledge: boolean; ackDefaultMs: number; ackMaxMs: number };

export function fetchAlerts(signal?: AbortSignal): Promise<AlertsResponse> {
  return requestJson('/api/alerts', { signal });
}

export function postAcknowledgement(fingerprint: string, body: AcknowledgeBody): Promise<{ acknowledgement: Acknowledgement }> {
  return requestJson(`/api/alerts/${encodeURIComponent(fingerprint)}/acknowledgement`, { method: 'POST', body });
}

export function deleteAcknowledgement(fingerprint: string, silenceId: string): Promise<{ ended: Acknowledgement }> {
  return requestJson(`/api/alerts/${encodeURIComponent(fingerprint)}/acknowledgement/${encodeURIComponent(silenceId)}`, { method: 'DELETE' });
}
