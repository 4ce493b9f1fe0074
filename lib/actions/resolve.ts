import { ApiError } from '@/lib/api/errors';
import type { Action, Section, Step } from '@/lib/catalog/schema';
import { buildParamsSchema } from './params';

export type ResolvedTarget = { namespace?: string; resource?: string; name?: string; selector?: string; container?: string; key?: string; service?: string; path?: string; statusPath?: string };

/** One action as the server will run it: catalog entry, checked parameters and the concrete target. */
export type ResolvedAction = {
  section: Section;
  step: Step & { action: Action };
  action: Action;
  params: Record<string, unknown>;
  target: ResolvedTarget;
};

/** `{name}` placeholders in a target take a parameter's value; only enum or checked parameters get here. */
function renderTemplate(text: string | undefined, params: Record<string, unknown>): string | undefined {
  if (text === undefined) return undefined;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new ApiError('bad-request', `params.${name}: is required`, `params.${name}`);
    // A list (of checked addresses) is written as kubectl users write one in a ConfigMap: comma-separated.
    return Array.isArray(value) ? value.join(',') : String(value);
  });
}

/**
 * Looks an action up by section and step id (the only way a browser names one) and checks its
 * parameters. The target comes from the catalog, never from the request.
 */
export function resolveAction(sections: ReadonlyMap<string, Section>, sectionId: string, stepId: string, rawParams: unknown): ResolvedAction {
  const section = sections.get(sectionId);
  if (!section) throw new ApiError('not-found', `section: no runbook section "${sectionId}"`, 'section');
  const step = section.resolution.find((s) => s.id === stepId);
  if (!step) throw new ApiError('not-found', `step: section "${sectionId}" has no step "${stepId}"`, 'step');
  if (!step.action) throw new ApiError('bad-request', `step: "${step.title}" is a manual step, with no button`, 'step');
  const parsed = buildParamsSchema(step.action).safeParse(rawParams ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['params', ...(issue?.path ?? [])].join('.');
    throw new ApiError('bad-request', `${field}: ${issue?.message ?? 'invalid'}`, field);
  }
  const params = parsed.data;
  const target = Object.fromEntries(Object.entries(step.action.target).map(([key, value]) => [key, renderTemplate(value, params)])) as ResolvedTarget;
  // The values the change writes, with the person's parameters in them: what they chose reaches the change.
  const values = Object.fromEntries(Object.entries(step.action.values).map(([key, value]) => [key, renderTemplate(value, params)!]));
  return { section, step: step as Step & { action: Action }, action: { ...step.action, values }, params, target };
}

/** Every scaling needs a second person by default (DESIGN: "approving scaling"), whatever the catalog says. */
export function needsApproval(action: Action): boolean {
  return action.approval || action.kind === 'scale';
}

/** A typed reason is asked for scaling and for any action on a P0/P1 section. */
export function needsReason(action: Action, sectionSeverity: string): boolean {
  return action.kind === 'scale' || sectionSeverity === 'P0' || sectionSeverity === 'P1';
}
