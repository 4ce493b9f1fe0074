'use client';

import { useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { needsApproval, needsReason } from '@/lib/actions/resolve';
import type { Action } from '@/lib/catalog/schema';
import { ConsoleApiError } from '@/lib/client/api';
import { describeActionError, postRun } from '@/lib/client/action-api';
import { createIdempotencyKey } from '@/lib/client/idempotency-key';
import { Button } from '@/components/ui/button';
import { ActionParamsForm } from './action-params-form';
import { initialParamValues, readParamValues, type ParamValues } from './action-params';
import { ActionPreviewPanel } from './action-preview-panel';
import type { ParamSuggestion } from './param-suggestions';
import { chooseConfirmLabel } from './step-action';
import { useActionPreview } from './use-action-preview';
import { MaintenanceWarning } from '@/components/maintenance-warning';

type Props = {
  sectionId: string;
  stepId: string;
  action: Action;
  severity: string;
  onRequested: (runId: string) => void;
  onCancel: () => void;
  /** Choices the section's live state points to (the open breaker): preselected until the person chooses. */
  suggestions?: Record<string, ParamSuggestion>;
};

/**
 * Preview → confirm. The confirm sends the parameters and version of the preview on screen, with
 * one idempotency key per intent: a double click or a resend after a lost answer gets the same run back.
 */
export function ActionRequestForm({ sectionId, stepId, action, severity, onRequested, onCancel, suggestions = {} }: Props) {
  const [values, setValues] = useState<ParamValues>(() => ({ ...initialParamValues(action), ...Object.fromEntries(Object.entries(suggestions).map(([name, s]) => [name, s.value])) }));
  // Validation is said once the person has been at an input, or tried to confirm; never on a form just opened.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [suggested, setSuggested] = useState<ReadonlySet<string>>(() => new Set(Object.keys(suggestions)));
  const [idempotencyKey, setIdempotencyKey] = useState(createIdempotencyKey);
  const [attempt, setAttempt] = useState(0);
  const [reason, setReason] = useState('');
  const [durationMinutes, setDurationMinutes] = useState(action.temporary?.defaultMinutes ?? null);
  const [sending, setSending] = useState(false);
  const [confirmError, setConfirmError] = useState<unknown>(null);
  const read = useMemo(() => readParamValues(action, values), [action, values]);
  const shownErrors = submitted ? read.errors : Object.fromEntries(Object.entries(read.errors).filter(([name]) => touched.has(name)));

  // The live state answered after the dialog opened: its choice fills what the person has not touched yet, once.
  const pending = Object.entries(suggestions).filter(([name]) => !suggested.has(name) && !touched.has(name));
  // (Adjusted while rendering, React's way for state that follows a prop, rather than in an effect.)
  if (pending.length > 0) {
    setValues((current) => ({ ...current, ...Object.fromEntries(pending.map(([name, s]) => [name, s.value])) }));
    setSuggested((current) => new Set([...current, ...pending.map(([name]) => name)]));
  }
  const { preview, previewedParams, previous, loading, error: previewError } = useActionPreview(sectionId, stepId, read.params, attempt);

  // The page knows the live severity; when it cannot (unknown), the server's 400 on `reason` asks instead.
  const serverAskedReason = confirmError instanceof ConsoleApiError && confirmError.field === 'reason';
  const reasonNeeded = needsReason(action, severity) || serverAskedReason;
  const approvalNeeded = preview?.needsApproval ?? needsApproval(action);
  const conflict = confirmError instanceof ConsoleApiError && confirmError.status === 409;
  // No answer: the request may or may not have been made. Resending carries the same key, so it cannot run twice.
  const unanswered = confirmError instanceof ConsoleApiError && confirmError.status === null;
  const confirmLabel = chooseConfirmLabel(action.kind, approvalNeeded);

  function touch(name: string) {
    setTouched((current) => (current.has(name) ? current : new Set([...current, name])));
  }

  function changeParam(name: string, value: string) {
    touch(name);
    setValues((current) => ({ ...current, [name]: value }));
    // Other parameters are another intent: a run already made with the old key must not be returned for them.
    setIdempotencyKey(createIdempotencyKey());
    setConfirmError(null);
  }

  function changeDuration(minutes: number) {
    setDurationMinutes(minutes);
    setIdempotencyKey(createIdempotencyKey());
    setConfirmError(null);
  }

  function previewAgain() {
    setConfirmError(null);
    setAttempt((n) => n + 1);
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (read.params === null) {
      // A confirm with a parameter missing or wrong: now every error is said, and the first input gets the focus.
      setSubmitted(true);
      const first = Object.keys(action.params).find((name) => read.errors[name]);
      if (first) document.getElementById(`param-${first}`)?.focus();
      return;
    }
    if (!preview || !previewedParams) return;
    setSending(true);
    setConfirmError(null);
    try {
      const { run } = await postRun({ section: sectionId, step: stepId, params: previewedParams, reason: reason.trim() || null, idempotencyKey, version: preview.version, durationMinutes });
      onRequested(run.id);
    } catch (error) {
      setConfirmError(error);
    } finally {
      setSending(false);
    }
  }

  // Enter in a parameter box must not change production: only a press on the confirm button does.
  function blockImplicitSubmit(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
  }

  return (
    <form onSubmit={confirm} onKeyDown={blockImplicitSubmit} className="space-y-4">
      <MaintenanceWarning sectionId={sectionId} />
      <ActionParamsForm action={action} values={values} errors={shownErrors} onChange={changeParam} onBlur={touch} suggestions={suggestions} />
      <ActionPreviewPanel preview={preview} previous={previous} loading={loading} error={previewError} waitingForParams={read.params === null} onPreviewAgain={previewAgain} />
      {action.temporary && durationMinutes !== null ? <DurationPicker temporary={action.temporary} value={durationMinutes} onChange={changeDuration} /> : null}
      {reasonNeeded ? (
        <div>
          <label htmlFor="action-reason" className="text-sm font-medium">
            Reason <span className="font-normal text-muted">(required for scaling and on a P0/P1 section; kept in the audit log)</span>
          </label>
          <textarea id="action-reason" name="reason" required maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} className="mt-1 block w-full rounded-md border border-line bg-canvas p-2 text-sm" />
        </div>
      ) : null}
      {confirmError ? (
        <div role="alert" data-testid="confirm-error" className="rounded-md border border-sev-p0/60 p-3 text-sm">
          <p className="flex items-start gap-1.5">
            <span aria-hidden="true" className="text-sev-p0">✕</span>
            <span>{describeActionError(confirmError)}</span>
          </p>
          {unanswered ? <p className="mt-1 text-muted">Pressing “{confirmLabel}” again is safe: it cannot run twice.</p> : null}
          {conflict ? (
            <Button size="sm" className="mt-2" onClick={previewAgain}>
              Preview again
            </Button>
          ) : null}
        </div>
      ) : null}
      <div className="flex flex-wrap items-center justify-end gap-2 border-t border-line pt-3">
        {sending ? <span role="status" className="mr-auto text-sm text-muted">Sending…</span> : null}
        <Button onClick={onCancel}>Cancel</Button>
        {/* Not disabled while sending: a second press resends the same key and gets the same run back. */}
        <Button type="submit" variant="primary" data-testid="action-confirm" disabled={read.params === null ? false : !preview || loading || conflict || Boolean(preview.nothingToChange)} aria-busy={sending}>
          {confirmLabel}
        </Button>
      </div>
    </form>
  );
}

const DURATIONS = [15, 30, 60, 120, 240, 480, 720, 1440];
const describeMinutes = (minutes: number) => (minutes < 60 ? `${minutes} minutes` : minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`);

/** How long a temporary change lasts: the console sets the previous values back when it runs out (issue 14 point 12). */
function DurationPicker({ temporary, value, onChange }: { temporary: NonNullable<Action['temporary']>; value: number; onChange: (minutes: number) => void }) {
  const options = [...new Set([...DURATIONS.filter((m) => m <= temporary.maxMinutes), temporary.defaultMinutes])].sort((a, b) => a - b);
  return (
    <div>
      <label htmlFor="action-duration" className="text-sm font-medium">
        Set back after <span className="font-normal text-muted">(the console writes the previous values back then; you can end it earlier)</span>
      </label>
      <select id="action-duration" name="durationMinutes" data-testid="action-duration" value={value} onChange={(e) => onChange(Number(e.target.value))} className="mt-1 block rounded-md border border-line bg-canvas p-1.5 text-sm">
        {options.map((minutes) => (
          <option key={minutes} value={minutes}>
            {describeMinutes(minutes)}
          </option>
        ))}
      </select>
    </div>
  );
}
