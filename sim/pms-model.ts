import { Counter, Histogram } from 'prom-client';
import type { EstateModel, ModelDeps, TickContext } from './model';
import { LATENCY_BUCKETS } from './model';
import { sampleLatency } from './random';
import { NAMESPACE, pmsVendors } from './topology';

const namespace = NAMESPACE;
const PEAK_REQUESTS_PER_VENDOR = 15;
const PMS_TIMEOUT_SECONDS = 10;
const UNAUTHORIZED_SHARE = 0.0005;
const okLatency = { p95: 0.6, sigma: 0.4 };
const outcomes = ['ok', 'error', 'timeout', 'unauthorized'] as const;

/** Calls from the connectors to each hotel's PMS. */
export function createPmsModel({ registry }: ModelDeps): EstateModel {
  const registers = [registry];
  const requests = new Counter({ name: 'voicehive_pms_requests_total', help: 'PMS API calls.', labelNames: ['namespace', 'vendor', 'outcome'] as const, registers });
  const duration = new Histogram({ name: 'voicehive_pms_request_duration_seconds', help: 'PMS API latency.', labelNames: ['namespace', 'vendor'] as const, buckets: LATENCY_BUCKETS, registers });
  for (const vendor of pmsVendors) {
    duration.zero({ namespace, vendor });
    for (const outcome of outcomes) requests.inc({ namespace, vendor, outcome }, 0);
  }

  return {
    tick({ dt, shape, conditions: c, random, count }: TickContext) {
      for (const vendor of pmsVendors) {
        const failure = c.pmsFailure[vendor];
        const expected = PEAK_REQUESTS_PER_VENDOR * shape * dt * Math.max(0, 1 + 0.03 * random.normal());
        const shares = { error: failure.error, timeout: failure.timeout, unauthorized: UNAUTHORIZED_SHARE };
        const ok = Math.max(0, 1 - shares.error - shares.timeout - shares.unauthorized);
        const n = {
          ok: count(`pms-${vendor}-ok`, expected * ok),
          error: count(`pms-${vendor}-error`, expected * shares.error),
          timeout: count(`pms-${vendor}-timeout`, expected * shares.timeout),
          unauthorized: count(`pms-${vendor}-unauthorized`, expected * shares.unauthorized),
        };
        for (const outcome of outcomes) requests.inc({ namespace, vendor, outcome }, n[outcome]);
        // A timeout is observed at the client's timeout; everything else answers on its own time.
        for (let i = 0; i < n.ok + n.error + n.unauthorized; i++) duration.observe({ namespace, vendor }, sampleLatency(random, okLatency));
        for (let i = 0; i < n.timeout; i++) duration.observe({ namespace, vendor }, PMS_TIMEOUT_SECONDS + random.between(0, 0.05));
      }
    },
  };
}
