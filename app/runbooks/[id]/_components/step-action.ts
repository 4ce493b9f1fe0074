import { can, roleOrder, type PrincipalRole } from '@/lib/auth/permissions';
import type { Action } from '@/lib/catalog/schema';

/**
 * How a resolution step is shown: as today's manual step while its kind has no executor; otherwise as a
 * button, disabled with the role it needs for someone below it. Hiding is never the check: the API checks.
 */
export type StepControl = { kind: 'manual' } | { kind: 'button'; enabled: true } | { kind: 'button'; enabled: false; note: string };

export function decideStepControl(action: Action | undefined, role: PrincipalRole, isWired: (kind: Action['kind']) => boolean): StepControl {
  if (!action || !isWired(action.kind)) return { kind: 'manual' };
  const held = role === 'display' ? -1 : roleOrder.indexOf(role);
  if (can(role, 'action.request') && held >= roleOrder.indexOf(action.role)) return { kind: 'button', enabled: true };
  // A catalog may say "viewer", but nobody below operator may request anything (the permission table).
  const needed = action.role === 'viewer' ? 'operator' : action.role;
  return { kind: 'button', enabled: false, note: `needs ${needed}` };
}

const verbs: Record<Action['kind'], string> = {
  'rollout-restart': 'Restart',
  scale: 'Scale',
  'set-env': 'Set variable',
  'set-memory-limit': 'Set memory limit',
  'patch-configmap': 'Apply change',
  'delete-pods': 'Delete pods',
  'rollout-undo': 'Roll back',
  'create-job-from-cronjob': 'Start job',
  'redis-del': 'Delete key',
  'redis-set': 'Set key',
  'redis-flushdb': 'Flush database',
  'redis-memory-purge': 'Purge memory',
  'http-post': 'Send',
};

/** The confirm button says what happens when it is pressed: the change itself, or only a request for it. */
export function chooseConfirmLabel(kind: Action['kind'], approvalNeeded: boolean): string {
  return approvalNeeded ? 'Request approval' : verbs[kind];
}
