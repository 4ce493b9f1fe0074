import type { ChartRange } from '@/lib/api/schemas';
import { panelIdSchema, sectionIdSchema } from '@/lib/api/schemas';
import type { OverviewResponse, PanelResponse, SectionResponse } from '@/lib/api/types';

/** A failed call to the console's own API: the HTTP status (null when there was no answer) and the server's message. */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
    readonly code?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

// A poll that never answers must end as an error, or the page would show old data as if it were fresh.
const REQUEST_TIMEOUT_MS = 15_000;

function readErrorBody(body: unknown): { code?: string; message?: string; field?: string } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return {};
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null ? (error as { code?: string; message?: string; field?: string }) : {};
}

async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (timeout.aborted) throw new ConsoleApiError(null, `console did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
    if (signal?.aborted) throw error;
    throw new ConsoleApiError(null, `console unreachable (${error instanceof Error ? error.message : String(error)})`);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const detail = readErrorBody(body);
    throw new ConsoleApiError(response.status, detail.message ?? `HTTP ${response.status} ${response.statusText}`.trim(), detail.code, detail.field);
  }
  if (body === null) throw new ConsoleApiError(response.status, 'the console answered with a body that is not JSON');
  return body as T;
}

export function fetchOverview(signal?: AbortSignal): Promise<OverviewResponse> {
  return fetchJson('/api/sections', signal);
}

export function fetchSection(id: string, signal?: AbortSignal): Promise<SectionResponse> {
  const sectionId = sectionIdSchema.parse(id);
  return fetchJson(`/api/sections/${encodeURIComponent(sectionId)}`, signal);
}

export function fetchPanel(id: string, panelId: string, range: ChartRange, signal?: AbortSignal): Promise<PanelResponse> {
  const sectionId = sectionIdSchema.parse(id);
  const panel = panelIdSchema.parse(panelId);
  const query = new URLSearchParams({ range });
  return fetchJson(`/api/sections/${encodeURIComponent(sectionId)}/panels/${encodeURIComponent(panel)}?${query}`, signal);
}

/** Words for an error of any kind, for "stale since … — <error>". */
export function describeError(error: unknown): string {
  if (error instanceof ConsoleApiError) return error.status ? `HTTP ${error.status}: ${error.message}` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
