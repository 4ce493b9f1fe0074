import { checkKebabId, type ChartRange } from '@/lib/api/ids';
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

export type RequestOptions = { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown; signal?: AbortSignal; timeoutMs?: number; onHeaders?: (headers: Headers) => void };

/** One same-origin JSON call; a refusal becomes a ConsoleApiError carrying the server's own message and field. */
export async function requestJson<T>(path: string, { method = 'GET', body, signal, timeoutMs = REQUEST_TIMEOUT_MS, onHeaders }: RequestOptions = {}): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A GET revalidates whatever the browser holds (an answer with an ETag is then a 304 without a body);
      // answers sent as `no-store` are never kept, so this changes nothing for them.
      cache: method === 'GET' ? 'no-cache' : 'no-store',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timeout.aborted) throw new ConsoleApiError(null, `console did not answer within ${timeoutMs / 1000} s`);
    throw new ConsoleApiError(null, `console unreachable (${error instanceof Error ? error.message : String(error)})`);
  }
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = readErrorBody(answer);
    throw new ConsoleApiError(response.status, detail.message ?? `HTTP ${response.status} ${response.statusText}`.trim(), detail.code, detail.field);
  }
  if (answer === null) throw new ConsoleApiError(response.status, 'the console answered with a body that is not JSON');
  onHeaders?.(response.headers);
  return answer as T;
}

function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return requestJson(path, { signal });
}

/**
 * The overview is a shared snapshot (lib/server/snapshot.ts), possibly served for a while after it was taken (a
 * refresh slowed by an upstream that hangs): `generatedAt` is moved on by the age the server states, so it is when
 * the server served the answer and every reading ages on screen from there (stale, then unknown), as it would had
 * the server evaluated it for this request.
 */
export async function fetchOverview(signal?: AbortSignal): Promise<OverviewResponse> {
  let ageMs = 0;
  const body = await requestJson<OverviewResponse>('/api/sections', {
    signal,
    onHeaders: (headers) => {
      const age = Number(headers.get('x-snapshot-age-ms'));
      ageMs = Number.isFinite(age) && age > 0 ? age : 0;
    },
  });
  return ageMs > 0 ? { ...body, generatedAt: body.generatedAt + ageMs } : body;
}

/** A section's answer comes from the same shared snapshot as the overview, and ages the same way. */
export async function fetchSection(id: string, signal?: AbortSignal): Promise<SectionResponse> {
  const sectionId = checkKebabId(id, 'section');
  let ageMs = 0;
  const body = await requestJson<SectionResponse>(`/api/sections/${encodeURIComponent(sectionId)}`, {
    signal,
    onHeaders: (headers) => {
      const age = Number(headers.get('x-snapshot-age-ms'));
      ageMs = Number.isFinite(age) && age > 0 ? age : 0;
    },
  });
  return ageMs > 0 ? { ...body, generatedAt: body.generatedAt + ageMs } : body;
}

export function fetchPanel(id: string, panelId: string, range: ChartRange, signal?: AbortSignal): Promise<PanelResponse> {
  const sectionId = checkKebabId(id, 'section');
  const panel = checkKebabId(panelId, 'panel');
  const query = new URLSearchParams({ range });
  return fetchJson(`/api/sections/${encodeURIComponent(sectionId)}/panels/${encodeURIComponent(panel)}?${query}`, signal);
}

/** Words for an error of any kind, for "stale since … — <error>". */
export function describeError(error: unknown): string {
  if (error instanceof ConsoleApiError) return error.status ? `HTTP ${error.status}: ${error.message}` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
