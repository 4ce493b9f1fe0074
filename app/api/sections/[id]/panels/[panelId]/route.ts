import type { NextRequest } from 'next/server';
import { ApiError, fromZodError } from '@/lib/api/errors';
import { panelIdSchema, panelQuerySchema, sectionIdSchema } from '@/lib/api/schemas';
import { authorize } from '@/lib/auth/request-auth';
import { getChartSnapshot } from '@/lib/server/panel-snapshots';
import { getCatalog } from '@/lib/server/catalog';
import { respondError } from '@/lib/server/respond';
import { respondSnapshot } from '@/lib/server/snapshot';

/**
 * A timeseries panel's data over a chosen range; the query comes from the catalog, never the request. Served from
 * the chart's snapshot (refreshed once per interval while viewed, lib/server/panel-snapshots.ts): ETag and 304, its
 * age in x-snapshot-age-ms, and a failed refresh as the last value with `refreshError`.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; panelId: string }> }) {
  try {
    await authorize(request, 'section.read');
    const raw = await params;
    const id = sectionIdSchema.safeParse(raw.id);
    if (!id.success) throw fromZodError(id.error, 'id');
    const panelId = panelIdSchema.safeParse(raw.panelId);
    if (!panelId.success) throw fromZodError(panelId.error, 'panelId');
    const query = panelQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!query.success) throw fromZodError(query.error, 'query');

    const section = getCatalog().byId.get(id.data);
    if (!section) throw new ApiError('not-found', `id: no runbook section "${id.data}"`, 'id');
    const panel = section.panels.find((p) => p.id === panelId.data);
    if (!panel) throw new ApiError('not-found', `panelId: section "${id.data}" has no panel "${panelId.data}"`, 'panelId');
    if (panel.kind !== 'timeseries') throw new ApiError('bad-request', `panelId: "${panel.id}" is a ${panel.kind} panel, not a chart`, 'panelId');

    return respondSnapshot(await getChartSnapshot(section, panel, query.data.range), request.headers.get('if-none-match'));
  } catch (error) {
    return respondError(error);
  }
}
