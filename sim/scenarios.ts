import { healthyConditions, type Conditions } from './conditions';
import type { Resolution } from './kube/remedies';
import { resolutions } from './kube/resolutions';

/** Section ids of the runbook catalog (runbooks/<id>.yaml). */
export const sectionIds = [
  'call-failures', 'voice-latency', 'pms-connection', 'circuit-breakers', 'rate-limiting', 'authentication',
  'error-rate', 'performance', 'memory-cpu', 'database', 'redis', 'queue-backlog', 'livekit', 'gdpr',
  'security', 'dns', 'monitoring', 'disk', 'backups',
] as const;
export type SectionId = (typeof sectionIds)[number];
export type Severity = 'P0' | 'P1' | 'P2' | 'P3';
export type ExpectedSeverities = Partial<Record<SectionId, Severity>>;

export interface Scenario {
  id: string;
  description: string;
  /** Sections this scenario drives and the severity the contract's table gives them; all others stay ok. */
  expected: ExpectedSeverities;
  /** Where a rule escalates with time spent in the scenario, what is expected after that long. */
  later?: { afterSeconds: number; expected: ExpectedSeverities };
  tune(base: Conditions): Conditions;
  /** The Kubernetes changes (runbook buttons) that end or contain it; see kube/resolutions.ts. */
  resolvedBy?: readonly Resolution[];
}

/*
 * Intensities are chosen so that a rule over a 1-minute rate window crosses its threshold within
 * ~20 s of the switch (the window then still holds 40 s of healthy samples), while the pure
 * scenario stays inside its expected band: e.g. call success 80 % crosses 95 % early yet never
 * falls under the P0 line of 50 %.
 */
const scenarioList: Scenario[] = [
  { id: 'healthy', description: 'Everything within thresholds, with daily traffic shape and small noise.', expected: {}, tune: (c) => c },
  {
    id: 'call-failures',
    description: 'About 20 % of calls fail on LiveKit and SIP (success ~80 %).',
    expected: { 'call-failures': 'P1' },
    tune: (c) => ({ ...c, callSuccessRatio: 0.8, callFailureReasons: { livekit: 3, sip: 2 } }),
  },
  {
    id: 'voice-latency',
    description: 'ASR and TTS time-to-first-byte p95 ~0.8 s, end-to-end response p95 ~2.4 s (over the 2.0 s alert of runbook 002).',
    expected: { 'voice-latency': 'P2' },
    tune: (c) => ({
      ...c,
      asrLatency: { p95: 0.8, sigma: 0.2 },
      ttsTtfb: { p95: 0.8, sigma: 0.2 },
      llmLatency: { p95: 1.2, sigma: 0.3 },
      responseLatency: { p95: 2.4, sigma: 0.2 },
      gpuUtilPercent: 70,
    }),
  },
  {
    id: 'pms-outage',
    description: 'Apaleo answers ~40 % of requests with timeouts and errors; other vendors are fine.',
    expected: { 'pms-connection': 'P1' },
    tune: (c) => ({ ...c, pmsFailure: { ...c.pmsFailure, apaleo: { error: 0.2, timeout: 0.2 } } }),
  },
  {
    id: 'pms-token-expired',
    description: "The connectors' mews API token expired: every mews call is answered 401 (outcome unauthorized); mews itself is up, its health endpoint says ok.",
    expected: { 'pms-connection': 'P1' },
    tune: (c) => ({ ...c, pmsTokenExpired: ['mews'] }),
  },
  {
    id: 'pms-rate-limited',
    description: "A limiter bug left apaleo's rate-limit key without an expiry, stuck over the limit: every apaleo call is refused by our own limiter.",
    expected: { 'pms-connection': 'P1' },
    tune: (c) => ({ ...c, pmsRateLimitStuck: ['apaleo'] }),
  },
  {
    id: 'circuit-breaker-open',
    description: 'The pms_connector breaker is open (state 2). P2 at first; the stuck-open rule makes it P1 after 10 minutes.',
    expected: { 'circuit-breakers': 'P2' },
    later: { afterSeconds: 600, expected: { 'circuit-breakers': 'P1' } },
    tune: (c) => ({ ...c, breakers: { ...c.breakers, pms_connector: 2 } }),
  },
  {
    id: 'rate-limiting',
    // 15 % rather than 10 %: at 10 % a 1-minute window needs ~28 s to cross 5 %.
    description: 'About 15 % of API requests are answered 429.',
    expected: { 'rate-limiting': 'P2' },
    tune: (c) => ({ ...c, http429Ratio: 0.15 }),
  },
  {
    id: 'auth-failures',
    description: 'Users cannot log in: ~25 % of API requests answered 401, ~4 auth failures/s (under the 10/s security line).',
    expected: { authentication: 'P1' },
    tune: (c) => ({ ...c, http401Ratio: 0.25, authFailuresPerSecond: 4 }),
  },
  {
    id: 'error-rate',
    description: 'About 4 % of API requests answered 5xx (over 1 %, under 10 %).',
    expected: { 'error-rate': 'P2' },
    tune: (c) => ({ ...c, http5xxRatio: 0.04 }),
  },
  {
    id: 'slow-api',
    description: 'A slow shared dependency: API p95 ~7 s on every service.',
    expected: { performance: 'P2' },
    tune: (c) => ({ ...c, apiLatency: { p95: 7, sigma: 0.15 } }),
  },
  {
    id: 'database-saturation',
    description: 'PostgreSQL connections at ~90 % of max_connections; the database is up and no lock waits.',
    expected: { database: 'P2' },
    tune: (c) => ({ ...c, pgConnectionsRatio: 0.9 }),
  },
  {
    id: 'database-down',
    description: 'PostgreSQL unreachable: pg_up 0, its other gauges keep their last values.',
    expected: { database: 'P0' },
    tune: (c) => ({ ...c, pgUp: false }),
  },
  {
    id: 'redis-down',
    description: 'Redis unreachable: redis_up 0, its other gauges keep their last values.',
    expected: { redis: 'P1' },
    tune: (c) => ({ ...c, redisUp: false }),
  },
  {
    id: 'oom-loop',
    description: 'A media-agent container is OOMKilled every ~10 s: restarts grow, memory near its limit.',
    expected: { 'memory-cpu': 'P2' },
    tune: (c) => ({ ...c, oomDeployment: 'media-agent' }),
  },
  {
    id: 'queue-backlog',
    description: 'The calls queue backs up to ~4500 ready messages.',
    expected: { 'queue-backlog': 'P3' },
    tune: (c) => ({ ...c, queueReady: { ...c.queueReady, calls: 4500 } }),
  },
  {
    id: 'workers-stopped',
    description: 'The transcripts workers stopped consuming: 0 consumers while its ready messages stay (003 "Workers Not Processing").',
    expected: { 'queue-backlog': 'P2' },
    tune: (c) => ({ ...c, queuesWithoutConsumers: ['transcripts'] }),
  },
  {
    id: 'livekit-down',
    description: 'The LiveKit SFU stops answering (voicehive_livekit_up 0).',
    expected: { livekit: 'P1' },
    tune: (c) => ({ ...c, livekitUp: false }),
  },
  {
    id: 'gdpr-violation',
    description: 'Non-EU region access detected (~1 violation every 5 s). Stays P1 for an hour after it ends.',
    expected: { gdpr: 'P1' },
    tune: (c) => ({ ...c, gdprViolationsPerSecond: 0.2 }),
  },
  {
    id: 'pii-leak',
    description: 'PII found in logs (a detection every ~5 s). Stays P2 for an hour after it ends.',
    expected: { gdpr: 'P2' },
    tune: (c) => ({ ...c, piiDetectionsPerSecond: 0.2 }),
  },
  {
    id: 'suspicious-activity',
    description: 'Credential stuffing: ~40 failed authentications/s, which also trips the authentication section.',
    expected: { security: 'P1', authentication: 'P1' },
    tune: (c) => ({ ...c, attackRequestsPerSecond: 40 }),
  },
  {
    id: 'dns-servfail',
    description: 'CoreDNS answers ~6 % of queries SERVFAIL.',
    expected: { dns: 'P2' },
    tune: (c) => ({ ...c, dnsServfailRatio: 0.06 }),
  },
  {
    id: 'targets-down',
    description: 'Three of the six service metrics endpoints answer 503 (over 20 % of targets down).',
    expected: { monitoring: 'P2' },
    tune: (c) => ({ ...c, targetsDown: ['media-agent', 'tts-router', 'connectors'] }),
  },
  {
    id: 'disk-pressure',
    description: 'node-2 /var/lib/recordings has ~15 % free (under 20 %, over 10 %).',
    expected: { disk: 'P2' },
    tune: (c) => ({ ...c, lowDisk: { instance: 'node-2', mountpoint: '/var/lib/recordings', freeRatio: 0.15 } }),
  },
  {
    id: 'backup-stale',
    description: 'PostgreSQL backups stopped: last success 2 h ago at the switch, past the 1-hour RPO: P1 (data-loss risk).',
    expected: { backups: 'P1' },
    tune: (c) => ({ ...c, staleBackups: { postgres: 7200 } }),
  },
];

// Each scenario's way out, kept beside the double that reports the changes (one table, one place).
for (const scenario of scenarioList) scenario.resolvedBy = resolutions[scenario.id] ?? [];

export const scenarios: readonly Scenario[] = scenarioList;
export const scenarioIds: readonly string[] = scenarioList.map((s) => s.id);

export function findScenario(id: string): Scenario | undefined {
  return scenarioList.find((s) => s.id === id);
}

export function getScenarioConditions(id: string): Conditions {
  const scenario = findScenario(id);
  if (!scenario) throw new Error(`unknown scenario "${id}"`);
  return scenario.tune(healthyConditions);
}

/** What GET /scenario shows: everything but the functions; `resolvedBy` says which buttons heal it. */
export function describeScenario({ id, description, expected, later, resolvedBy = [] }: Scenario) {
  const healing = resolvedBy.map((r) => ({ when: r.when.map((m) => m.says), effect: r.effect }));
  return { id, description, expected, ...(later ? { later } : {}), resolvedBy: healing };
}
