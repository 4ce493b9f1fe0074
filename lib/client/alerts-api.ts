import type { AcknowledgeBody } from '@/lib/api/alert-schemas';
import type { SectionAlertSummary } from '@/lib/alerts/present';
import type { Acknowledgement, ConsoleAlert, ConsoleAlerts } from '@/lib/alerts/types';
import { requestJson } from './api';

/**
 * What GET /api/alerts answers: per section, how many alerts page and who acknowledged them (all a NOC
 * display is given), and for people the alerts themselves and whether (and how long) they can acknowledge.
 */
export type AlertsResponse = Omit<ConsoleAlerts, 'alerts'> & {
  bySection: Record<string, SectionAlertSummary>;
  alerts?: ConsoleAlert[];
  canAcknowledge: boolean;
  ackDefaultMs: number;
  ackMaxMs: number;
};

export function fetchAlerts(signal?: AbortSignal): Promise<AlertsResponse> {
  return requestJson('/api/alerts', { signal });
}

export function postAcknowledgement(fingerprint: string, body: AcknowledgeBody): Promise<{ acknowledgement: Acknowledgement }> {
  return requestJson(`/api/alerts/${encodeURIComponent(fingerprint)}/acknowledgement`, { method: 'POST', body });
}

export function deleteAcknowledgement(fingerprint: string, silenceId: string): Promise<{ ended: Acknowledgement }> {
  return requestJson(`/api/alerts/${encodeURIComponent(fingerprint)}/acknowledgement/${encodeURIComponent(silenceId)}`, { method: 'DELETE' });
}
