import { Counter, Gauge, Histogram } from 'prom-client';
import type { Conditions } from './conditions';
import type { EstateModel, ModelDeps, TickContext } from './model';
import { getRateLimitedCounter, LATENCY_BUCKETS } from './model';
import { sampleLatency } from './random';
import { apiServices, breakers, NAMESPACE } from './topology';

const namespace = NAMESPACE;
const rateLimitScopes: readonly (readonly [string, number])[] = [['user', 0.6], ['ip', 0.3], ['vendor', 0.1]];
const httpCodes = ['200', '201', '500', '502', '503', '429', '401', '400', '404'];
const authMethods: readonly (readonly [string, number])[] = [['jwt', 0.7], ['api_key', 0.3]];

/** Share of requests per status code; whatever the faults leave over is answered 200/201. */
function splitByCode(c: Conditions): [string, number][] {
  const faults: [string, number][] = [
    ['500', c.http5xxRatio * 0.6], ['502', c.http5xxRatio * 0.2], ['503', c.http5xxRatio * 0.2],
    ['429', c.http429Ratio], ['401', c.http401Ratio], ['400', 0.004], ['404', 0.006],
  ];
  const ok = Math.max(0, 1 - faults.reduce((sum, [, share]) => sum + share, 0));
  return [['200', ok * 0.9], ['201', ok * 0.1], ...faults];
}

/** The HTTP API of every service: status codes, latency, authentication, rate limits, breakers. */
export function createApiModel({ registry }: ModelDeps): EstateModel {
  const registers = [registry];
  const requests = new Counter({ name: 'voicehive_http_requests_total', help: 'API requests by status code.', labelNames: ['namespace', 'service', 'code'] as const, registers });
  const duration = new Histogram({ name: 'voicehive_http_request_duration_seconds', help: 'API latency.', labelNames: ['namespace', 'service'] as const, buckets: LATENCY_BUCKETS, registers });
  const authFailures = new Counter({ name: 'voicehive_auth_failures_total', help: 'Failed authentications.', labelNames: ['namespace', 'method'] as const, registers });
  const rateLimited = getRateLimitedCounter(registry);
  const breakerState = new Gauge({ name: 'voicehive_circuit_breaker_state', help: '0 closed, 1 half-open, 2 open.', labelNames: ['namespace', 'breaker'] as const, registers });

  for (const [service] of apiServices) {
    duration.zero({ namespace, service });
    for (const code of httpCodes) requests.inc({ namespace, service, code }, 0);
  }
  for (const [method] of authMethods) authFailures.inc({ namespace, method }, 0);
  for (const [scope] of rateLimitScopes) rateLimited.inc({ namespace, scope }, 0);

  return {
    tick({ dt, shape, conditions: c, random, count }: TickContext) {
      const shares = splitByCode(c);
      for (const [service, peakRate] of apiServices) {
        const expected = peakRate * shape * dt * Math.max(0, 1 + 0.03 * random.normal());
        let served = 0;
        for (const [code, share] of shares) {
          const n = count(`http-${service}-${code}`, expected * share);
          requests.inc({ namespace, service, code }, n);
          served += n;
        }
        for (let i = 0; i < served; i++) duration.observe({ namespace, service }, sampleLatency(random, c.apiLatency));
      }
      const limited = apiServices.reduce((sum, [, peakRate]) => sum + peakRate, 0) * shape * dt * c.http429Ratio;
      for (const [scope, share] of rateLimitScopes) rateLimited.inc({ namespace, scope }, count(`rl-${scope}`, limited * share));

      // Attack traffic: login attempts answered 401 quickly, each one a failed authentication.
      const attacks = count('attack', c.attackRequestsPerSecond * dt);
      requests.inc({ namespace, service: 'orchestrator', code: '401' }, attacks);
      for (let i = 0; i < attacks; i++) duration.observe({ namespace, service: 'orchestrator' }, random.between(0.01, 0.06));
      for (const [method, share] of authMethods) {
        const userFailures = c.authFailuresPerSecond * dt * share;
        authFailures.inc({ namespace, method }, count(`auth-${method}`, userFailures + (attacks * 0.5)));
      }
      for (const breaker of breakers) breakerState.set({ namespace, breaker }, c.breakers[breaker]);
    },
  };
}
