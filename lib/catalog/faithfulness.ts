import type { Action, Section } from './schema';

/**
 * Checks across the whole catalog that a single section's schema cannot make: two buttons that would undo each
 * other, and commands from another deployment shown as if they ran here. Pure, run by the catalog's unit tests.
 */

type Where = { section: string; step: string };
const describe = (w: Where) => `${w.section}/${w.step}`;

/** The object and key a step writes a value to, or nothing for kinds that write no value of their own. */
function writtenKeys(action: Action): { object: string; key: string; value: string }[] {
  const { target, values } = action;
  if (action.kind === 'set-env') {
    return Object.entries(values).map(([key, value]) => ({ object: `deployment ${target.namespace}/${target.name} container ${target.container ?? target.name}`, key, value }));
  }
  if (action.kind === 'patch-configmap') {
    return Object.entries(values).map(([key, value]) => ({ object: `configmap ${target.namespace}/${target.name}`, key, value }));
  }
  if (action.kind === 'redis-set' && target.key && values.value !== undefined) return [{ object: `redis key ${target.key}`, key: 'value', value: values.value }];
  return [];
}

/**
 * What a value means to compare: a fixed string, or a parameter with its bounds and default (a `{name}`
 * placeholder), so two buttons offering the same bounded choice agree and a fixed 50 against a fixed 100 do not.
 */
function meaning(action: Action, value: string): string {
  const placeholder = /^\{(\w+)\}$/.exec(value)?.[1];
  if (placeholder && Object.hasOwn(action.params, placeholder)) return `a choice ${JSON.stringify(action.params[placeholder])}`;
  return JSON.stringify(value);
}

/** Two buttons that write different values (or different choices) to one key: pressing one undoes the other. */
export function findConflictingWrites(sections: Section[]): string[] {
  const seen = new Map<string, { where: Where; meaning: string }>();
  const problems: string[] = [];
  for (const section of sections) {
    for (const step of section.resolution) {
      if (!step.action) continue;
      for (const write of writtenKeys(step.action)) {
        const slot = `${write.object} key ${write.key}`;
        const here = { where: { section: section.id, step: step.id }, meaning: meaning(step.action, write.value) };
        const first = seen.get(slot);
        if (!first) seen.set(slot, here);
        else if (first.meaning !== here.meaning) {
          problems.push(`${slot}: ${describe(first.where)} writes ${first.meaning} but ${describe(here.where)} writes ${here.meaning}; one value per key (the seed's), or the same bounded parameter`);
        }
      }
    }
  }
  return problems;
}

/**
 * Commands written for another deployment (runbooks 002 and 003 describe a docker-compose host): docker-compose,
 * docker, systemctl, and commands on the host's own files, processes and ports, which nobody can run against this
 * Kubernetes estate as written.
 */
const hostCommandPatterns: [RegExp, string][] = [
  [/\bdocker-compose\b/, 'docker-compose'],
  [/\bdocker\s/, 'docker'],
  [/\bsystemctl\b|\bsudo\b|\bapt\b|\blogrotate\b/, 'a host service command'],
  [/\blocalhost:\d+/, 'a port on the host (localhost)'],
  [/(^|[\s"'(])(\.\/)?(logs|backups|data)\/|\/backups\b|\.env\b/m, "a file on the host's disk"],
  [/\bsqlite3\b/, "the docker-compose estate's SQLite file"],
  [/^\s*(h?top|iotop|free|df|du|ps|netstat)\b/m, 'a process or disk listing on the host'],
];

export function hostCommandKind(command: string): string | null {
  // Inside a pod (`kubectl exec … -- curl localhost:8000`), localhost is the pod's own.
  const patterns = /\bkubectl\s+exec\b/.test(command) ? hostCommandPatterns.filter(([, kind]) => !kind.includes('localhost')) : hostCommandPatterns;
  return patterns.find(([pattern]) => pattern.test(command))?.[1] ?? null;
}

/**
 * A command shown without its Kubernetes equivalent: every command the console shows first must run on this
 * estate (kubectl against namespace voicehive), with a host command kept only as the seed's original below it.
 */
export function findHostCommandsShown(sections: Section[]): string[] {
  const problems: string[] = [];
  for (const section of sections) {
    const entries = [
      ...section.resolution.map((step) => ({ where: `${section.id} step ${step.id}`, command: step.command, seed: step.seedCommand })),
      ...section.diagnosis.map((item, index) => ({ where: `${section.id} diagnosis ${index} (${item.title})`, command: item.command, seed: item.seedCommand })),
    ];
    for (const { where, command, seed } of entries) {
      const shown = command ? hostCommandKind(command) : null;
      if (shown) problems.push(`${where}: shows ${shown} without a Kubernetes equivalent; put the kubectl command first and keep this one as seedCommand`);
      if (seed && !command) problems.push(`${where}: keeps the seed's command but shows no command of this estate before it`);
      if (seed && command && !/\bkubectl\b/.test(command)) problems.push(`${where}: the command shown before the seed's is not a kubectl command`);
    }
  }
  return problems;
}
