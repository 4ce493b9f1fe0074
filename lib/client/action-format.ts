import type { Change } from '@/lib/actions/diff';
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

/** One side of a change as a reviewer reads it: absent fields say so, text is shown bare, structures as JSON. */
export function formatChangeValue(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (value === '') return '""';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** "spec.replicas: 3 → 5" */
export function formatChangeLine(change: Change): string {
  return `${change.path}: ${formatChangeValue(change.before)} → ${formatChangeValue(change.after)}`;
}

/** "replicas = 5, deployment = orchestrator", or null when the action takes none. */
export function formatParams(params: Record<string, unknown>): string | null {
  const entries = Object.entries(params);
  if (entries.length === 0) return null;
  return entries.map(([name, value]) => `${name} = ${Array.isArray(value) ? value.join(', ') : formatChangeValue(value)}`).join('; ');
}

/**
 * A run row keeps target, params and diff as JSON text. A row this page cannot read is shown as such
 * rather than breaking the whole list of requests an approver has to decide on.
 */
export function parseRunJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function readRunDiff(diff: string): Change[] {
  const parsed = parseRunJson<unknown>(diff, []);
  return Array.isArray(parsed) ? (parsed as Change[]).filter((c) => typeof c === 'object' && c !== null && typeof c.path === 'string') : [];
}

/** The message an executed (or ended) run recorded, if any. */
export function readRunMessage(result: string | null): string | null {
  const parsed = parseRunJson<{ message?: unknown } | null>(result, null);
  return parsed && typeof parsed.message === 'string' ? parsed.message : null;
}
