import type { z } from 'zod';
import type { actionRefSchema, decisionSchema, RunRequestBody } from '@/lib/api/action-schemas';
import type { Change } from '@/lib/actions/diff';
import type { Verification } from '@/lib/actions/verification';
import type { ActionRun } from '@/lib/server/store/schema';
import { ConsoleApiError } from './api';

/** What POST /api/actions/preview answers: the dry run the person confirms against. */
export type ActionPreview = { changes: Change[]; resourceVersion: string | null; warnings: string[]; target: string; needsApproval: boolean };
export type RunProgress = { state: 'in-progress' | 'complete' | 'failed'; message: string };
/** What GET /api/actions/runs/<id> answers. */
export type RunStatusResponse = { run: ActionRun; progress: RunProgress | null; verification: Verification };
export type { ActionRun };

// A poll that never answers must end as an error; writes may include a server-side dry run against
// Kubernetes, so they get longer, but never forever.
const TIMEOUT_MS = { GET: 15_000, POST: 30_000 } as const;

function readError(body: unknown): { code?: string; message?: string; field?: string } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return {};
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null ? (error as { code?: string; message?: string; field?: string }) : {};
}

/** One same-origin JSON call; a refusal becomes a ConsoleApiError carrying the server's own message and field. */
async function requestJson<T>(path: string, init: { method: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal }): Promise<T> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS[init.method]);
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method,
      headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: 'no-store',
      signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    if (timeout.aborted) throw new ConsoleApiError(null, `the console did not answer within ${TIMEOUT_MS[init.method] / 1000} s`);
    throw new ConsoleApiError(null, `the console is unreachable (${error instanceof Error ? error.message : String(error)})`);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = readError(body);
    throw new ConsoleApiError(response.status, detail.message ?? `HTTP ${response.status} ${response.statusText}`.trim(), detail.code, detail.field);
  }
  if (body === null) throw new ConsoleApiError(response.status, 'the console answered with a body that is not JSON');
  return body as T;
}

export function postPreview(body: z.input<typeof actionRefSchema>, signal?: AbortSignal): Promise<ActionPreview> {
  return requestJson('/api/actions/preview', { method: 'POST', body, signal });
}

/** 202 when the run was created, 200 with the same run when this idempotency key was sent before. */
export function postRun(body: RunRequestBody): Promise<{ run: ActionRun; created: boolean }> {
  return requestJson('/api/actions/runs', { method: 'POST', body });
}

export function fetchRun(id: string, signal?: AbortSignal): Promise<RunStatusResponse> {
  return requestJson(`/api/actions/runs/${encodeURIComponent(id)}`, { method: 'GET', signal });
}

export function fetchRuns(signal?: AbortSignal): Promise<{ runs: ActionRun[] }> {
  return requestJson('/api/actions/runs', { method: 'GET', signal });
}

export function postDecision(id: string, body: z.input<typeof decisionSchema>): Promise<{ run: ActionRun }> {
  return requestJson(`/api/actions/runs/${encodeURIComponent(id)}/decision`, { method: 'POST', body });
}

/** The server's own words for a refusal ("… changed since your preview …"), as it wrote them; other failures described. */
export function describeActionError(error: unknown): string {
  if (error instanceof ConsoleApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
