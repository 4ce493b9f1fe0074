import type { NextRequest } from 'next/server';
import { changeSchema, incidentIdSchema } from '@/lib/api/incident-schemas';
import { fromZodError } from '@/lib/api/errors';
import { can } from '@/lib/auth/permissions';
import { authorize } from '@/lib/auth/request-auth';
import { getIncident } from '@/lib/incidents/records';
import { toWallIncident } from '@/lib/incidents/types';
import { readJsonBody } from '@/lib/server/read-body';
import { respondJson } from '@/lib/server/respond';
import { applyChange, respondIncidentError } from '@/lib/server/incidents/service';
import { getIncidentView } from '@/lib/server/incidents/view';

function parseId(raw: string): string {
  const parsed = incidentIdSchema.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error, 'id');
  return parsed.data;
}

/** The incident with its timeline, milestones, escalation and proposals; a display gets the wall's view only. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store, principal } = await authorize(request, 'incident.read');
    const incident = await getIncident(store.db, parseId((await params).id));
    if (!can(principal.role, 'section.read')) return respondJson({ incident: toWallIncident(incident) });
    return respondJson(await getIncidentView(store, incident));
  } catch (error) {
    return respondIncidentError(error);
  }
}

/** One change (status, role, severity, details, milestone correction, post-mortem, escalation), bound to the version read. */
export async function PATCH(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const context = await authorize(request, 'incident.manage');
    const id = parseId((await params).id);
    const body = await readJsonBody(request, changeSchema);
    return respondJson({ incident: await applyChange(request, context, id, body) });
  } catch (error) {
    return respondIncidentError(error);
  }
}
