'use client';

import { useState } from 'react';
import { describeAlertState, readAlertSeverity } from '@/lib/alerts/present';
import type { ConsoleAlert } from '@/lib/alerts/types';
import { describeActionError } from '@/lib/client/action-api';
import type { AlertsResponse } from '@/lib/client/alerts-api';
import { useAcknowledgement } from '@/lib/client/use-alerts';
import { formatClock } from '@/lib/format';
import { RelativeTime } from '@/components/relative-time';
import { SeverityBadge } from '@/components/severity-badge';
import { Button } from '@/components/ui/button';
import { AlertAckForm } from './alert-ack-form';

type Props = { alert: ConsoleAlert; settings: Pick<AlertsResponse, 'canAcknowledge' | 'ackDefaultMs' | 'ackMaxMs'>; mayAcknowledge: boolean; openIncidentId?: string | null };

/** One active alert: what it says, since when, and who acknowledged it (or a way to). */
export function AlertRow({ alert, settings, mayAcknowledge, openIncidentId = null }: Props) {
  const { acknowledge, end } = useAcknowledgement(alert.fingerprint);
  const [asking, setAsking] = useState(false);
  const canAct = settings.canAcknowledge && mayAcknowledge;
  const state = describeAlertState(alert);
  return (
    <li data-testid="alert-row" data-fingerprint={alert.fingerprint} data-state={alert.state} className="px-4 py-3 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={readAlertSeverity(alert)} size="sm" />
        <span className="font-semibold">{alert.name}</span>
        <span data-testid="alert-state" title={state.detail ?? undefined} className="text-xs text-muted">
          {state.word} · <RelativeTime at={alert.startsAt} prefix="since " />
        </span>
      </p>
      {alert.summary ? <p className="mt-0.5 text-muted">{alert.summary}</p> : null}
      {alert.ack ? (
        <div data-testid="alert-ack" className="mt-1 flex flex-wrap items-center gap-2 text-xs">
          <span>
            <span aria-hidden="true">✓ </span>
            Acknowledged by <strong>{alert.ack.by}</strong>, <RelativeTime at={alert.ack.at} suffix=" ago" /> · until {formatClock(alert.ack.until).slice(0, 5)} · “{alert.ack.comment}”
          </span>
          {canAct && alert.ack.endable ? (
            <Button size="sm" onClick={() => end.mutate(alert.ack!.silenceId)} disabled={end.isPending} aria-busy={end.isPending}>
              End acknowledgement
            </Button>
          ) : null}
          {!alert.ack.endable ? <span className="text-muted">(a wider silence in Alertmanager: it is ended there)</span> : null}
        </div>
      ) : canAct && !asking ? (
        <Button size="sm" className="mt-1" data-testid="ack-button" onClick={() => setAsking(true)}>
          Acknowledge
        </Button>
      ) : null}
      {end.error ? (
        <p role="alert" className="mt-1 text-xs text-sev-p0">
          {describeActionError(end.error)}
        </p>
      ) : null}
      {asking && !alert.ack ? <AlertAckForm alertName={alert.fingerprint} ackDefaultMs={settings.ackDefaultMs} ackMaxMs={settings.ackMaxMs} acknowledge={acknowledge} openIncidentId={openIncidentId} onDone={() => setAsking(false)} /> : null}
    </li>
  );
}
