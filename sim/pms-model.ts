import { Counter, Histogram } from 'prom-client';
import type { Conditions } from './conditions';
import type { EstateModel, ModelDeps, TickContext } from './model';
import { getRateLimitedCounter, LATENCY_BUCKETS } from './model';
import { sampleLatency } from './random';
import { NAMESPACE, pmsVendors, type PmsVendor } from './topology';

const namespace = NAMESPACE;
const PEAK_REQUESTS_PER_VENDOR = 15;
const PMS_TIMEOUT_SECONDS = 10;
const UNAUTHORIZED_SHARE = 0.0005;
const okLatency = { p95: 0.6, sigma: 0.4 };
const outcomes = ['ok', 'error', 'timeout', 'unauthorized'] as const;
type Outcomes = Record<(typeof outcomes)[number], number>;

/**
 * One tick's calls to a vendor by outcome. Our own rate limiter refuses before a call leaves (an
 * error to the caller); an expired token is refused by the vendor (401); else the scenario's shares.
 */
function splitCalls(vendor: PmsVendor, expected: number, c: Conditions, limited: boolean, count: TickContext['count']): Outcomes & { refused: number } {
  const none = { ok: 0, error: 0, timeout: 0, unauthorized: 0, refused: 0 };
  if (limited) {
    const refused = count(`pms-${vendor}-refused`, expected);
    return { ...none, error: refused, refused };
  }
  if (c.pmsTokenExpired.includes(vendor)) return { ...none, unauthorized: count(`pms-${vendor}-unauthorized`, expected) };
  const failure = c.pmsFailure[vendor];
  const shares = { error: failure.error, timeout: failure.timeout, unauthorized: UNAUTHORIZED_SHARE };
  const ok = Math.max(0, 1 - shares.error - shares.timeout - shares.unauthorized);
  return {
    ...none,
    ok: count(`pms-${vendor}-ok`, expected * ok),
    error: count(`pms-${vendor}-error`, expected * shares.error),
    timeout: count(`pms-${vendor}-timeout`, expected * shares.timeout),
    unauthorized: count(`pms-${vendor}-unauthorized`, expected * shares.unauthorized),
  };
}

/** Calls from the connectors to each hotel's PMS, through their per-vendor rate limiter. */
export function createPmsModel({ registry, pmsLimiter }: ModelDeps): EstateModel {
  const registers = [registry];
  const requests = new Counter({ name: 'voicehive_pms_requests_total', help: 'PMS API calls.', labelNames: ['namespace', 'vendor', 'outcome'] as const, registers });
  const duration = new Histogram({ name: 'voicehive_pms_request_duration_seconds', help: 'PMS API latency.', labelNames: ['namespace', 'vendor'] as const, buckets: LATENCY_BUCKETS, registers });
  const rateLimited = getRateLimitedCounter(registry);
  for (const vendor of pmsVendors) {
    duration.zero({ namespace, vendor });
    for (const outcome of outcomes) requests.inc({ namespace, vendor, outcome }, 0);
  }

  return {
    tick({ dt, shape, conditions: c, random, count }: TickContext) {
      for (const vendor of pmsVendors) {
        const expected = PEAK_REQUESTS_PER_VENDOR * shape * dt * Math.max(0, 1 + 0.03 * random.normal());
        const n = splitCalls(vendor, expected, c, pmsLimiter.isLimited(vendor), count);
        for (const outcome of outcomes) requests.inc({ namespace, vendor, outcome }, n[outcome]);
        rateLimited.inc({ namespace, scope: 'vendor' }, n.refused);
        pmsLimiter.record(vendor, n.ok + n.error + n.timeout + n.unauthorized);
        // A refusal is ours and instant; a timeout is observed at the client's timeout; the rest answer on their own time.
        for (let i = 0; i < n.refused; i++) duration.observe({ namespace, vendor }, random.between(0.001, 0.004));
        for (let i = 0; i < n.ok + n.error - n.refused + n.unauthorized; i++) duration.observe({ namespace, vendor }, sampleLatency(random, okLatency));
        for (let i = 0; i < n.timeout; i++) duration.observe({ namespace, vendor }, PMS_TIMEOUT_SECONDS + random.between(0, 0.05));
      }
    },
  };
}
