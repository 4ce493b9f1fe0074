import type { z } from 'zod';
import type { actionRefSchema, decisionSchema, RunRequestBody } from '@/lib/api/action-schemas';
import type { Change } from '@/lib/actions/diff';
import type { RunVerification } from '@/lib/actions/recovery';
import type { ActionRun } from '@/lib/server/store/schema';
import { requestJson } from './api';

/** What POST /api/actions/preview answers: the dry run the person confirms against. */
export type ActionPreview = {
  changes: Change[];
  version: string;
  warnings: string[];
  target: string;
  needsApproval: boolean;
  followUps?: { stepId: string; title: string }[];
  /** Set when the preview changes nothing (and the action is not idempotent): the confirm would be refused, with this reason. */
  nothingToChange?: string | null;
};
export type RunProgress = { state: 'in-progress' | 'complete' | 'failed' | 'superseded'; message: string };
/** What GET /api/actions/runs/<id> answers. */
export type RunStatusResponse = { run: ActionRun; progress: RunProgress | null; verification: RunVerification };
export type { ActionRun };

// Writes may include a server-side dry run against Kubernetes, so they get longer, but never forever.
const WRITE_TIMEOUT_MS = 30_000;

export function postPreview(body: z.input<typeof actionRefSchema>, signal?: AbortSignal): Promise<ActionPreview> {
  return requestJson('/api/actions/preview', { method: 'POST', body, signal, timeoutMs: WRITE_TIMEOUT_MS });
}

/** 202 when the run was created, 200 with the same run when this idempotency key was sent before. */
export function postRun(body: RunRequestBody): Promise<{ run: ActionRun; created: boolean }> {
  return requestJson('/api/actions/runs', { method: 'POST', body, timeoutMs: WRITE_TIMEOUT_MS });
}

export function fetchRun(id: string, signal?: AbortSignal): Promise<RunStatusResponse> {
  return requestJson(`/api/actions/runs/${encodeURIComponent(id)}`, { method: 'GET', signal });
}

export function fetchRuns(signal?: AbortSignal, filter: { section?: string; mine?: boolean; limit?: number } = {}): Promise<{ runs: ActionRun[] }> {
  const query = new URLSearchParams();
  if (filter.section) query.set('section', filter.section);
  if (filter.mine) query.set('mine', '1');
  if (filter.limit) query.set('limit', String(filter.limit));
  const search = query.toString();
  return requestJson(`/api/actions/runs${search ? `?${search}` : ''}`, { method: 'GET', signal });
}

/** The requester withdraws her own pending request. */
export function postCancellation(id: string, comment: string | null): Promise<{ run: ActionRun }> {
  return requestJson(`/api/actions/runs/${encodeURIComponent(id)}/cancellation`, { method: 'POST', body: { comment }, timeoutMs: WRITE_TIMEOUT_MS });
}

export function postDecision(id: string, body: z.input<typeof decisionSchema>): Promise<{ run: ActionRun }> {
  return requestJson(`/api/actions/runs/${encodeURIComponent(id)}/decision`, { method: 'POST', body, timeoutMs: WRITE_TIMEOUT_MS });
}

/** The server's own words for a refusal ("… changed since your preview …"), as it wrote them; other failures described. */
export function describeActionError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
