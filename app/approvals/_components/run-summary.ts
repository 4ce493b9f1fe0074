import type { Action } from '@/lib/catalog/schema';
import { describeActionTarget, formatParams, parseRunJson, readRunDiff, readRunMessage } from '@/lib/client/action-format';
import type { ActionRun } from '@/lib/server/store/schema';

/** A stored run's JSON fields read once for display; a field that cannot be read shows as such, not as a crash. */
export function summarizeRun(run: ActionRun) {
  return {
    target: describeActionTarget(parseRunJson<Action['target']>(run.target, {})),
    params: formatParams(parseRunJson<Record<string, unknown>>(run.params, {})),
    diff: readRunDiff(run.diff),
    message: readRunMessage(run.result),
  };
}
