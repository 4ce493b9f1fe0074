import 'server-only';
import { parseDurationMs, type Env } from '@/lib/env';
import type { HttpTransport } from '../http-transport';
import { createPrometheusConnection, prometheusConnectionOptionsFromEnv } from '../prometheus-connection';

/** One HTTP upstream: where it is, what messages call it, and how to authenticate. */
export type Endpoint = {
  /** Base URL with a trailing slash and without credentials; API paths are resolved against it (a route prefix stays). */
  baseUrl: URL;
  /** `host:port`, never the credentials: what every message names. */
  label: string;
  /** Basic auth from the URL's user info (fetch refuses URLs that carry credentials). */
  authorization: string | null;
  timeoutMs: number;
  /** How requests are sent; fetch when unset. Prometheus's carries its credentials, CA and body limit (PROMETHEUS_*). */
  transport?: HttpTransport;
};

export type AlertsSettings = {
  /** Null when ALERTMANAGER_URL is not set: alerts then come from Prometheus, and acknowledging is unavailable. */
  alertmanager: Endpoint | null;
  prometheus: Endpoint;
  cacheTtlMs: number;
  ackDefaultMs: number;
  ackMaxMs: number;
};

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

export function toEndpoint(url: string, timeoutMs: number): Endpoint {
  const parsed = new URL(url);
  const authorization =
    parsed.username || parsed.password ? `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}` : null;
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  if (!parsed.pathname.endsWith('/')) parsed.pathname = `${parsed.pathname}/`;
  // WHATWG keeps IPv6 brackets in `hostname`, so "[::1]:9093" reads right as is.
  const label = `${parsed.hostname}:${parsed.port || DEFAULT_PORTS[parsed.protocol] || ''}`;
  return { baseUrl: parsed, label, authorization, timeoutMs };
}

/** Prometheus's alerts API, reached the way its query API is: same prefix, credentials, CA and body limit. */
function prometheusEndpoint(env: Env): Endpoint {
  const connection = createPrometheusConnection(prometheusConnectionOptionsFromEnv(env));
  return { baseUrl: connection.baseUrl, label: connection.label, authorization: null, timeoutMs: connection.timeoutMs, transport: connection.transport };
}

export function alertsSettingsFromEnv(env: Env): AlertsSettings {
  return {
    alertmanager: env.ALERTMANAGER_URL ? toEndpoint(env.ALERTMANAGER_URL, env.ALERTMANAGER_TIMEOUT_MS) : null,
    prometheus: prometheusEndpoint(env),
    cacheTtlMs: env.UPSTREAM_CACHE_TTL_MS,
    ackDefaultMs: parseDurationMs(env.ACK_DEFAULT_DURATION),
    ackMaxMs: parseDurationMs(env.ACK_MAX_DURATION),
  };
}
