/**
 * What the simulator reports to the estate once an operator's change has taken effect, and how a
 * scenario says which of those end it. Shared by `scenarios.ts` (the data) and the reporters (the
 * Kubernetes double, the services' admin endpoints in admin/, the PMS rate limiter in rate-limit/),
 * so a runbook button heals a section only through the same change kubectl, curl or redis-cli makes.
 */

import type { Conditions } from '../conditions';

/** Why a deployment's pods were all replaced: the restart annotation, a return to an older ReplicaSet's template, another template change, or deleted pods. */
export type RolloutTrigger = 'restart' | 'undo' | 'template' | 'delete-pods';

export type Remedy =
  /** Every pod of a deployment was replaced and the rollout converged. */
  | { kind: 'rollout'; namespace: string; deployment: string; trigger: RolloutTrigger }
  /** A deployment runs `replicas` pods after a scale change. */
  | { kind: 'scale'; namespace: string; deployment: string; replicas: number }
  /** A container's literal env after the rollout of a template change that changed it. */
  | { kind: 'set-env'; namespace: string; deployment: string; container: string; env: Readonly<Record<string, string>> }
  /** A ConfigMap's data after a persisted patch. */
  | { kind: 'patch-configmap'; namespace: string; name: string; data: Readonly<Record<string, string>> }
  /** A deleted pod's replacement (or, for a StatefulSet, the pod re-created under its name) is ready. */
  | { kind: 'delete-pod'; namespace: string; pod: string; labels: Readonly<Record<string, string>>; lastTerminated?: string }
  /** A Job created from a CronJob completed. */
  | { kind: 'run-job'; namespace: string; cronjob: string; job: string }
  /** A service's admin endpoint answered a POST (`path` as the catalog writes it, under the service's admin base). */
  | { kind: 'admin-post'; service: string; path: string }
  /** A Redis key the simulator had left stuck (no expiry) was found cleared. */
  | { kind: 'redis-del'; key: string };

/** One condition on a remedy, with the words the README's table uses for it. */
export interface RemedyMatcher {
  says: string;
  test(remedy: Remedy): boolean;
}

/**
 * One way out of a scenario: when the remedies in `when` have all happened, in that order, `heal`
 * turns the estate's conditions (partly) back to healthy. Several resolutions can add up.
 */
export interface Resolution {
  when: readonly RemedyMatcher[];
  /** What it does to the metrics, for the README. */
  effect: string;
  heal(conditions: Conditions, healthy: Conditions): Conditions;
}

const NS = 'voicehive';

/** Pods replaced by a restart (by default also by deleting them all, as `kubectl delete pods -l app=…` does). */
export function restarted(deployment: string, { namespace = NS, via = ['restart', 'delete-pods'] }: { namespace?: string; via?: readonly RolloutTrigger[] } = {}): RemedyMatcher {
  const how = via.includes('delete-pods') ? ' (or all its pods deleted)' : '';
  const says = via.includes('template') ? `any rollout of deployment/${deployment} -n ${namespace} (restart, undo, set env, all pods deleted)` : `rollout restart deployment/${deployment} -n ${namespace}${how}`;
  return {
    says,
    test: (r) => r.kind === 'rollout' && r.namespace === namespace && r.deployment === deployment && via.includes(r.trigger),
  };
}

export function rolledBack(deployment: string, namespace = NS): RemedyMatcher {
  return {
    says: `rollout undo deployment/${deployment} -n ${namespace}`,
    test: (r) => r.kind === 'rollout' && r.namespace === namespace && r.deployment === deployment && r.trigger === 'undo',
  };
}

/** Scaled to at least (`min`) or at most (`max`) some replicas. */
export function scaled(deployment: string, bound: { min?: number; max?: number }, namespace = NS): RemedyMatcher {
  const range = bound.min !== undefined ? `≥ ${bound.min}` : `≤ ${bound.max}`;
  return {
    says: `scale deployment/${deployment} -n ${namespace} to ${range} replicas`,
    test: (r) =>
      r.kind === 'scale' && r.namespace === namespace && r.deployment === deployment && r.replicas >= (bound.min ?? 0) && r.replicas <= (bound.max ?? Infinity),
  };
}

export function envSet(deployment: string, env: Record<string, string>, namespace = NS, container = deployment): RemedyMatcher {
  const pairs = Object.entries(env);
  return {
    says: `set env deployment/${deployment} -c ${container} ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`,
    test: (r) => r.kind === 'set-env' && r.namespace === namespace && r.deployment === deployment && r.container === container && pairs.every(([k, v]) => r.env[k] === v),
  };
}

/** A ConfigMap key set to a value (`atLeast`: a number no lower than it; `contains`: a list holding one of them). */
export function configSet(name: string, key: string, want: { equals?: string; atLeast?: number; containsAny?: readonly string[] }, namespace = NS): RemedyMatcher {
  const wanted = want.equals !== undefined ? `"${want.equals}"` : want.atLeast !== undefined ? `≥ ${want.atLeast}` : `listing one of ${want.containsAny?.join(', ')}`;
  const accepts = (value: string | undefined): boolean => {
    if (value === undefined) return false;
    if (want.equals !== undefined) return value === want.equals;
    if (want.atLeast !== undefined) return Number(value) >= want.atLeast;
    const items = value.split(',').map((item) => item.trim());
    return (want.containsAny ?? []).some((item) => items.includes(item));
  };
  return {
    says: `patch configmap ${name} -n ${namespace}: ${key} ${wanted}`,
    test: (r) => r.kind === 'patch-configmap' && r.namespace === namespace && r.name === name && accepts(r.data[key]),
  };
}

/** A pod deleted, picked by name, label or why its container last terminated (e.g. OOMKilled). */
export function podDeleted(description: string, match: { name?: string; app?: string; lastTerminated?: string }, namespace = NS): RemedyMatcher {
  return {
    says: `delete pod ${description} -n ${namespace}`,
    test: (r) =>
      r.kind === 'delete-pod' &&
      r.namespace === namespace &&
      (match.name === undefined || r.pod === match.name) &&
      (match.app === undefined || r.labels.app === match.app) &&
      (match.lastTerminated === undefined || r.lastTerminated === match.lastTerminated),
  };
}

export function jobRunFrom(cronjob: string, namespace = NS): RemedyMatcher {
  return {
    says: `create job --from=cronjob/${cronjob} -n ${namespace} (and it completes)`,
    test: (r) => r.kind === 'run-job' && r.namespace === namespace && r.cronjob === cronjob,
  };
}

/** A POST to a service's admin endpoint (what the console's http-post buttons send). */
export function adminPosted(service: string, path: string): RemedyMatcher {
  return {
    says: `POST ${path} to the ${service} admin API`,
    test: (r) => r.kind === 'admin-post' && r.service === service && r.path === path,
  };
}

/** A Redis key deleted (what the console's redis-del buttons run). */
export function keyDeleted(key: string): RemedyMatcher {
  return { says: `redis-cli DEL ${key} (Redis, not Kubernetes)`, test: (r) => r.kind === 'redis-del' && r.key === key };
}

/** True when the matchers are met by remedies of `history` in their order (others may come between). */
export function isSequenceMet(when: readonly RemedyMatcher[], history: readonly Remedy[]): boolean {
  let next = 0;
  for (const remedy of history) {
    if (next < when.length && when[next]!.test(remedy)) next++;
  }
  return next === when.length;
}
