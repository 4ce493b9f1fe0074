import 'server-only';
import { parseDurationMs, type Env } from '@/lib/env';

/** One HTTP upstream: where it is, what messages call it, and how to authenticate. */
export type Endpoint = {
  /** Base URL with a trailing slash and without credentials; API paths are resolved against it (a route prefix stays). */
  baseUrl: URL;
  /** `host:port`, never the credentials: what every message names. */
  label: string;
  /** Basic auth from the URL's user info (fetch refuses URLs that carry credentials). */
  authorization: string | null;
  timeoutMs: number;
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

export function alertsSettingsFromEnv(env: Env): AlertsSettings {
  return {
    alertmanager: env.ALERTMANAGER_URL ? toEndpoint(env.ALERTMANAGER_URL, env.ALERTMANAGER_TIMEOUT_MS) : null,
    prometheus: toEndpoint(env.PROMETHEUS_URL, env.PROMETHEUS_TIMEOUT_MS),
    cacheTtlMs: env.UPSTREAM_CACHE_TTL_MS,
    ackDefaultMs: parseDurationMs(env.ACK_DEFAULT_DURATION),
    ackMaxMs: parseDurationMs(env.ACK_MAX_DURATION),
  };
}
