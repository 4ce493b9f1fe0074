import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { Env } from '@/lib/env';
import { createNodeTransport, type HttpAnswer, type HttpTransport } from './http-transport';
import { createSecretFileReader, SecretFileError } from './secret-file';

/**
 * How the console reaches Prometheus (or a Thanos/Mimir query front-end, or a managed Prometheus behind an
 * authenticating proxy). Mirrors the PROMETHEUS_* variables, which lib/env.ts has validated.
 */
export type PrometheusConnectionOptions = {
  /** The query API's base URL; a path prefix (`https://mon.example/prometheus/`) is kept, with or without the trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  maxBodyBytes?: number;
  bearerToken?: string;
  bearerTokenFile?: string;
  basicAuthUser?: string;
  basicAuthPassword?: string;
  basicAuthPasswordFile?: string;
  /** PEM bundle that signs Prometheus's certificate (instead of the system's CAs), re-read when it changes. */
  caFile?: string;
};

export type PrometheusConnection = {
  /** With a trailing slash: API paths are resolved against it, so a path prefix stays. */
  baseUrl: URL;
  /** `host:port/prefix/`, for messages: never a credential. */
  label: string;
  timeoutMs: number;
  /** The variable that holds the credential in use (for messages), or null when none is configured. */
  credentialSetting: string | null;
  /** Sends a request with the credentials and CA; the `url` must be under baseUrl. */
  transport: HttpTransport;
  /** Sends `path` (relative, e.g. `api/v1/query`) under the base URL, bounded by the timeout. */
  send(path: string, request: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }): Promise<HttpAnswer>;
  /** The text with every configured secret replaced, for anything that could echo one back (an upstream's error page). */
  redact(text: string): string;
};

export const DEFAULT_PROMETHEUS_MAX_BODY_BYTES = 16 * 1024 * 1024;
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };
// What an Authorization header can carry as is (RFC 7230 visible characters); anything else is refused, not sent.
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

export function prometheusConnectionOptionsFromEnv(env: Env): PrometheusConnectionOptions {
  return {
    baseUrl: env.PROMETHEUS_URL,
    timeoutMs: env.PROMETHEUS_TIMEOUT_MS,
    maxBodyBytes: env.PROMETHEUS_MAX_BODY_BYTES,
    bearerToken: env.PROMETHEUS_BEARER_TOKEN,
    bearerTokenFile: env.PROMETHEUS_BEARER_TOKEN_FILE,
    basicAuthUser: env.PROMETHEUS_BASIC_AUTH_USER,
    basicAuthPassword: env.PROMETHEUS_BASIC_AUTH_PASSWORD,
    basicAuthPasswordFile: env.PROMETHEUS_BASIC_AUTH_PASSWORD_FILE,
    caFile: env.PROMETHEUS_CA_FILE,
  };
}

/** The base URL with a trailing slash (without it, `new URL('api/v1/query', base)` would drop the last segment). */
export function toBaseUrl(url: string): URL {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  if (!parsed.pathname.endsWith('/')) parsed.pathname = `${parsed.pathname}/`;
  return parsed;
}

/** The Authorization header's value, read when needed (a rotated file is picked up), and the secrets to redact. */
function createCredentials(options: PrometheusConnectionOptions): { setting: string | null; read: () => string | null; secrets: () => string[] } {
  const { bearerToken, bearerTokenFile, basicAuthUser, basicAuthPassword, basicAuthPasswordFile } = options;
  if (bearerToken !== undefined || bearerTokenFile !== undefined) {
    const setting = bearerTokenFile ? 'PROMETHEUS_BEARER_TOKEN_FILE' : 'PROMETHEUS_BEARER_TOKEN';
    const checkToken = (text: string) => {
      const token = text.trim();
      if (!HEADER_TOKEN.test(token)) throw new SecretFileError(setting, 'it holds no valid token (empty, or characters a header cannot carry)');
      return token;
    };
    const readToken = bearerTokenFile ? createSecretFileReader(bearerTokenFile, setting, checkToken) : () => checkToken(bearerToken ?? '');
    let last = '';
    return { setting, read: () => `Bearer ${(last = readToken())}`, secrets: () => [last] };
  }
  if (basicAuthUser !== undefined) {
    const setting = basicAuthPasswordFile ? 'PROMETHEUS_BASIC_AUTH_PASSWORD_FILE' : 'PROMETHEUS_BASIC_AUTH_PASSWORD';
    const readPassword = basicAuthPasswordFile ? createSecretFileReader(basicAuthPasswordFile, setting) : () => basicAuthPassword ?? '';
    let last = { password: '', encoded: '' };
    return {
      setting,
      read: () => {
        const password = readPassword();
        if (password !== last.password) last = { password, encoded: Buffer.from(`${basicAuthUser}:${password}`).toString('base64') };
        return `Basic ${last.encoded}`;
      },
      secrets: () => [last.password, last.encoded],
    };
  }
  return { setting: null, read: () => null, secrets: () => [] };
}

/**
 * node:https with an Agent of our own carries the CA. Not undici's `Agent({ connect: { ca } })` as fetch's
 * dispatcher: undici is only a transitive package here (7.x) while Node's fetch is its own build (6.x on
 * Node 20), and a dispatcher crossing undici majors breaks (Node 26's fetch refuses older ones); it would
 * also have to be bundled by Next. The CA file is re-read when it changes; the old pool is closed.
 */
function createAgents(caFile: string | undefined, timeoutMs: number): (url: URL) => http.Agent {
  // Node's own global agent settings: idle sockets closed after 5 s, before most servers drop them. No cap on
  // sockets (as fetch had none): a queue would count against each request's timeout while one section waits.
  const options: http.AgentOptions = { keepAlive: true, scheduling: 'lifo', timeout: 5_000 };
  const plain = new http.Agent(options);
  const readCa = caFile ? createSecretFileReader(caFile, 'PROMETHEUS_CA_FILE', (text) => text) : null;
  let secure: { ca: string | undefined; agent: https.Agent } | undefined;
  return (url) => {
    if (url.protocol !== 'https:') return plain;
    const ca = readCa?.();
    if (!secure || secure.ca !== ca) {
      const previous = secure?.agent;
      // Requests in flight on the old pool finish first.
      if (previous) setTimeout(() => previous.destroy(), 2 * timeoutMs).unref();
      secure = { ca, agent: new https.Agent({ ...options, ...(ca !== undefined ? { ca } : {}) }) };
    }
    return secure.agent;
  };
}

export function createPrometheusConnection(options: PrometheusConnectionOptions): PrometheusConnection {
  const baseUrl = toBaseUrl(options.baseUrl);
  const label = `${baseUrl.hostname}:${baseUrl.port || DEFAULT_PORTS[baseUrl.protocol] || ''}${baseUrl.pathname === '/' ? '' : baseUrl.pathname}`;
  const credentials = createCredentials(options);
  const send = createNodeTransport({
    agentFor: createAgents(options.caFile, options.timeoutMs),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_PROMETHEUS_MAX_BODY_BYTES,
    limitSetting: 'PROMETHEUS_MAX_BODY_BYTES',
    tlsHint: options.caFile ? "is PROMETHEUS_CA_FILE the CA that signed Prometheus's certificate?" : "set PROMETHEUS_CA_FILE to the CA that signed Prometheus's certificate",
  });
  const redact = (text: string) => credentials.secrets().reduce((out, secret) => (secret.length >= 4 ? out.replaceAll(secret, '[redacted]') : out), text);
  const transport: HttpTransport = async (request) => {
    const authorization = credentials.read();
    const answer = await send({ ...request, headers: { ...request.headers, ...(authorization ? { authorization } : {}) } });
    // An error page is shown in messages: a proxy that echoes the request must not put the credential there.
    return answer.status >= 200 && answer.status < 300 ? answer : { ...answer, text: redact(answer.text) };
  };
  return {
    baseUrl,
    label,
    timeoutMs: options.timeoutMs,
    credentialSetting: credentials.setting,
    transport,
    send: (path, request) => transport({ ...request, url: new URL(path.replace(/^\/+/, ''), baseUrl), signal: AbortSignal.timeout(options.timeoutMs) }),
    redact,
  };
}
