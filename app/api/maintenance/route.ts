import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { ApiError, fromZodError } from '@/lib/api/errors';
import { authorize } from '@/lib/auth/request-auth';
import { scheduleMaintenanceSchema } from '@/lib/maintenance/types';
import { getCatalog } from '@/lib/server/catalog';
import { maintenanceDeps } from '@/lib/server/maintenance/deps';
import { listMaintenance, openMaintenanceFor, scheduleMaintenance } from '@/lib/server/maintenance/windows';
import { refreshOverviewSoon } from '@/lib/server/overview-snapshot';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

const listQuery = z.strictObject({ section: z.string().regex(/^[a-z][a-z0-9-]*$/, 'not a section id').optional() });

/** Maintenance windows: open and of the last week; or the open ones covering one section (`section`). */
export async function GET(request: NextRequest) {
  try {
    const { store } = await authorize(request, 'section.read');
    const query = listQuery.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!query.success) throw fromZodError(query.error, 'query');
    const { section } = query.data;
    if (section !== undefined && !getCatalog().byId.has(section)) throw new ApiError('not-found', `section: no section ${section}`, 'section');
    const windows = section ? await openMaintenanceFor(store, section) : await listMaintenance(store);
    return respondJson({ windows });
  } catch (error) {
    return respondError(error);
  }
}

/** Schedules a window: Alertmanager silences on its sections/services, read back; long ones wait for approval. */
export async function POST(request: NextRequest) {
  try {
    const { store, actor } = await authorize(request, 'maintenance.schedule');
    const input = await readJsonBody(request, scheduleMaintenanceSchema);
    const window = await scheduleMaintenance(store, maintenanceDeps(), actor, input);
    refreshOverviewSoon();
    return respondJson({ window }, 201);
  } catch (error) {
    return respondError(error);
  }
}
