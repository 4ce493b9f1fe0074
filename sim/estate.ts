import { Registry } from 'prom-client';
import { createApiModel } from './api-model';
import { healthyConditions, type Conditions } from './conditions';
import { isSequenceMet, type Remedy } from './kube/remedies';
import { createDatastoreModel } from './datastore-model';
import type { EstateModel, ModelDeps } from './model';
import { createPlatformModel } from './platform-model';
import { createPmsModel } from './pms-model';
import { createRandom, createTally, getDailyShape } from './random';
import { createPmsRateLimiter, type PmsRateLimiter } from './rate-limit/limiter';
import { createMemoryRateLimitStore, type RateLimitStore } from './rate-limit/store';
import { findScenario, getScenarioConditions } from './scenarios';
import { createServiceTargets, type ServiceTarget } from './targets';
import { deployments, namePods, workloads, type Deployment } from './topology';
import { createVoiceModel } from './voice-model';
import { createWorkloadModel } from './workload-model';

export interface EstateOptions {
  /** Same seed, same clock readings → same series. */
  seed?: number;
  scenario?: string;
  /** Clock in epoch milliseconds; injectable so tests can run hours of estate in a moment. */
  now?: () => number;
  /** Where the connectors' rate-limit counters live (default: in memory, on `now`). */
  rateLimits?: RateLimitStore;
}

export interface Estate {
  /** Every series of the metrics contract (not the global prom-client registry). */
  registry: Registry;
  /** The per-deployment scrape targets behind /targets/<service>/metrics. */
  targets: ReadonlyMap<string, ServiceTarget>;
  /** Advances the estate to the clock's current time. */
  tick(): void;
  /** Throws UnknownScenarioError for an id that is not in the scenario list. */
  setScenario(id: string): void;
  getScenario(): { id: string; sinceMs: number };
  getConditions(): Conditions;
  isTargetUp(service: string): boolean;
  /** Pod names per deployment as the metrics name them (the Kubernetes double seeds its pods with them). */
  pods: Readonly<Record<Deployment, readonly string[]>>;
  /**
   * Reports a change made through the Kubernetes double; the current scenario's resolutions it
   * completes heal the conditions. Returns what they did (empty when nothing healed).
   */
  remediate(remedy: Remedy): string[];
  /** Remedies reported since the scenario began. */
  getRemedies(): readonly Remedy[];
  /** Called after every scenario switch (the Kubernetes double re-seeds the cluster). */
  onScenarioChange(listener: (id: string) => void): void;
  /** Called after a remedy healed part of the scenario, with the new conditions and when. */
  onRemedied(listener: (conditions: Conditions, atMs: number) => void): void;
  /** The connectors' per-vendor rate-limit counters (`ratelimit:{vendor}`). */
  rateLimits: RateLimitStore;
  pmsLimiter: PmsRateLimiter;
}

export class UnknownScenarioError extends Error {
  constructor(readonly id: string) {
    super(`unknown scenario "${id}"`);
    this.name = 'UnknownScenarioError';
  }
}

/** A tick after a long pause (a suspended laptop) would dump hours of events at once; cap it. */
const MAX_TICK_SECONDS = 60;
/** Remedies kept per scenario: enough for any runbook sequence, bounded for a long demo. */
const MAX_REMEDIES = 200;

export function createEstate({ seed = 1, scenario = 'healthy', now = Date.now, rateLimits = createMemoryRateLimitStore({ now }) }: EstateOptions = {}): Estate {
  if (!findScenario(scenario)) throw new UnknownScenarioError(scenario);
  const random = createRandom(seed);
  const registry = new Registry();
  const pods = Object.fromEntries(deployments.map((d) => [d, namePods(d, workloads[d].replicas, random.next)])) as Record<Deployment, string[]>;
  // A cleared stuck key is reported like any other remedy (the scenario's resolution says what it ends).
  const pmsLimiter = createPmsRateLimiter(rateLimits, { onCleared: (key) => void remediate({ kind: 'redis-del', key }) });
  const deps: ModelDeps = { registry, random, nowMs: now(), pods, pmsLimiter };
  const models: EstateModel[] = [createVoiceModel, createApiModel, createPmsModel, createWorkloadModel, createDatastoreModel, createPlatformModel].map((create) => create(deps));
  const targets = createServiceTargets();
  const count = createTally();

  let current = { id: scenario, sinceMs: now() };
  let conditions = getScenarioConditions(scenario);
  let lastTickMs = now();
  let remedies: Remedy[] = [];
  let healed = new Set<number>();
  const listeners: ((id: string) => void)[] = [];
  const remediedListeners: ((conditions: Conditions, atMs: number) => void)[] = [];

  const tick = () => {
    const nowMs = now();
    const dt = Math.min(MAX_TICK_SECONDS, Math.max(0, (nowMs - lastTickMs) / 1000));
    lastTickMs = nowMs;
    const ctx = { dt, nowMs, sinceMs: current.sinceMs, shape: getDailyShape(nowMs), conditions, random, count };
    for (const model of models) model.tick(ctx);
    pmsLimiter.flush();
  };
  pmsLimiter.reseed(conditions.pmsRateLimitStuck);
  tick(); // dt 0: sets every gauge, so the first scrape is complete.

  function remediate(remedy: Remedy): string[] {
    remedies.push(remedy);
    if (remedies.length > MAX_REMEDIES) remedies.shift();
    const effects: string[] = [];
    findScenario(current.id)?.resolvedBy?.forEach((resolution, index) => {
      if (healed.has(index) || !isSequenceMet(resolution.when, remedies)) return;
      if (effects.length === 0) tick(); // the time so far belongs to the unhealed estate
      healed.add(index);
      conditions = resolution.heal(conditions, healthyConditions);
      effects.push(resolution.effect);
    });
    if (effects.length > 0) {
      tick();
      for (const listener of remediedListeners) listener(conditions, now());
    }
    return effects;
  }

  return {
    registry,
    targets,
    tick,
    setScenario(id) {
      if (!findScenario(id)) throw new UnknownScenarioError(id);
      tick(); // the time so far belongs to the old scenario
      conditions = getScenarioConditions(id);
      current = { id, sinceMs: now() };
      remedies = [];
      healed = new Set();
      pmsLimiter.reseed(conditions.pmsRateLimitStuck);
      tick(); // dt 0: gauges show the new scenario from the very next scrape
      for (const listener of listeners) listener(id);
    },
    getScenario: () => ({ ...current }),
    getConditions: () => conditions,
    isTargetUp: (service) => !conditions.targetsDown.some((down) => down === service),
    pods,
    remediate,
    getRemedies: () => [...remedies],
    onScenarioChange(listener) {
      listeners.push(listener);
    },
    onRemedied(listener) {
      remediedListeners.push(listener);
    },
    rateLimits,
    pmsLimiter,
  };
}
