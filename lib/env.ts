import { z } from 'zod';
import { exporterFamilies, familyInfo, selectorVariable, type ExporterFamily } from './catalog/exporter-families';
import { parseMatchers, type ExporterSelectors } from './catalog/exporter-selectors';

/** A Prometheus duration such as 30s, 5m or 1h (a single unit: what PromQL range selectors accept). */
const promDuration = z.string().regex(/^\d+(ms|s|m|h|d|w|y)$/, 'must be a Prometheus duration such as 30s, 5m or 1h');
const milliseconds = z.coerce.number().int().positive();
/** A Kubernetes namespace name (RFC 1123 label). */
const namespaceName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const isLoopbackHost = (hostname: string) => hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';

/**
 * `name=url,name=url` (names `[a-z][a-z0-9-]*`, http/https URLs without credentials), e.g. one PMS
 * health URL per vendor or one admin base URL per service. Empty = none configured.
 */
function namedUrlList(what: string) {
  return z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((pair) => pair.trim())
        .filter(Boolean)
        .map((pair) => ({ name: pair.slice(0, Math.max(0, pair.indexOf('='))).trim(), url: pair.slice(pair.indexOf('=') + 1).trim() })),
    )
    .pipe(
      z
        .array(
          z.object({
            name: z.string().regex(/^[a-z][a-z0-9-]*$/, `must be ${what}=url pairs separated by commas, ${what} names in lower case ([a-z][a-z0-9-]*)`).max(40),
            url: z
              .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
              .refine((u) => !URL.canParse(u) || !(new URL(u).username || new URL(u).password), 'must not carry credentials'),
          }),
        )
        .refine((list) => new Set(list.map((v) => v.name)).size === list.length, `names a ${what} twice`),
    );
}

/** Label matchers for one exporter family, as PromQL writes them (`namespace="monitoring",job="pg"`, or `{}` for none). */
function exporterSelector(family: ExporterFamily) {
  return z
    .string()
    .default(familyInfo[family].defaultMatchers)
    .transform((text, ctx) => {
      try {
        return parseMatchers(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });
}

type PrometheusSettings = {
  PROMETHEUS_URL: string;
  PROMETHEUS_BEARER_TOKEN?: string;
  PROMETHEUS_BEARER_TOKEN_FILE?: string;
  PROMETHEUS_BASIC_AUTH_USER?: string;
  PROMETHEUS_BASIC_AUTH_PASSWORD?: string;
  PROMETHEUS_BASIC_AUTH_PASSWORD_FILE?: string;
  PROMETHEUS_CA_FILE?: string;
};

/** One way to authenticate to Prometheus, complete; settings that would be ignored are refused. */
function checkPrometheusSettings(env: PrometheusSettings, ctx: z.RefinementCtx): void {
  const issue = (key: keyof PrometheusSettings, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
  const bearer = env.PROMETHEUS_BEARER_TOKEN !== undefined || env.PROMETHEUS_BEARER_TOKEN_FILE !== undefined;
  const password = env.PROMETHEUS_BASIC_AUTH_PASSWORD !== undefined || env.PROMETHEUS_BASIC_AUTH_PASSWORD_FILE !== undefined;
  if (env.PROMETHEUS_BEARER_TOKEN && env.PROMETHEUS_BEARER_TOKEN_FILE) issue('PROMETHEUS_BEARER_TOKEN_FILE', 'set PROMETHEUS_BEARER_TOKEN or PROMETHEUS_BEARER_TOKEN_FILE, not both');
  if (env.PROMETHEUS_BASIC_AUTH_PASSWORD && env.PROMETHEUS_BASIC_AUTH_PASSWORD_FILE) issue('PROMETHEUS_BASIC_AUTH_PASSWORD_FILE', 'set PROMETHEUS_BASIC_AUTH_PASSWORD or PROMETHEUS_BASIC_AUTH_PASSWORD_FILE, not both');
  if (env.PROMETHEUS_BASIC_AUTH_USER && !password) issue('PROMETHEUS_BASIC_AUTH_PASSWORD', 'PROMETHEUS_BASIC_AUTH_PASSWORD or PROMETHEUS_BASIC_AUTH_PASSWORD_FILE is required with PROMETHEUS_BASIC_AUTH_USER');
  if (password && !env.PROMETHEUS_BASIC_AUTH_USER) issue('PROMETHEUS_BASIC_AUTH_USER', 'is required with PROMETHEUS_BASIC_AUTH_PASSWORD or PROMETHEUS_BASIC_AUTH_PASSWORD_FILE');
  if (bearer && (env.PROMETHEUS_BASIC_AUTH_USER || password)) issue('PROMETHEUS_BEARER_TOKEN', 'set a bearer token or basic auth for Prometheus, not both');
  if (env.PROMETHEUS_CA_FILE && URL.canParse(env.PROMETHEUS_URL) && new URL(env.PROMETHEUS_URL).protocol !== 'https:') issue('PROMETHEUS_CA_FILE', 'applies only to an https:// PROMETHEUS_URL');
}

const envSchema = z.object({
  /** The query API's base URL; a path prefix is kept (`https://mon.example/prometheus/`, Thanos/Mimir front-ends). */
  PROMETHEUS_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .refine(
      (u) => !URL.canParse(u) || !(new URL(u).username || new URL(u).password),
      'must not carry credentials: set PROMETHEUS_BASIC_AUTH_USER and PROMETHEUS_BASIC_AUTH_PASSWORD (or _PASSWORD_FILE), or PROMETHEUS_BEARER_TOKEN (or _FILE)',
    )
    .refine((u) => !/[?#]/.test(u), 'must not have a query or fragment')
    .default('http://127.0.0.1:9090'),
  PROMETHEUS_TIMEOUT_MS: milliseconds.default(5_000),
  /** Credentials for a managed or proxied Prometheus: a bearer token, or basic auth; a file is re-read when it changes. */
  PROMETHEUS_BEARER_TOKEN: z.string().regex(/^[\x21-\x7e]+$/, 'must be a token without spaces or control characters').optional(),
  PROMETHEUS_BEARER_TOKEN_FILE: z.string().min(1).optional(),
  PROMETHEUS_BASIC_AUTH_USER: z.string().min(1).refine((u) => !u.includes(':'), 'must not contain ":"').optional(),
  PROMETHEUS_BASIC_AUTH_PASSWORD: z.string().min(1).optional(),
  PROMETHEUS_BASIC_AUTH_PASSWORD_FILE: z.string().min(1).optional(),
  /** PEM bundle that signs an https Prometheus's certificate (instead of the system's CAs). */
  PROMETHEUS_CA_FILE: z.string().min(1).optional(),
  /** A Prometheus answer larger than this is an upstream error. A 6 h range at 1 m is 6–15 KB of JSON per series: over a thousand series fit. */
  PROMETHEUS_MAX_BODY_BYTES: z.coerce.number().int().min(65_536).max(1_073_741_824).default(16_777_216),
  /** How long an upstream answer is reused for every viewer (one upstream query per key per TTL). */
  UPSTREAM_CACHE_TTL_MS: milliseconds.default(5_000),
  /** Replaces `$window` in the catalog's PromQL: the contract's 5-minute evaluation window. */
  SIGNAL_WINDOW: promDuration.default('5m'),
  /** How far back "firing since" and sparklines look, and at which resolution. */
  HISTORY_LOOKBACK: promDuration.default('6h'),
  HISTORY_STEP: promDuration.default('1m'),
  /** Browser polling interval. */
  POLL_INTERVAL_MS: milliseconds.default(10_000),
  /** Last good data is shown as stale for this long after an upstream failure, then becomes unknown. */
  STALE_UNKNOWN_AFTER_MS: milliseconds.default(120_000),
  CATALOG_DIR: z.string().min(1).default('runbooks'),
  SEVERITY_TABLE: z.string().min(1).default('config/severity.yaml'),
  /**
   * Which series each exporter family's metrics are read from: replaces `$postgres`, `$dcgm`, … in the
   * catalog's PromQL (and in the generated Prometheus rules). Defaults: the metrics contract.
   */
  EXPORTER_SELECTOR_VOICEHIVE: exporterSelector('voicehive'),
  EXPORTER_SELECTOR_KUBE_STATE_METRICS: exporterSelector('kube_state_metrics'),
  EXPORTER_SELECTOR_CADVISOR: exporterSelector('cadvisor'),
  EXPORTER_SELECTOR_NODE_EXPORTER: exporterSelector('node_exporter'),
  EXPORTER_SELECTOR_POSTGRES: exporterSelector('postgres'),
  EXPORTER_SELECTOR_REDIS: exporterSelector('redis'),
  EXPORTER_SELECTOR_RABBITMQ: exporterSelector('rabbitmq'),
  EXPORTER_SELECTOR_DCGM: exporterSelector('dcgm'),
  EXPORTER_SELECTOR_COREDNS: exporterSelector('coredns'),
  EXPORTER_SELECTOR_BLACKBOX: exporterSelector('blackbox'),
  EXPORTER_SELECTOR_PROMETHEUS: exporterSelector('prometheus'),
  /** Public base URL of this console, used in alert `runbook_url` annotations. */
  CONSOLE_URL: z.url().default('http://127.0.0.1:3000'),

  /** The store: PostgreSQL when set, otherwise an SQLite file at STORE_PATH. */
  DATABASE_URL: z.url().refine((u) => /^postgres(ql)?:/.test(u), 'must be a postgres:// URL').optional(),
  STORE_PATH: z.string().min(1).default('data/voicehive-ops.sqlite'),
  /**
   * PostgreSQL: connections each console process keeps (every replica has its own pool: replicas × this must stay
   * under the server's max_connections), and how long a request waits for a free one in a burst before it fails
   * (connecting to the server itself gives up after 5 s, whatever this says).
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_POOL_WAIT: promDuration.default('30s'),
  /** A person's session ends after this long without a request, and in any case after SESSION_MAX_AGE. */
  SESSION_IDLE_TIMEOUT: promDuration.default('1h'),
  SESSION_MAX_AGE: promDuration.default('12h'),
  /**
   * How long a validated session is trusted from memory before the store is read again (0: every request reads
   * it). Bounds how late a revocation (sign-out, user disabled, role changed, display token revoked) made on
   * another replica takes effect here; on the replica that made it, it takes effect at once.
   */
  SESSION_CHECK_CACHE_MS: z.coerce.number().int().min(0).max(30_000).default(2_000),
  /** A NOC display's session lives as long as its token, but ends after this long unseen. */
  DISPLAY_SESSION_IDLE_TIMEOUT: promDuration.default('7d'),
  /**
   * A display's session cookie lasts this long (or until its token expires, if sooner), renewed by the screen
   * while it is in use: never the browsers' 400-day maximum. At least a day, at most 90 days.
   */
  DISPLAY_SESSION_MAX_AGE: promDuration.default('30d'),
  /**
   * Failed passwords, per (account, client): a growing delay, then that client is locked out of that account;
   * per client across accounts: a lockout of the client. Never a lock of the account for everyone.
   */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).default(20),
  LOGIN_LOCKOUT: promDuration.default('15m'),
  /** This many clients failing on one account within LOGIN_LOCKOUT make an `auth.guessing` alert in the audit log. */
  LOGIN_ALERT_CLIENTS: z.coerce.number().int().min(2).max(1000).default(3),
  /** Reverse proxies in front of the console that append to X-Forwarded-For (0 = none). */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),

  /** The environment banner on every page, e.g. PRODUCTION in red. */
  ENVIRONMENT_NAME: z.string().min(1).max(40).default('local'),
  ENVIRONMENT_TONE: z.enum(['red', 'amber', 'green', 'blue', 'gray']).default('gray'),

  /** Single sign-on (OpenID Connect, authorization code with PKCE); off unless OIDC_ISSUER is set. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().min(1).default('openid profile email'),
  /** The claim that carries a person's groups, and which group gives which role: `ops-admins=admin,ops-oncall=operator`. */
  OIDC_ROLE_CLAIM: z.string().min(1).default('groups'),
  OIDC_ROLE_MAP: z.string().regex(/^[^=,]+=(viewer|operator|approver|admin)(,[^=,]+=(viewer|operator|approver|admin))*$/, 'must be group=role pairs separated by commas (roles: viewer, operator, approver, admin)').optional(),
  OIDC_LABEL: z.string().min(1).max(40).default('Single sign-on'),
  /**
   * The key a sign-in in progress (the `vh_oidc` state cookie) is signed with, derived by HKDF: at least 32
   * characters, the same on every replica. Set it when several consoles serve behind one balancer (the provider's
   * callback may land on another replica than the one that started the sign-in). Unset, each process signs with a
   * random key of its own: fine for one process; a restart mid-sign-in then means "expired, start again".
   */
  OIDC_STATE_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),

  /** How long a remediation request waits for a second person before it expires. */
  APPROVAL_TTL: promDuration.default('15m'),
  /** After a remediation, how long the section is watched for recovery before it is called not recovered. */
  ACTION_VERIFY_WINDOW: promDuration.default('15m'),
  /** How long the section's rules must stay ok for the change to be called a recovery (default: two SIGNAL_WINDOWs). */
  ACTION_RECOVERY_HOLD: promDuration.optional(),
  /** Evicting pods one at a time: how long to wait for each replacement to be ready, or for a disruption budget to allow the next eviction. */
  ACTION_POD_WAIT: promDuration.default('5m'),

  /** Incidents (issue 17): the configuration file (templates, cadence, escalation, impact queries, checklist). */
  INCIDENTS_CONFIG: z.string().min(1).default('config/incidents.yaml'),
  /** The runbooks' contacts and escalation paths by system (issue 14): config/contacts.yaml. */
  CONTACTS_CONFIG: z.string().min(1).default('config/contacts.yaml'),
  /** Routines (issue 19): schedules, checklist items with live answers, rotation register. */
  ROUTINES_CONFIG: z.string().min(1).default('config/routines.yaml'),
  /** How often the server records the sections' severity transitions (for incident timelines), once for all viewers. */
  INCIDENT_RECORDER_INTERVAL_MS: z.coerce.number().int().min(1_000).default(15_000),
  /** Optional Slack-compatible webhooks per audience: `internal=https://…,status-page=https://…,stakeholders=https://…`. */
  INCIDENT_WEBHOOK_URLS: namedUrlList('audience'),
  /** Optional Slack-compatible webhooks per escalation level id of config/incidents.yaml: `team-lead=https://…,cto=https://…`. */
  ESCALATION_WEBHOOK_URLS: namedUrlList('level'),

  /** Optional: a Slack-compatible incoming webhook told of each new approval request and each decision. */
  ACTION_WEBHOOK_URL: z.url().optional(),

  /** A bearer token that lets a Prometheus scrape /api/metrics without a session. */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),

  /**
   * Kubernetes. How the console reaches the API server; unset, it is `explicit` when KUBE_API_URL is
   * set, else `kubeconfig` when KUBECONFIG is set, else `in-cluster` when the service-account files
   * exist, else off (every Kubernetes read or action says "Kubernetes is not configured").
   */
  KUBE_MODE: z.enum(['in-cluster', 'kubeconfig', 'explicit']).optional(),
  /** explicit: the API server's base URL (https; http only on loopback, e.g. `kubectl proxy`). */
  KUBE_API_URL: z
    .url()
    .refine((u) => {
      const url = new URL(u);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    }, 'must be an https:// URL (http is allowed only on 127.0.0.1, localhost or [::1])')
    .refine((u) => !/[?#]/.test(u), 'must not have a query or fragment')
    .optional(),
  /** explicit: a bearer token, or a file holding one (re-read every minute, for rotated tokens). */
  KUBE_TOKEN: z.string().min(1).optional(),
  KUBE_TOKEN_FILE: z.string().min(1).optional(),
  /** explicit: the CA bundle that signs the API server's certificate, or (tests only) no verification. */
  KUBE_CA_FILE: z.string().min(1).optional(),
  KUBE_INSECURE_SKIP_TLS_VERIFY: z.stringbool().default(false),
  /** in-cluster: where the service account's token, ca.crt and namespace are mounted (default /var/run/secrets/kubernetes.io/serviceaccount). */
  KUBE_SERVICE_ACCOUNT_DIR: z.string().min(1).optional(),
  /** kubeconfig: one kubeconfig file (not a list), and optionally which of its contexts to use. */
  KUBECONFIG: z.string().min(1).optional(),
  KUBE_CONTEXT: z.string().min(1).optional(),
  /** The only namespaces the console reads or changes; anything else is refused before a request is sent. */
  KUBE_NAMESPACES: z
    .string()
    .default('voicehive,kube-system,monitoring')
    .transform((s) => [...new Set(s.split(',').map((n) => n.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(63).regex(namespaceName, 'must be Kubernetes namespace names separated by commas')).min(1, 'must name at least one namespace')),
  /** Per-request timeout for the Kubernetes API. */
  KUBE_TIMEOUT_MS: milliseconds.default(5_000),

  /**
   * PMS health probes: one health URL per vendor, `apaleo=https://…,mews=https://…` (vendor names
   * `[a-z][a-z0-9-]*`, http/https URLs). Empty = no vendors configured.
   */
  PMS_HEALTH_URLS: namedUrlList('vendor'),
  /** Per-probe timeout (DNS, connection, answer and body). */
  PMS_TIMEOUT_MS: milliseconds.default(5_000),
  /** A health body is read up to this many bytes; the rest is dropped (and the result marked truncated). */
  PMS_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(65_536),
  /** Lets probes reach loopback and private networks (demo, tests). Link-local and metadata addresses stay refused. */
  PMS_ALLOW_PRIVATE_TARGETS: z.stringbool().default(false),
  /** Each vendor is probed at most once per interval for the whole server; results are kept for an hour. */
  PMS_PROBE_INTERVAL_MS: milliseconds.default(30_000),

  /**
   * Redis, for the runbooks' Redis steps (rate-limit keys, whitelists) and the PMS tiles' rate-limit
   * keys: `redis://[user:password@]host:port[/db]` or `rediss://…`. Unset, those say "Redis is not configured".
   */
  REDIS_URL: z.url().refine((u) => /^rediss?:$/.test(new URL(u).protocol), 'must be a redis:// or rediss:// URL').optional(),
  /** Per-command timeout for Redis (connection included). */
  REDIS_TIMEOUT_MS: milliseconds.default(2_000),
  /**
   * The console's own Redis, for state shared between replicas (upstream reads, last good section readings):
   * `redis://…` or `rediss://…`. Not REDIS_URL: that is the platform's Redis, which runbook steps change and
   * flush. Unset, each replica keeps its own cache (a single replica needs nothing more).
   */
  CONSOLE_REDIS_URL: z.url().refine((u) => /^rediss?:$/.test(new URL(u).protocol), 'must be a redis:// or rediss:// URL').optional(),
  /** Per-command timeout for the console's own Redis; a Redis slower than this is treated as down for a while. */
  CONSOLE_REDIS_TIMEOUT_MS: milliseconds.default(500),

  /**
   * The VoiceHive services' admin endpoints (circuit-breaker reset, PMS token refresh): one base URL per
   * service, `orchestrator=http://orchestrator.voicehive:8080,connectors=http://…`. The catalog names the
   * service and the path; the browser names neither.
   */
  SERVICE_ADMIN_URLS: namedUrlList('service'),
  /** Bearer token sent to the admin endpoints, or a file holding it (re-read when it changes). */
  SERVICE_ADMIN_TOKEN: z.string().min(1).optional(),
  SERVICE_ADMIN_TOKEN_FILE: z.string().min(1).optional(),
  SERVICE_ADMIN_TIMEOUT_MS: milliseconds.default(5_000),

  /**
   * Alerts: Alertmanager's API v2 (active alerts, and silences as acknowledgements). Unset, the active
   * alerts come from Prometheus's own alerts API and acknowledging is unavailable.
   */
  ALERTMANAGER_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  ALERTMANAGER_TIMEOUT_MS: milliseconds.default(5_000),
  /** An acknowledgement is an Alertmanager silence of this length by default, and never longer than the max. */
  ACK_DEFAULT_DURATION: promDuration.default('1h'),
  ACK_MAX_DURATION: promDuration.default('12h'),
  /** Maintenance windows (issue 19): longer than this needs a second person's approval; never longer than the max. */
  MAINTENANCE_APPROVAL_OVER: promDuration.default('4h'),
  MAINTENANCE_MAX_DURATION: promDuration.default('14d'),
  /** Rotations register (issue 19): a rotation shows as due this long before its date; a certificate this long before it expires. */
  ROTATION_DUE_SOON: promDuration.default('14d'),
  CERT_RENEW_BEFORE: promDuration.default('30d'),

  /** The NOC wall says "DATA STALE" once its newest data is older than this many polling intervals. */
  NOC_STALE_INTERVALS: z.coerce.number().int().min(2).max(60).default(3),
}).superRefine((env, ctx) => {
  checkPrometheusSettings(env, ctx);
  // A recovery must be able to hold before the watch ends, or no change could ever be called one.
  // (Only between well-formed durations: a malformed one has its own issue already.)
  const durationMs = (d: string | undefined) => (d && /^\d+(ms|s|m|h|d|w|y)$/.test(d) ? parseDurationMs(d) : null);
  const signalWindow = durationMs(env.SIGNAL_WINDOW);
  const hold = env.ACTION_RECOVERY_HOLD ? durationMs(env.ACTION_RECOVERY_HOLD) : signalWindow === null ? null : 2 * signalWindow;
  const verifyWindow = durationMs(env.ACTION_VERIFY_WINDOW);
  if (hold !== null && verifyWindow !== null && verifyWindow <= hold) {
    ctx.addIssue({ code: 'custom', path: ['ACTION_VERIFY_WINDOW'], message: `must be longer than the recovery hold (ACTION_RECOVERY_HOLD, else two SIGNAL_WINDOWs: ${hold / 1000} s)` });
  }
  if (env.OIDC_ISSUER) {
    for (const key of ['OIDC_CLIENT_ID', 'OIDC_ROLE_MAP'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when OIDC_ISSUER is set' });
    }
  }
  const kubeMode = env.KUBE_MODE ?? (env.KUBE_API_URL ? 'explicit' : env.KUBECONFIG ? 'kubeconfig' : undefined);
  if (kubeMode === 'explicit') {
    if (!env.KUBE_API_URL) ctx.addIssue({ code: 'custom', path: ['KUBE_API_URL'], message: 'is required when KUBE_MODE is explicit' });
    if (!env.KUBE_TOKEN && !env.KUBE_TOKEN_FILE) ctx.addIssue({ code: 'custom', path: ['KUBE_TOKEN'], message: 'KUBE_TOKEN or KUBE_TOKEN_FILE is required when KUBE_MODE is explicit' });
    if (env.KUBE_TOKEN && env.KUBE_TOKEN_FILE) ctx.addIssue({ code: 'custom', path: ['KUBE_TOKEN_FILE'], message: 'set KUBE_TOKEN or KUBE_TOKEN_FILE, not both' });
    if (env.KUBE_CA_FILE && env.KUBE_INSECURE_SKIP_TLS_VERIFY) ctx.addIssue({ code: 'custom', path: ['KUBE_INSECURE_SKIP_TLS_VERIFY'], message: 'contradicts KUBE_CA_FILE: set one of them' });
  } else {
    // Settings that would be silently ignored are refused, so nobody believes they are in effect.
    for (const key of ['KUBE_API_URL', 'KUBE_TOKEN', 'KUBE_TOKEN_FILE', 'KUBE_CA_FILE'] as const) {
      if (env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `applies only to KUBE_MODE=explicit (KUBE_MODE is ${kubeMode ?? 'in-cluster or off'})` });
    }
    if (env.KUBE_INSECURE_SKIP_TLS_VERIFY) ctx.addIssue({ code: 'custom', path: ['KUBE_INSECURE_SKIP_TLS_VERIFY'], message: 'applies only to KUBE_MODE=explicit' });
  }
  if (kubeMode === 'kubeconfig') {
    if (!env.KUBECONFIG) ctx.addIssue({ code: 'custom', path: ['KUBECONFIG'], message: 'is required when KUBE_MODE is kubeconfig' });
    else if (env.KUBECONFIG.includes(':')) ctx.addIssue({ code: 'custom', path: ['KUBECONFIG'], message: 'must be one file (lists of kubeconfig files are not supported)' });
  }
  if (env.SERVICE_ADMIN_TOKEN && env.SERVICE_ADMIN_TOKEN_FILE) ctx.addIssue({ code: 'custom', path: ['SERVICE_ADMIN_TOKEN_FILE'], message: 'set SERVICE_ADMIN_TOKEN or SERVICE_ADMIN_TOKEN_FILE, not both' });
  // The form offers 5 minutes to a week; a maximum outside that would offer nothing, or what the route refuses.
  if (parseDurationMs(env.ACK_MAX_DURATION) < 300_000 || parseDurationMs(env.ACK_MAX_DURATION) > 604_800_000) ctx.addIssue({ code: 'custom', path: ['ACK_MAX_DURATION'], message: 'must be from 5m to 7d' });
  if (parseDurationMs(env.ACK_DEFAULT_DURATION) > parseDurationMs(env.ACK_MAX_DURATION)) ctx.addIssue({ code: 'custom', path: ['ACK_DEFAULT_DURATION'], message: `is longer than ACK_MAX_DURATION (${env.ACK_MAX_DURATION})` });
  if (env.KUBE_SERVICE_ACCOUNT_DIR && kubeMode !== undefined && kubeMode !== 'in-cluster') ctx.addIssue({ code: 'custom', path: ['KUBE_SERVICE_ACCOUNT_DIR'], message: 'applies only to KUBE_MODE=in-cluster' });
  const displayMaxAge = parseDurationMs(env.DISPLAY_SESSION_MAX_AGE);
  if (displayMaxAge < 86_400_000 || displayMaxAge > 90 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['DISPLAY_SESSION_MAX_AGE'], message: 'must be from 1d to 90d' });
  if (env.KUBE_CONTEXT && kubeMode !== 'kubeconfig') ctx.addIssue({ code: 'custom', path: ['KUBE_CONTEXT'], message: 'applies only to KUBE_MODE=kubeconfig' });
});
export type Env = z.infer<typeof envSchema>;

/** Every variable the console reads (the deployment manifests' ConfigMap and Secret are checked against it). */
export const envVariableNames: readonly string[] = Object.keys(envSchema.shape);

export class EnvError extends Error {}

/** Parses an environment; throws an EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "not set", so `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Env | undefined;
/** The process environment, parsed once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The configured exporter selectors, one matcher list per family. */
export function getExporterSelectors(env: Env = getEnv()): ExporterSelectors {
  return Object.fromEntries(exporterFamilies.map((f) => [f, env[selectorVariable(f) as keyof Env] as string[]])) as ExporterSelectors;
}

/** Prometheus duration → milliseconds. */
export function parseDurationMs(duration: string): number {
  const match = /^(\d+)(ms|s|m|h|d|w|y)$/.exec(duration);
  if (!match) throw new Error(`not a duration: ${duration}`);
  const factor = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8, y: 3.1536e10 }[match[2] as 'ms'];
  return Number(match[1]) * factor;
}
