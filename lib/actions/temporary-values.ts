// Temporary changes (issue 14 point 12), the pure part: how long one lasts, and which values it replaced. The
// server keeps them (lib/actions/temporary.ts); the page offers the durations from the same catalog entry.
import { ApiError } from '@/lib/api/errors';
import type { Action } from '@/lib/catalog/schema';
import type { Bound } from './binding';

/**
 * The duration a request asks for, checked against the step: a temporary step gets its default when none is
 * chosen; any other step refuses one (its change stays until changed again, and saying otherwise would lie).
 */
export function chooseTemporaryMinutes(action: Action, title: string, requested: number | null | undefined): number | null {
  if (!action.temporary) {
    if (requested === null || requested === undefined) return null;
    throw new ApiError('bad-request', `durationMinutes: "${title}" is not a temporary change: it stays until it is changed again`, 'durationMinutes');
  }
  const minutes = requested ?? action.temporary.defaultMinutes;
  if (minutes > action.temporary.maxMinutes) throw new ApiError('bad-request', `durationMinutes: must be at most ${action.temporary.maxMinutes} minutes for "${title}"`, 'durationMinutes');
  return minutes;
}

/** Where a change's preview binds the current value of one of the names it writes (lib/actions/kubernetes/*). */
function boundKeyOf(kind: Action['kind'], bound: Bound, name: string): string | undefined {
  if (kind === 'patch-configmap') return `data.${name}`;
  if (kind === 'set-env') return Object.keys(bound).find((key) => key.endsWith(`.env[${name}].value`));
  return undefined;
}

/**
 * The values the names held when a preview read the object: for a temporary change, what it replaced (read
 * from the state the request was bound to) or what is there now (read from a fresh preview). null: not set.
 */
export function readBoundValues(kind: Action['kind'], bound: Bound, names: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(
    names.map((name) => {
      const key = boundKeyOf(kind, bound, name);
      const value = key === undefined ? undefined : bound[key];
      if (value !== null && typeof value !== 'string') throw new ApiError('internal', `the preview of a ${kind} did not read ${name} (${key ?? 'no bound field'})`);
      return [name, value];
    }),
  );
}

/** `NAME was a, now b` lines for the names whose value differs between two readings. */
export function describeDifferences(want: Record<string, string | null>, found: Record<string, string | null>): string[] {
  const show = (value: string | null | undefined) => (value === null || value === undefined ? '(not set)' : JSON.stringify(value));
  return Object.keys(want).flatMap((name) => (want[name] === found[name] ? [] : [`${name} is ${show(found[name])}, not ${show(want[name])}`]));
}
