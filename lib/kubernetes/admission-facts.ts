// What the catalog lets the console change inside the objects RBAC lets it touch: the facts the
// admission policy (admission-policy.ts) is generated from. Pure.
import type { Section } from '@/lib/catalog/schema';
import { expandTargetNames } from './rbac-needs';

/** `namespace/name` (of a deployment, a ConfigMap, a CronJob or a pod). */
export type ObjectKey = string;

export type AdmissionFacts = {
  /** Deployments whose pod template a step restarts (the restartedAt annotation). */
  restarted: Set<ObjectKey>;
  /** `namespace/deployment/container` → variable → value a set-env step writes. */
  env: Map<string, Map<string, string>>;
  /** Deployments a rollout-undo step may take back to an earlier template. */
  undone: Set<ObjectKey>;
  /** Deployment → the replica bounds of its scale steps. */
  scaled: Map<ObjectKey, [number, number]>;
  /** ConfigMap → key → the values steps write, or 'any' when a person's parameter decides it. */
  configMaps: Map<ObjectKey, Map<string, Set<string> | 'any'>>;
  /**
   * ConfigMap → key → the highest whole number a temporary step's key may be set back to: a temporary raise
   * (a rate limit) is set back to the value it found, which no catalog knows, so the policy bounds it instead.
   */
  configMapCeilings: Map<ObjectKey, Map<string, number>>;
  /** CronJobs a step creates Jobs from. */
  cronJobs: Set<ObjectKey>;
  /** Pods a step deletes by name. */
  podNames: Set<ObjectKey>;
  /** namespace → the label selectors of the steps that delete the pods they pick. */
  podSelectors: Map<string, Set<string>>;
};

export function collectAdmissionFacts(sections: readonly Section[]): AdmissionFacts {
  const facts: AdmissionFacts = { restarted: new Set(), env: new Map(), undone: new Set(), scaled: new Map(), configMaps: new Map(), configMapCeilings: new Map(), cronJobs: new Set(), podNames: new Set(), podSelectors: new Map() };
  for (const section of sections) {
    for (const step of section.resolution) {
      const action = step.action;
      if (!action) continue;
      const namespace = action.target.namespace ?? 'voicehive';
      const keys = expandTargetNames(action).map((name) => `${namespace}/${name}`);
      switch (action.kind) {
        case 'rollout-restart':
          keys.forEach((k) => facts.restarted.add(k));
          break;
        case 'rollout-undo':
          keys.forEach((k) => facts.undone.add(k));
          break;
        case 'set-env':
          for (const key of keys) {
            const container = `${key}/${action.target.container ?? key.split('/')[1]}`;
            const vars = facts.env.get(container) ?? new Map<string, string>();
            for (const [name, value] of Object.entries(action.values)) {
              if (vars.has(name) && vars.get(name) !== value) throw new Error(`${section.id}/${step.id}: ${name} on ${container} is set to two values by the catalog`);
              vars.set(name, value);
            }
            facts.env.set(container, vars);
          }
          break;
        case 'scale': {
          const spec = action.params.replicas;
          if (!spec || spec.type !== 'integer') throw new Error(`${section.id}/${step.id}: a scale step needs an integer replicas parameter`);
          for (const key of keys) {
            const [min, max] = facts.scaled.get(key) ?? [spec.min, spec.max];
            facts.scaled.set(key, [Math.min(min, spec.min), Math.max(max, spec.max)]);
          }
          break;
        }
        case 'patch-configmap':
          for (const key of keys) {
            const values = facts.configMaps.get(key) ?? new Map<string, Set<string> | 'any'>();
            for (const [k, v] of Object.entries(action.values)) {
              const known = values.get(k);
              if (known !== 'any') values.set(k, new Set([...(known ?? []), v]));
            }
            // A parameter named like a key fills it: its value is the person's (bounded by the parameter's type).
            for (const k of Object.keys(action.params)) values.set(k, 'any');
            if (action.temporary) {
              const ceilings = facts.configMapCeilings.get(key) ?? new Map<string, number>();
              for (const [k, v] of Object.entries(action.values)) {
                if (!/^\d+$/.test(v)) throw new Error(`${section.id}/${step.id}: a temporary ConfigMap value must be a whole number (the policy lets it be set back to one at most as high), not ${JSON.stringify(v)}`);
                ceilings.set(k, Math.max(ceilings.get(k) ?? 0, Number(v)));
              }
              facts.configMapCeilings.set(key, ceilings);
            }
            facts.configMaps.set(key, values);
          }
          break;
        case 'create-job-from-cronjob':
          keys.forEach((k) => facts.cronJobs.add(k));
          break;
        case 'delete-pods':
          if (keys.length > 0) keys.forEach((k) => facts.podNames.add(k));
          else if (action.target.selector) facts.podSelectors.set(namespace, new Set([...(facts.podSelectors.get(namespace) ?? []), action.target.selector]));
          break;
        default:
          break;
      }
    }
  }
  return facts;
}
