'use client';

import { selectSectionAlerts } from '@/lib/alerts/present';
import { can, type PrincipalRole } from '@/lib/auth/permissions';
import { useAlerts } from '@/lib/client/use-alerts';
import { Card, CardHeader } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { AlertRow } from './alert-row';

/**
 * The section's active alerts (the ones that page people), each with its acknowledgement. A failed read
 * says so: an empty list would claim nothing is paging.
 */
export function AlertsCard({ sectionId, role, pollMs, openIncidentId = null }: { sectionId: string; role: PrincipalRole; pollMs: number; openIncidentId?: string | null }) {
  const { data, error, isPending } = useAlerts(pollMs);
  const alerts = data ? selectSectionAlerts(data.alerts ?? [], sectionId) : [];
  const source = data?.source === 'prometheus' ? 'Prometheus (no Alertmanager: acknowledging is off)' : 'Alertmanager';
  return (
    <Card as="section" aria-labelledby="alerts-heading" data-testid="alerts-card" data-state={error && !data ? 'error' : isPending ? 'loading' : 'ready'}>
      <CardHeader id="alerts-heading" title={`Alerts${data ? ` (${alerts.length})` : ''}`}>
        {data ? <span className="text-xs text-muted">from {source}</span> : null}
      </CardHeader>
      {isPending ? <Skeleton className="m-4 h-10" /> : null}
      {error ? (
        <p role="status" className="px-4 py-3 text-sm">
          <span aria-hidden="true">? </span>
          {data ? `Alerts not refreshed: ${error}` : `Alerts cannot be read: ${error}`}
        </p>
      ) : null}
      {data && !error && alerts.length === 0 ? <p className="px-4 py-3 text-sm text-muted">No active alert for this section.</p> : null}
      {alerts.length > 0 ? (
        <ul className="divide-y divide-line">
          {alerts.map((alert) => (
            <AlertRow key={alert.fingerprint} alert={alert} settings={data!} mayAcknowledge={can(role, 'alert.ack')} openIncidentId={openIncidentId} />
          ))}
        </ul>
      ) : null}
      {data && alerts.length > 0 && !can(role, 'alert.ack') ? <p className="px-4 pb-3 text-xs text-muted">Acknowledging needs the operator role.</p> : null}
    </Card>
  );
}
