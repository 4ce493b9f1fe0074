import type { NextRequest } from 'next/server';
import { fromZodError } from '@/lib/api/errors';
import { authorize } from '@/lib/auth/request-auth';
import { maintenanceDecisionSchema, maintenanceIdSchema } from '@/lib/maintenance/types';
import { maintenanceDeps } from '@/lib/server/maintenance/deps';
import { decideMaintenance } from '@/lib/server/maintenance/windows';
import { refreshOverviewSoon } from '@/lib/server/overview-snapshot';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

/** A second person approves (silences made and read back) or rejects a window longer than the configured time. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store, actor } = await authorize(request, 'maintenance.approve');
    const id = maintenanceIdSchema.safeParse((await params).id);
    if (!id.success) throw fromZodError(id.error, 'id');
    const input = await readJsonBody(request, maintenanceDecisionSchema);
    const window = await decideMaintenance(store, maintenanceDeps(), actor, id.data, input);
    refreshOverviewSoon();
    return respondJson({ window });
  } catch (error) {
    return respondError(error);
  }
}
