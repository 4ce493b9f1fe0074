import 'server-only';
import { getConsoleMetrics } from '../console-metrics';
import { describeFetchFailure } from '../upstream-error';
import { ServiceAdminError } from './errors';
import { redactSecrets, redactText } from './redact';
import type { ServiceAdminSettings } from './settings';

/** An admin endpoint's answer: its status and body (JSON when it is JSON, else the text), cut at MAX_BODY_CHARS. */
export type ServiceAnswer = { status: number; body: unknown; truncated: boolean };

export const SERVICE_ADMIN_UPSTREAM = 'service-admin';
const MAX_BODY_CHARS = 4_096;
// Path segments of the catalog's templates once filled in (names, vendors): nothing that could leave the base path.
const SAFE_PATH = /^(\/[A-Za-z0-9._~-]+)+$/;

export type ServiceAdminClient = {
  get(service: string, path: string): Promise<ServiceAnswer>;
  post(service: string, path: string): Promise<ServiceAnswer>;
};

/** Reads at most MAX_BODY_CHARS bytes of the body and drops the rest, whatever the service sends. */
async function readCappedText(response: Response): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > MAX_BODY_CHARS) {
      await reader.cancel();
      return { text: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY_CHARS), truncated: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

async function readAnswer(response: Response): Promise<ServiceAnswer> {
  const { text, truncated } = await readCappedText(response);
  if (!truncated && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      return { status: response.status, body: redactSecrets(JSON.parse(text)), truncated };
    } catch {
      // A body that says JSON and is not: shown as text.
    }
  }
  return { status: response.status, body: redactText(text), truncated };
}

const excerpt = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300);

/**
 * The services' admin endpoints (circuit-breaker reset, token refresh). The service's base URL comes
 * from configuration and the path from the catalog: a request names neither. Redirects are not
 * followed (an admin API that redirects is misconfigured, and following could leave the host).
 */
export function createServiceAdminClient(settings: ServiceAdminSettings): ServiceAdminClient {
  const metrics = getConsoleMetrics();

  function readToken(service: string, target: string): string | null {
    try {
      return settings.readToken();
    } catch (error) {
      const why = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      throw new ServiceAdminError('not-configured', service, target, null, `the admin token file (SERVICE_ADMIN_TOKEN_FILE) cannot be read (${why})`);
    }
  }

  async function call(method: 'GET' | 'POST', service: string, path: string): Promise<ServiceAnswer> {
    const base = settings.services.get(service);
    const target = `${method} ${service} ${path}`;
    if (!base) throw new ServiceAdminError('not-configured', service, target, null, `no admin URL is configured for ${service} (SERVICE_ADMIN_URLS)`);
    if (!SAFE_PATH.test(path) || path.split('/').some((segment) => segment === '..' || segment === '.')) {
      throw new ServiceAdminError('bad-path', service, target, null, `refusing the admin path ${JSON.stringify(path)}: not a plain path`);
    }
    const url = new URL(path.slice(1), base);
    const token = readToken(service, target);
    const started = performance.now();
    let outcome: 'ok' | 'error' | 'timeout' = 'error';
    try {
      const response = await fetch(url, {
        method,
        redirect: 'manual',
        // The state is read to decide and to verify: never from Next's data cache.
        cache: 'no-store',
        signal: AbortSignal.timeout(settings.timeoutMs),
        headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        body: method === 'POST' ? '{}' : undefined,
      });
      const answer = await readAnswer(response);
      if (response.status >= 300 && response.status < 400) {
        throw new ServiceAdminError('redirect', service, target, response.status, `${method} ${path} answered a redirect (HTTP ${response.status}), which is not followed`);
      }
      if (!response.ok) throw new ServiceAdminError('http', service, target, response.status, `${method} ${path} answered HTTP ${response.status}: ${excerpt(answer.body)}`);
      outcome = 'ok';
      return answer;
    } catch (error) {
      if (error instanceof ServiceAdminError) throw error;
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      if (timedOut) outcome = 'timeout';
      throw new ServiceAdminError(timedOut ? 'timeout' : 'unreachable', service, target, null, `${method} ${path}: ${describeFetchFailure(error, settings.timeoutMs)}`);
    } finally {
      metrics.upstreamRequests.inc({ upstream: SERVICE_ADMIN_UPSTREAM, outcome });
      metrics.upstreamDuration.observe({ upstream: SERVICE_ADMIN_UPSTREAM }, (performance.now() - started) / 1000);
    }
  }

  return { get: (service, path) => call('GET', service, path), post: (service, path) => call('POST', service, path) };
}
