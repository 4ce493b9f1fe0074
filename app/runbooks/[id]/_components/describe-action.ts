import type { Action } from '@/lib/catalog/schema';

/** Where an action would act, in words: "deployment/media-agent in voicehive", "Redis key rate:*" … */
export function describeActionTarget(target: Action['target']): string {
  const parts: string[] = [];
  if (target.resource && target.name) parts.push(`${target.resource}/${target.name}`);
  else if (target.resource) parts.push(target.resource);
  else if (target.name) parts.push(target.name);
  if (target.selector) parts.push(`pods ${target.selector}`);
  if (target.container) parts.push(`container ${target.container}`);
  if (target.key) parts.push(`Redis key ${target.key}`);
  if (target.service) parts.push(`${target.service}${target.path ? ` ${target.path}` : ''}`);
  else if (target.path) parts.push(target.path);
  const where = parts.join(', ') || 'its configured target';
  return target.namespace ? `${where} in ${target.namespace}` : where;
}

/**
 * The note shown where a button will be once the action kind is wired to execution:
 * "Button coming: rollout-restart on deployment/media-agent in voicehive; requires operator, approval by a second person".
 */
export function describeComingAction(action: Action): string {
  const approval = action.approval ? ', approval by a second person' : '';
  return `Button coming: ${action.kind} on ${describeActionTarget(action.target)}; requires ${action.role}${approval}`;
}
