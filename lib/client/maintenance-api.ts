import type { MaintenanceWindow } from '@/lib/maintenance/types';
import { requestJson } from './api';

export const maintenanceQueryKeys = {
  all: () => ['maintenance'] as const,
  list: () => ['maintenance', 'list'] as const,
  section: (sectionId: string) => ['maintenance', 'section', sectionId] as const,
};

export const fetchMaintenance = (signal?: AbortSignal) => requestJson<{ windows: MaintenanceWindow[] }>('/api/maintenance', { signal }).then((a) => a.windows);
/** The open windows covering a section: what a remediation's dialog and approval card warn about. */
export const fetchSectionMaintenance = (sectionId: string, signal?: AbortSignal) =>
  requestJson<{ windows: MaintenanceWindow[] }>(`/api/maintenance?section=${encodeURIComponent(sectionId)}`, { signal }).then((a) => a.windows);

export type ScheduleMaintenanceBody = { sections: string[]; services: string[]; startsAt?: string; endsAt: string; reason: string };
export const postMaintenance = (body: ScheduleMaintenanceBody) => requestJson<{ window: MaintenanceWindow }>('/api/maintenance', { method: 'POST', body }).then((a) => a.window);
export const postMaintenanceDecision = (id: string, decision: 'approve' | 'reject', comment?: string) =>
  requestJson<{ window: MaintenanceWindow }>(`/api/maintenance/${encodeURIComponent(id)}/decision`, { method: 'POST', body: { decision, ...(comment ? { comment } : {}) } }).then((a) => a.window);
export const postMaintenanceEnd = (id: string, note?: string) =>
  requestJson<{ window: MaintenanceWindow }>(`/api/maintenance/${encodeURIComponent(id)}/end`, { method: 'POST', body: note ? { note } : {} }).then((a) => a.window);
