import '@/lib/client/zod-jitless'; // before the params schema parses in the browser (CSP: no eval)
import { buildParamsSchema } from '@/lib/actions/params';
import type { RunRequestBody } from '@/lib/api/action-schemas';
import type { Action } from '@/lib/catalog/schema';

/** What the inputs hold: text, as a form gives it. */
export type ParamValues = Record<string, string>;
/** The body's `params`, as the request schema types it. */
export type ActionParams = RunRequestBody['params'];
export type ReadParams = { params: ActionParams | null; errors: Record<string, string> };

/** The catalog's defaults; an enum without one starts unchosen, so nobody acts on the first entry by accident. */
export function initialParamValues(action: Action): ParamValues {
  return Object.fromEntries(Object.entries(action.params).map(([name, spec]) => [name, 'default' in spec && spec.default !== undefined ? String(spec.default) : '']));
}

function convert(spec: Action['params'][string], text: string): unknown {
  const value = text.trim();
  if (value === '') return undefined;
  if (spec.type === 'integer') return /^-?\d+$/.test(value) ? Number(value) : value;
  if (spec.type === 'ip-list') return value.split(/[\s,]+/).filter(Boolean);
  return value;
}

/**
 * The inputs as the body the server expects, checked with the server's own schema so a bad value is
 * explained beside its input before any preview is asked for. `params` is null while any is invalid.
 */
export function readParamValues(action: Action, values: ParamValues): ReadParams {
  const raw: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.params)) {
    const value = convert(spec, values[name] ?? '');
    if (value === undefined) errors[name] = spec.type === 'enum' ? 'choose one' : 'is required';
    else raw[name] = value;
  }
  const parsed = buildParamsSchema(action).safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      errors[name] ??= typeof raw[name] === 'string' && action.params[name]?.type === 'integer' ? 'must be a whole number' : issue.message;
    }
  }
  return Object.keys(errors).length > 0 ? { params: null, errors } : { params: (parsed.data ?? raw) as ActionParams, errors };
}
