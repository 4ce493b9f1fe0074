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
