import type { Action } from '@/lib/catalog/schema';
import { describeActionTarget } from '@/lib/client/action-format';

// Shared with the approvals page, which describes a stored run's target the same way.
export { describeActionTarget };

/**
 * The note shown where a button will be once the action kind is wired to execution:
 * "Button coming: rollout-restart on deployment/media-agent in voicehive; requires operator, approval by a second person".
 */
export function describeComingAction(action: Action): string {
  const approval = action.approval ? ', approval by a second person' : '';
  return `Button coming: ${action.kind} on ${describeActionTarget(action.target)}; requires ${action.role}${approval}`;
}
