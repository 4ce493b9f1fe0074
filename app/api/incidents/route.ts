import type { NextRequest } from 'next/server';
import { declareSchema, incidentListQuerySchema } from '@/lib/api/incident-schemas';
import { fromZodError } from '@/lib/api/errors';
import { can } from '@/lib/auth/permissions';
import { authorize } from '@/lib/auth/request-auth';
import { listIncidents } from '@/lib/incidents/records';
import { toWallIncident } from '@/lib/incidents/types';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';
import { declareFromRequest } from '@/lib/server/incidents/service';

/** Incidents, open first, filtered. A display gets the open ones as the wall shows them, nothing more. */
export async function GET(request: NextRequest) {
  try {
    const { store, principal } = await authorize(request, 'incident.read');
    if (!can(principal.role, 'section.read')) return respondJson({ incidents: (await listIncidents(store.db, { openOnly: true })).map(toWallIncident) });
    const parsed = incidentListQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!parsed.success) throw fromZodError(parsed.error, 'query');
    const q = parsed.data;
    const incidents = await listIncidents(store.db, {
      ...(q.status === 'open' ? { openOnly: true } : { status: q.status }),
      severity: q.severity,
      section: q.section,
      from: q.from ? Date.parse(`${q.from}T00:00:00Z`) : undefined,
      to: q.to ? Date.parse(`${q.to}T23:59:59.999Z`) : undefined,
      text: q.q,
    });
    return respondJson({ incidents });
  } catch (error) {
    return respondError(error);
  }
}

/** Declares an incident; a section that already has an open one gets that one back (200, created: false). */
export async function POST(request: NextRequest) {
  try {
    const context = await authorize(request, 'incident.manage');
    const body = await readJsonBody(request, declareSchema);
    const { incident, created } = await declareFromRequest(context, body);
    return respondJson({ incident, created }, created ? 201 : 200);
  } catch (error) {
    return respondError(error);
  }
}
