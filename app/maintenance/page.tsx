import type { Metadata } from 'next';
import { can } from '@/lib/auth/permissions';
import { requirePageAccess } from '@/lib/auth/page-access';
import { describePrincipal } from '@/lib/auth/principal';
import { getEnv } from '@/lib/env';
import { getCatalog } from '@/lib/server/catalog';
import { MaintenanceBoard } from './_components/maintenance-board';

export const metadata: Metadata = { title: 'Maintenance windows' };

/** Maintenance windows (issue 19): schedule one for sections or services, approve long ones, end them. */
export default async function MaintenancePage() {
  const principal = await requirePageAccess('section.read', '/maintenance');
  const env = getEnv();
  const sections = [...getCatalog().byId.values()].map((s) => ({ id: s.id, title: s.title }));
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Maintenance windows</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted">
          A window silences the alerts of its sections (label <code>section</code>) or services (label <code>service</code>) in Alertmanager from its start to its end; the sections show
          “in maintenance” on the overview and the wall meanwhile. A window longer than {env.MAINTENANCE_APPROVAL_OVER} waits for a second person&apos;s approval. It counts as active only while
          Alertmanager holds its silence.
        </p>
      </header>
      <MaintenanceBoard
        sections={sections}
        me={describePrincipal(principal)}
        maySchedule={can(principal.role, 'maintenance.schedule')}
        mayApprove={can(principal.role, 'maintenance.approve')}
        approvalOver={env.MAINTENANCE_APPROVAL_OVER}
      />
    </div>
  );
}
