import type { NextRequest } from 'next/server';
import { fromZodError } from '@/lib/api/errors';
import { authorize } from '@/lib/auth/request-auth';
import { endMaintenanceSchema, maintenanceIdSchema } from '@/lib/maintenance/types';
import { maintenanceDeps } from '@/lib/server/maintenance/deps';
import { endMaintenance } from '@/lib/server/maintenance/windows';
import { refreshOverviewSoon } from '@/lib/server/overview-snapshot';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

/** Ends an active window, or cancels one not yet begun: its silences are expired in Alertmanager and read back. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store, actor } = await authorize(request, 'maintenance.schedule');
    const id = maintenanceIdSchema.safeParse((await params).id);
    if (!id.success) throw fromZodError(id.error, 'id');
    const input = await readJsonBody(request, endMaintenanceSchema);
    const window = await endMaintenance(store, maintenanceDeps(), actor, id.data, input);
    refreshOverviewSoon();
    return respondJson({ window });
  } catch (error) {
    return respondError(error);
  }
}
