import 'server-only';
import type { z } from 'zod';
import { getConsoleMetrics } from '../console-metrics';
import { AnswerTooLargeError, type HttpAnswer, type HttpTransport } from '../http-transport';
import { describeFetchFailure } from '../upstream-error';
import { AlertmanagerError, upstreamTitle, type AlertmanagerErrorCode, type AlertsUpstream } from './errors';
import type { Endpoint } from './settings';

// Thousands of alerts with their annotations fit many times over; a bigger answer is not read into memory.
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const EXCERPT_CHARS = 200;

export type JsonRequest = { method: 'GET' | 'POST' | 'DELETE'; /** Relative to the endpoint's base URL, e.g. `api/v2/alerts?active=true`. */ path: string; body?: unknown };

/** The default transport: fetch, the body read up to MAX_ANSWER_BYTES (more is an error, since cut JSON cannot be parsed). */
const fetchTransport: HttpTransport = async (request) => {
  const response = await fetch(request.url, { method: request.method, redirect: 'manual', cache: 'no-store', signal: request.signal, headers: request.headers, body: request.body });
  if (!response.body) return { status: response.status, headers: {}, text: '' };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new AnswerTooLargeError(MAX_ANSWER_BYTES);
    }
    chunks.push(value);
  }
  return { status: response.status, headers: {}, text: Buffer.concat(chunks).toString('utf8') };
};

/**
 * One call to Alertmanager's or Prometheus's API, its answer checked against `schema`. Bounded by the endpoint's
 * timeout (body included), redirects not followed (a misconfigured URL must not lead elsewhere), every failure an
 * AlertmanagerError naming the upstream and its `host:port`, every call counted in the console's metrics.
 */
export async function requestJson<T>(endpoint: Endpoint, upstream: AlertsUpstream, request: JsonRequest, schema: z.ZodType<T>): Promise<T> {
  const metrics = getConsoleMetrics();
  const target = `${request.method} ${request.path}`;
  const fail = (code: AlertmanagerErrorCode, status: number | null, text: string) =>
    new AlertmanagerError(code, upstream, target, status, `${upstreamTitle(upstream)} (${endpoint.label}): ${text}`);
  const started = performance.now();
  let outcome: 'ok' | 'error' | 'timeout' = 'error';
  try {
    let response: HttpAnswer;
    try {
      // The timeout also covers a body that stops arriving half-way.
      response = await (endpoint.transport ?? fetchTransport)({
        method: request.method,
        url: new URL(request.path, endpoint.baseUrl),
        signal: AbortSignal.timeout(endpoint.timeoutMs),
        headers: {
          accept: 'application/json',
          ...(endpoint.authorization ? { authorization: endpoint.authorization } : {}),
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
    } catch (error) {
      if (error instanceof AnswerTooLargeError) throw fail('too-large', null, `${target}: ${error.message}`);
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      if (timedOut) outcome = 'timeout';
      throw fail(timedOut ? 'timeout' : 'unreachable', null, describeFetchFailure(error, endpoint.timeoutMs));
    }
    if (response.status >= 300 && response.status < 400) throw fail('redirect', response.status, `${target} answered a redirect (HTTP ${response.status}), which is not followed`);
    if (response.status < 200 || response.status >= 300) throw fail('http', response.status, `${target} answered HTTP ${response.status}: ${response.text.trim().slice(0, EXCERPT_CHARS) || '(no body)'}`);
    let parsed: z.ZodSafeParseResult<T>;
    try {
      parsed = schema.safeParse(response.text === '' ? null : JSON.parse(response.text));
    } catch {
      throw fail('bad-answer', response.status, `${target} answered something that is not JSON: ${response.text.slice(0, EXCERPT_CHARS)}`);
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw fail('bad-answer', response.status, `unexpected answer to ${target}: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid'}`);
    }
    outcome = 'ok';
    return parsed.data;
  } finally {
    metrics.upstreamRequests.inc({ upstream, outcome });
    metrics.upstreamDuration.observe({ upstream }, (performance.now() - started) / 1000);
  }
}
