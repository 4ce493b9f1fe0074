import 'server-only';
import { z } from 'zod';
import type { SeriesRange, SeriesValue } from '@/lib/severity/types';
import { getConsoleMetrics } from './console-metrics';
import type { HttpAnswer } from './http-transport';
import { createPrometheusConnection, type PrometheusConnection, type PrometheusConnectionOptions } from './prometheus-connection';
import { createSharedCache } from './shared-cache';
import type { SharedLink } from './shared-state/link';
import { createSharedReads } from './shared-state/shared-reads';
import { UpstreamError, describeFetchFailure } from './upstream-error';

const UPSTREAM = 'prometheus';

const sampleValue = z.tuple([z.number(), z.string()]);
const responseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [
      z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sampleValue })) }),
      z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(sampleValue) })) }),
      z.object({ resultType: z.literal('scalar'), result: sampleValue }),
    ]),
  }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string() }),
]);
type QueryData = Extract<z.infer<typeof responseSchema>, { status: 'success' }>['data'];

/** Prometheus writes special floats as strings: "NaN", "+Inf", "-Inf". */
export function parseSampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

export type PrometheusClient = {
  query(expr: string): Promise<SeriesValue[]>;
  queryRange(expr: string, range: { startMs: number; endMs: number; stepMs: number }): Promise<SeriesRange[]>;
};

export type PrometheusClientOptions = PrometheusConnectionOptions & {
  cacheTtlMs: number;
  /** The console's own Redis: replicas then send one query per key and TTL between them, not one each. */
  shared?: SharedLink | null;
};

/** What an answer that is not Prometheus's JSON says, in words: refused credentials and redirects name the setting. */
function describeRefusal(connection: PrometheusConnection, answer: HttpAnswer): string | null {
  if (answer.status === 401 || answer.status === 403) {
    const what = answer.status === 401 ? 'unauthorized' : 'forbidden';
    return connection.credentialSetting
      ? `HTTP ${answer.status} ${what}: the credentials in ${connection.credentialSetting} were refused`
      : `HTTP ${answer.status} ${what}: Prometheus wants credentials (set PROMETHEUS_BEARER_TOKEN or PROMETHEUS_BASIC_AUTH_USER and _PASSWORD)`;
  }
  if (answer.status >= 300 && answer.status < 400) {
    const location = typeof answer.headers.location === 'string' && URL.canParse(answer.headers.location, connection.baseUrl) ? new URL(answer.headers.location, connection.baseUrl) : null;
    // Origin and path only: a sign-in redirect's query can carry state that is nobody's business.
    const where = location ? ` to ${location.origin}${location.pathname}` : '';
    return `HTTP ${answer.status} redirect${where}, not followed: PROMETHEUS_URL must be the query API's base URL (${connection.label})`;
  }
  return null;
}

export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const metrics = getConsoleMetrics();
  const connection = createPrometheusConnection(options);

  async function post(path: string, params: Record<string, string>): Promise<QueryData> {
    const target = `${path} ${params.query ?? ''}`.slice(0, 200);
    const stopTimer = metrics.upstreamDuration.startTimer({ upstream: UPSTREAM });
    let answer: HttpAnswer;
    try {
      // The timeout covers the connection, the answer and a body that stops arriving half-way.
      answer = await connection.send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(params).toString(),
      });
    } catch (error) {
      const message = connection.redact(describeFetchFailure(error, options.timeoutMs));
      metrics.upstreamRequests.inc({ upstream: UPSTREAM, outcome: message.startsWith('no answer') ? 'timeout' : 'error' });
      throw new UpstreamError(UPSTREAM, target, null, message);
    } finally {
      stopTimer();
    }
    const { status, text } = answer;
    let parsed: z.infer<typeof responseSchema> | undefined;
    try {
      parsed = responseSchema.parse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.status === 'error' || status < 200 || status >= 300) {
      metrics.upstreamRequests.inc({ upstream: UPSTREAM, outcome: 'error' });
      const detail = describeRefusal(connection, answer) ?? (parsed?.status === 'error' ? `${parsed.errorType ?? 'error'}: ${parsed.error}` : `unexpected answer: ${text.slice(0, 120)}`);
      throw new UpstreamError(UPSTREAM, target, status, connection.redact(detail.startsWith('HTTP ') ? detail : `HTTP ${status}, ${detail}`));
    }
    metrics.upstreamRequests.inc({ upstream: UPSTREAM, outcome: 'ok' });
    return parsed.data;
  }

  const loadInstant = async (expr: string): Promise<SeriesValue[]> => {
    const data = await post('api/v1/query', { query: expr });
    if (data.resultType === 'scalar') return [{ labels: {}, value: parseSampleValue(data.result[1]) }];
    if (data.resultType !== 'vector') throw new UpstreamError(UPSTREAM, expr, 200, `expected a vector, got a ${data.resultType}`);
    return data.result.map((r) => ({ labels: r.metric, value: parseSampleValue(r.value[1]) }));
  };
  const loadRange = async (key: string): Promise<SeriesRange[]> => {
    const { query, start, end, step } = JSON.parse(key) as Record<string, string>;
    const data = await post('api/v1/query_range', { query: query!, start: start!, end: end!, step: step! });
    if (data.resultType !== 'matrix') throw new UpstreamError(UPSTREAM, query!, 200, `expected a matrix, got a ${data.resultType}`);
    return data.result.map((r) => ({ labels: r.metric, points: r.values.map(([t, v]) => [t * 1000, parseSampleValue(v)] as [number, number]) }));
  };
  // Across replicas the keys name the server too: two consoles on one Redis watching different estates share nothing.
  // A lease lasts one upstream timeout and a little more: a replica that dies holding it delays the others that long at most.
  const shareAcrossReplicas = <V>(kind: string, load: (key: string) => Promise<V>) =>
    options.shared ? createSharedReads<V>({ link: options.shared, namespace: `voicehive-ops:prometheus:${connection.label}:${kind}`, ttlMs: options.cacheTtlMs, leaseMs: options.timeoutMs + 1_000, load }) : null;

  const instant = createSharedCache<SeriesValue[]>({
    upstream: UPSTREAM,
    ttlMs: options.cacheTtlMs,
    sizeOf: (series) => series.length + 1,
    maxSize: 100_000,
    load: loadInstant,
    shared: shareAcrossReplicas('query', loadInstant),
  });

  const ranges = createSharedCache<SeriesRange[]>({
    upstream: UPSTREAM,
    ttlMs: options.cacheTtlMs,
    // About 2 million samples at most (~100 MB): many times what the catalog's panels need at once.
    sizeOf: (series) => series.reduce((n, s) => n + s.points.length, 1),
    maxSize: 2_000_000,
    load: loadRange,
    shared: shareAcrossReplicas('range', loadRange),
  });

  return {
    query: (expr) => instant.get(expr),
    queryRange: (expr, { startMs, endMs, stepMs }) => {
      // Ending on a multiple of the cache TTL makes viewers polling within one TTL ask the same question,
      // so one answer serves all; aligning to the step instead would hide up to a whole step of new data.
      const align = Math.max(1000, options.cacheTtlMs);
      const end = Math.floor(endMs / align) * align;
      const start = end - (endMs - startMs);
      const key = JSON.stringify({ query: expr, start: String(start / 1000), end: String(end / 1000), step: `${stepMs / 1000}s` });
      return ranges.get(key);
    },
  };
}
