import type { Change } from '@/lib/actions/diff';
import { formatChangeValue } from './action-format';

/** What an approver needs to know about the time between the request and now (issue 15 point 5). */
export type SinceRequest = {
  /** Fields whose current value is not what the requester's preview started from ("spec.replicas was 3, is 4"). */
  moved: { path: string; then: string; now: string }[];
  /** Fields the change now touches that it did not (or no longer touches). */
  added: string[];
  removed: string[];
  /** Warnings a preview gives now that the requester was not shown, and ones that no longer apply. */
  newWarnings: string[];
  goneWarnings: string[];
  unchanged: boolean;
};

/**
 * Compares the preview the request was made on with one made now. The state a change starts from is what
 * matters (its `before`): a restart's new timestamp differs on every preview and is not a change of the estate.
 */
export function compareSinceRequest(requested: { changes: Change[]; warnings: string[] }, now: { changes: Change[]; warnings: string[] }): SinceRequest {
  const before = new Map(requested.changes.map((c) => [c.path, c]));
  const after = new Map(now.changes.map((c) => [c.path, c]));
  const moved = [...after.values()].flatMap((c) => {
    const then = before.get(c.path);
    if (!then || formatChangeValue(then.before) === formatChangeValue(c.before)) return [];
    return [{ path: c.path, then: formatChangeValue(then.before), now: formatChangeValue(c.before) }];
  });
  const added = [...after.keys()].filter((path) => !before.has(path));
  const removed = [...before.keys()].filter((path) => !after.has(path));
  const newWarnings = now.warnings.filter((w) => !requested.warnings.includes(w));
  const goneWarnings = requested.warnings.filter((w) => !now.warnings.includes(w));
  return { moved, added, removed, newWarnings, goneWarnings, unchanged: moved.length + added.length + removed.length + newWarnings.length + goneWarnings.length === 0 };
}

/** The change in one line, for a confirmation that names it: "spec.replicas 3 → 5 on deployment/orchestrator in voicehive". */
export function nameChange(changes: Change[], target: string): string {
  if (changes.length === 0) return `no field change on ${target}`;
  const shown = changes.slice(0, 3).map((c) => `${c.path} ${formatChangeValue(c.before)} → ${formatChangeValue(c.after)}`);
  return `${shown.join(', ')}${changes.length > 3 ? ` and ${changes.length - 3} more` : ''} on ${target}`;
}
