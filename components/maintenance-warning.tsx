'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { fetchSectionMaintenance, maintenanceQueryKeys } from '@/lib/client/maintenance-api';
import { Icon } from '@/components/ui/icon';

const when = (at: number) => new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Issue 19: a remediation on a section a maintenance window covers (open: active, scheduled or awaiting approval)
 * says so before it is requested and when it is approved: alerts are silenced meanwhile, someone may be working on it.
 * Nothing when there is none; a read that fails says it could not check, never that there is none.
 */
export function MaintenanceWarning({ sectionId }: { sectionId: string }) {
  const query = useQuery({ queryKey: maintenanceQueryKeys.section(sectionId), queryFn: ({ signal }) => fetchSectionMaintenance(sectionId, signal), staleTime: 10_000 });
  if (query.isPending) return null;
  if (query.error) return <p className="text-xs text-muted">Maintenance windows could not be checked.</p>;
  if (query.data.length === 0) return null;
  return (
    <div role="note" data-testid="maintenance-warning" className="rounded-md border border-maintenance bg-maintenance/10 p-3 text-sm">
      {query.data.map((w) => (
        <p key={w.id} className="flex items-start gap-1.5">
          <Icon name="wrench" className="mt-0.5 size-3.5 text-maintenance" />
          <span>
            <strong>{w.state === 'active' ? 'A maintenance window is open' : w.state === 'scheduled' ? 'A maintenance window is scheduled' : 'A maintenance window awaits approval'}</strong> on this section: {when(w.startsAt)} →{' '}
            {when(w.endsAt)}, by {w.createdBy} — “{w.reason}”. Its alerts are silenced meanwhile.{' '}
            <Link href="/maintenance" className="text-accent hover:underline">
              {w.id}
            </Link>
          </span>
        </p>
      ))}
    </div>
  );
}
