import Link from 'next/link';
import type { ReactNode } from 'react';
import { AUDIT_LIMIT_DEFAULT, AUDIT_LIMIT_MAX, AUDIT_TEXT_MAX, auditActionPattern, auditOutcomes, type AuditFilterInput } from '@/lib/api/audit-schemas';

type Props = { values: AuditFilterInput; error: { field: string; message: string } | null };

const inputClass = 'h-9 w-full rounded-md border border-line bg-surface px-2 text-sm aria-invalid:border-sev-p0';

function Field({ name, label, hint, error, children }: { name: string; label: string; hint?: string; error: Props['error']; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <label htmlFor={`audit-${name}`} className="block text-xs font-medium text-muted">
        {label}
      </label>
      <div className="mt-1">{children}</div>
      {hint ? <p id={`audit-${name}-hint`} className="mt-0.5 text-[11px] text-muted">{hint}</p> : null}
      {error?.field === name ? <p className="mt-0.5 text-xs font-medium text-sev-p0">{error.message.replace(`${name}: `, '')}</p> : null}
    </div>
  );
}

/**
 * A plain GET form (works without JavaScript): the filters end up in the address, so a filtered view
 * can be bookmarked or shared. The limits come from the same schema the server checks with.
 */
export function AuditFilterForm({ values, error }: Props) {
  const invalid = (name: string) => (error?.field === name ? true : undefined);
  return (
    <form method="get" action="/audit" aria-label="Filter the audit log" className="rounded-lg border border-line bg-surface p-3">
      {error ? (
        <p role="alert" className="mb-3 rounded-md border border-sev-p0/60 bg-sev-p0/10 px-3 py-2 text-sm">
          <span aria-hidden="true" className="text-sev-p0">✕ </span>
          These filters cannot be used: {error.message}
        </p>
      ) : null}
      <div className="grid grid-cols-[repeat(auto-fill,minmax(170px,1fr))] items-start gap-3">
        <Field name="actor" label="Actor contains" error={error}>
          <input id="audit-actor" name="actor" defaultValue={values.actor} maxLength={AUDIT_TEXT_MAX} aria-invalid={invalid('actor')} className={inputClass} />
        </Field>
        <Field name="action" label="Action" hint="auth. for all auth actions" error={error}>
          <input id="audit-action" name="action" defaultValue={values.action} maxLength={AUDIT_TEXT_MAX} pattern={auditActionPattern} aria-describedby="audit-action-hint" aria-invalid={invalid('action')} spellCheck={false} className={`${inputClass} font-mono`} />
        </Field>
        <Field name="outcome" label="Outcome" error={error}>
          <select id="audit-outcome" name="outcome" defaultValue={values.outcome ?? ''} aria-invalid={invalid('outcome')} className={inputClass}>
            <option value="">any</option>
            {auditOutcomes.map((o) => (
              <option key={o} value={o}>{o}</option>
            ))}
          </select>
        </Field>
        <Field name="from" label="From (UTC)" hint="2025-01-31 or 2025-01-31T14:00" error={error}>
          <input id="audit-from" name="from" defaultValue={values.from} maxLength={40} aria-describedby="audit-from-hint" aria-invalid={invalid('from')} spellCheck={false} className={`${inputClass} font-mono`} />
        </Field>
        <Field name="to" label="To (UTC)" hint="a date alone means to its end" error={error}>
          <input id="audit-to" name="to" defaultValue={values.to} maxLength={40} aria-describedby="audit-to-hint" aria-invalid={invalid('to')} spellCheck={false} className={`${inputClass} font-mono`} />
        </Field>
        <Field name="limit" label="Per page" error={error}>
          <input id="audit-limit" name="limit" type="number" min={1} max={AUDIT_LIMIT_MAX} defaultValue={values.limit ?? AUDIT_LIMIT_DEFAULT} aria-invalid={invalid('limit')} className={`${inputClass} tabular-nums`} />
        </Field>
      </div>
      <div className="mt-3 flex items-center gap-3">
        <button type="submit" className="inline-flex h-9 items-center rounded-md border border-accent bg-accent px-3 text-sm font-medium text-white hover:opacity-90">
          Apply filters
        </button>
        <Link href="/audit" className="text-sm text-muted hover:text-fg hover:underline">
          Clear
        </Link>
      </div>
    </form>
  );
}
