'use client';

import type { Action } from '@/lib/catalog/schema';
import type { ParamValues } from './action-params';
import type { ParamSuggestion } from './param-suggestions';

const inputClass = 'mt-1 block h-9 w-full rounded-md border border-line bg-canvas px-2 text-sm aria-[invalid=true]:border-sev-p0';

const hints: Partial<Record<Action['params'][string]['type'], string>> = {
  'ipv4-or-ipv6': 'an IPv4 or IPv6 address',
  'numeric-id': 'a numeric id',
  'ip-list': 'addresses separated by commas or spaces',
};

type Props = {
  action: Action;
  values: ParamValues;
  /** The errors to show now: only of inputs touched, or all after a confirm was tried (issue 15 point 12). */
  errors: Record<string, string>;
  onChange: (name: string, value: string) => void;
  /** Leaving an input marks it touched; so does a confirm the browser refused for it (its `invalid` event). */
  onBlur?: (name: string) => void;
  /** What the live state preselected, said beside the input while it holds that value. */
  suggestions?: Record<string, ParamSuggestion>;
};

/** The parameters a person may choose, with the catalog's bounds on the inputs and the server's checks beside them. */
export function ActionParamsForm({ action, values, errors, onChange, onBlur, suggestions = {} }: Props) {
  const entries = Object.entries(action.params);
  if (entries.length === 0) return null;
  return (
    <fieldset className="space-y-3">
      <legend className="text-xs font-semibold tracking-wider text-muted uppercase">Parameters</legend>
      {entries.map(([name, spec]) => {
        const id = `param-${name}`;
        const error = errors[name];
        const common = { id, name, value: values[name] ?? '', 'aria-invalid': error ? true : undefined, 'aria-describedby': `${id}-hint`, className: inputClass, onBlur: () => onBlur?.(name), onInvalid: () => onBlur?.(name) };
        const suggested = suggestions[name]?.value === values[name] ? suggestions[name] : undefined;
        const hint = suggested ? suggested.why : spec.type === 'integer' ? `${spec.min}–${spec.max}${spec.default !== undefined ? `, default ${spec.default}` : ''}` : (hints[spec.type] ?? null);
        return (
          <div key={name}>
            <label htmlFor={id} className="text-sm font-medium">
              {name}
            </label>
            {spec.type === 'integer' ? (
              <input {...common} type="number" inputMode="numeric" min={spec.min} max={spec.max} step={1} required onChange={(e) => onChange(name, e.target.value)} />
            ) : spec.type === 'enum' ? (
              <select {...common} required onChange={(e) => onChange(name, e.target.value)}>
                {spec.default === undefined ? <option value="">Choose…</option> : null}
                {spec.values.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            ) : (
              <input {...common} type="text" autoComplete="off" spellCheck={false} required onChange={(e) => onChange(name, e.target.value)} />
            )}
            <p id={`${id}-hint`} data-testid="param-hint" data-suggested={suggested ? 'true' : undefined} className={`mt-1 text-xs ${error ? 'text-sev-p0' : 'text-muted'}`}>
              {error ? `${name} ${error}` : hint}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
