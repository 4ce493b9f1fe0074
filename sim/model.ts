import { Counter, type Registry } from 'prom-client';
import type { Conditions } from './conditions';
import type { Random } from './random';
import type { PmsRateLimiter } from './rate-limit/limiter';
import type { Deployment } from './topology';

/** What every part of the estate sees on each tick. */
export interface TickContext {
  /** Seconds since the previous tick (measured, so timer drift does not skew rates). */
  dt: number;
  nowMs: number;
  /** When the current scenario began. */
  sinceMs: number;
  /** Traffic multiplier for the hour of day, 0.35..1. */
  shape: number;
  conditions: Conditions;
  random: Random;
  /** Whole events for an expected fractional count; see createTally. */
  count(key: string, expected: number): number;
}

export interface ModelDeps {
  registry: Registry;
  random: Random;
  nowMs: number;
  /** Pod names per deployment, shared so DCGM's `pod` matches kube-state-metrics'. */
  pods: Record<Deployment, readonly string[]>;
  /** The connectors' per-vendor rate limiter (its counters in Redis or in memory). */
  pmsLimiter: PmsRateLimiter;
}

/** One part of the estate: registers its series at creation, moves them on each tick. */
export interface EstateModel {
  tick(ctx: TickContext): void;
}

/** Latency buckets with a boundary on every contract threshold (0.5, 1.5, 3, 5 s), so
 * histogram_quantile's interpolation can never put a value on the wrong side of one. */
export const LATENCY_BUCKETS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.9, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 10, 15, 30];

/**
 * `voicehive_rate_limited_total{scope}`: the API model counts 429s by scope and the PMS model the
 * calls our vendor limiter refuses (scope "vendor"), into the one counter a registry can hold.
 */
export function getRateLimitedCounter(registry: Registry): Counter<'namespace' | 'scope'> {
  const existing = registry.getSingleMetric('voicehive_rate_limited_total');
  if (existing) return existing as Counter<'namespace' | 'scope'>;
  return new Counter({ name: 'voicehive_rate_limited_total', help: 'Requests answered 429.', labelNames: ['namespace', 'scope'] as const, registers: [registry] });
}
