import { checkKebabId } from '@/lib/api/ids';
import type { LogsResponse, WorkloadsResponse } from '@/lib/api/workloads-types';
import { requestJson } from './api';

// Several pods' logs are read per answer (in parallel, with the adapter's own timeout); a poll that
// never answers must still end as an error, or old data would look fresh.
const REQUEST_TIMEOUT_MS = 20_000;

function panelPath(kind: 'workloads' | 'logs', id: string, panelId: string): string {
  return `/api/sections/${encodeURIComponent(checkKebabId(id, 'section'))}/${kind}/${encodeURIComponent(checkKebabId(panelId, 'panel'))}`;
}

export function fetchWorkloads(id: string, panelId: string, signal?: AbortSignal): Promise<WorkloadsResponse> {
  return requestJson(panelPath('workloads', id, panelId), { signal, timeoutMs: REQUEST_TIMEOUT_MS });
}

export function fetchLogTail(id: string, panelId: string, signal?: AbortSignal): Promise<LogsResponse> {
  return requestJson(panelPath('logs', id, panelId), { signal, timeoutMs: REQUEST_TIMEOUT_MS });
}
