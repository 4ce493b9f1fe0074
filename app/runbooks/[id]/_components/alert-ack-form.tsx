'use client';

import { useState, type FormEvent } from 'react';
import { formatMinutes, listAckDurations } from '@/lib/alerts/present';
import { describeActionError } from '@/lib/client/action-api';
import type { useAcknowledgement } from '@/lib/client/use-alerts';
import { Button } from '@/components/ui/button';

type Props = { alertName: string; ackDefaultMs: number; ackMaxMs: number; acknowledge: ReturnType<typeof useAcknowledgement>['acknowledge']; onDone: () => void; openIncidentId?: string | null };

/** What is being done about the alert, and for how long it is silenced: both kept in Alertmanager and the audit log. */
export function AlertAckForm({ alertName, ackDefaultMs, ackMaxMs, acknowledge, onDone, openIncidentId = null }: Props) {
  const durations = listAckDurations(ackDefaultMs, ackMaxMs);
  const [comment, setComment] = useState('');
  const [minutes, setMinutes] = useState(() => durations.find((d) => d.isDefault)?.minutes ?? durations[0]?.minutes ?? 60);
  const id = `ack-${alertName}`;
  // Within an open incident the acknowledgement is kept alive until its recovery unless the person says otherwise.
  const [keepAlive, setKeepAlive] = useState(openIncidentId !== null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    acknowledge.mutate({ comment: comment.trim(), durationMinutes: minutes, ...(keepAlive && openIncidentId ? { keepAliveFor: openIncidentId } : {}) }, { onSuccess: onDone });
  }

  return (
    <form onSubmit={submit} data-testid="alert-ack-form" className="mt-2 space-y-2 rounded-md border border-line p-2">
      <label htmlFor={`${id}-comment`} className="block text-xs font-medium">
        What is being done <span className="font-normal text-muted">(kept with the acknowledgement)</span>
      </label>
      <textarea id={`${id}-comment`} required maxLength={500} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} className="block w-full rounded-md border border-line bg-canvas p-2 text-sm" />
      <label htmlFor={`${id}-duration`} className="block text-xs font-medium">
        For
      </label>
      <select id={`${id}-duration`} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} className="block h-8 rounded-md border border-line bg-canvas px-2 text-sm">
        {durations.map((d) => (
          <option key={d.minutes} value={d.minutes}>
            {formatMinutes(d.minutes)}
          </option>
        ))}
      </select>
      {openIncidentId ? (
        <label className="flex items-start gap-2 text-xs">
          <input type="checkbox" data-testid="ack-keep-alive" checked={keepAlive} onChange={(e) => setKeepAlive(e.target.checked)} className="mt-0.5" />
          <span>
            Keep it alive until {openIncidentId} recovers <span className="text-muted">(extended while the alert fires, ended when the incident is resolved)</span>
          </span>
        </label>
      ) : null}
      {acknowledge.error ? (
        <p role="alert" className="text-sm text-sev-p0">
          {describeActionError(acknowledge.error)}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button size="sm" onClick={onDone}>
          Cancel
        </Button>
        <Button size="sm" type="submit" variant="primary" disabled={comment.trim() === '' || acknowledge.isPending} aria-busy={acknowledge.isPending}>
          Acknowledge
        </Button>
      </div>
    </form>
  );
}
