import type { LatencyShape } from './random';
import { pmsVendors, type BackupStore, type Breaker, type CallFailureReason, type Deployment, type PmsVendor, type Queue } from './topology';

/**
 * What the estate is doing, as the knobs a scenario turns. Rates are per second at the daily peak
 * unless the name says otherwise; ratios are fractions of the relevant traffic.
 */
export interface Conditions {
  callSuccessRatio: number;
  /** Weights of the `reason` label among failed calls. */
  callFailureReasons: Partial<Record<CallFailureReason, number>>;
  asrLatency: LatencyShape;
  ttsTtfb: LatencyShape;
  llmLatency: LatencyShape;
  responseLatency: LatencyShape;
  apiLatency: LatencyShape;
  /** Riva GPU utilisation at peak, in percent. */
  gpuUtilPercent: number;
  livekitUp: boolean;
  http5xxRatio: number;
  http429Ratio: number;
  http401Ratio: number;
  /** Not diurnal: failed logins of real users are few at any hour. */
  authFailuresPerSecond: number;
  /** Credential stuffing: extra requests, each a 401 and an auth failure; attackers keep no office hours. */
  attackRequestsPerSecond: number;
  pmsFailure: Record<PmsVendor, { error: number; timeout: number }>;
  /** Vendors whose API token the connectors hold has expired: every call to them is answered 401 (the vendor itself is fine). */
  pmsTokenExpired: readonly PmsVendor[];
  /**
   * Vendors whose `ratelimit:{vendor}` key a limiter bug left over the limit with no expiry. The
   * limiter (rate-limit/) SETs the key on the switch; from then on the key's value, not this list,
   * decides whether calls are refused, and the list empties when the limiter sees the key cleared.
   */
  pmsRateLimitStuck: readonly PmsVendor[];
  breakers: Record<Breaker, 0 | 1 | 2>;
  gdprViolationsPerSecond: number;
  piiDetectionsPerSecond: number;
  /** Stores whose backups stopped: the age of their last success at the moment the scenario began. */
  staleBackups: Partial<Record<BackupStore, number>>;
  /** Deployments whose /targets/<service>/metrics answers 503. */
  targetsDown: readonly Deployment[];
  /** Where each queue's ready-message count drifts to. */
  queueReady: Record<Queue, number>;
  /** Queues whose workers stopped consuming (003 "Workers Not Processing"): 0 consumers. */
  queuesWithoutConsumers: readonly Queue[];
  dnsServfailRatio: number;
  redisUp: boolean;
  pgUp: boolean;
  /** Client connections as a fraction of max_connections. */
  pgConnectionsRatio: number;
  /** A deployment with one container in an OOMKilled crash loop. */
  oomDeployment: Deployment | null;
  /** One filesystem held at this free fraction. */
  lowDisk: { instance: string; mountpoint: string; freeRatio: number } | null;
}

const healthyPms = { error: 0.003, timeout: 0.002 };

export const healthyConditions: Conditions = {
  callSuccessRatio: 0.993,
  callFailureReasons: { timeout: 3, asr: 1, tts: 1, llm: 1, pms: 1, sip: 1, livekit: 1 },
  asrLatency: { p95: 0.25, sigma: 0.3 },
  ttsTtfb: { p95: 0.3, sigma: 0.3 },
  llmLatency: { p95: 0.6, sigma: 0.35 },
  responseLatency: { p95: 0.9, sigma: 0.25 },
  apiLatency: { p95: 0.4, sigma: 0.5 },
  gpuUtilPercent: 55,
  livekitUp: true,
  http5xxRatio: 0.002,
  http429Ratio: 0.005,
  http401Ratio: 0.01,
  authFailuresPerSecond: 0.2,
  attackRequestsPerSecond: 0,
  pmsFailure: Object.fromEntries(pmsVendors.map((vendor) => [vendor, healthyPms])) as Record<PmsVendor, { error: number; timeout: number }>,
  pmsTokenExpired: [],
  pmsRateLimitStuck: [],
  breakers: { pms_connector: 0, tts: 0, llm: 0 },
  gdprViolationsPerSecond: 0,
  piiDetectionsPerSecond: 0,
  staleBackups: {},
  targetsDown: [],
  queueReady: { calls: 40, transcripts: 25, notifications: 10 },
  queuesWithoutConsumers: [],
  dnsServfailRatio: 0.001,
  redisUp: true,
  pgUp: true,
  pgConnectionsRatio: 0.35,
  oomDeployment: null,
  lowDisk: null,
};
