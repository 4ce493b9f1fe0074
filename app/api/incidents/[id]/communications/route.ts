import type { NextRequest } from 'next/server';
import { communicationSchema, incidentIdSchema } from '@/lib/api/incident-schemas';
import { fromZodError } from '@/lib/api/errors';
import { authorize } from '@/lib/auth/request-auth';
import { getEnv } from '@/lib/env';
import { draftUpdate } from '@/lib/incidents/communication';
import { audienceIds } from '@/lib/incidents/config';
import { getIncident } from '@/lib/incidents/records';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';
import { getIncidentConfig } from '@/lib/server/incidents/config';
import { getIncidentView } from '@/lib/server/incidents/view';
import { sendCommunication } from '@/lib/server/incidents/webhooks';

async function readId(params: Promise<{ id: string }>): Promise<string> {
  const parsed = incidentIdSchema.safeParse((await params).id);
  if (!parsed.success) throw fromZodError(parsed.error, 'id');
  return parsed.data;
}

/** A draft per audience from the configured templates, filled from live data (what is affected, what was done). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store } = await authorize(request, 'incident.manage');
    const incident = await getIncident(store.db, await readId(params));
    const now = Date.now();
    const view = await getIncidentView(store, incident, now);
    const config = getIncidentConfig();
    const impact = view.sections.map((s) => `${s.title}: ${s.severity === 'ok' ? 'back to normal' : s.basis}`).join('; ') || incident.summary || 'being assessed';
    const done = view.runs.map((r) => `${r.title} (${r.status}${r.verdict ? `, ${r.verdict}` : ''})`).join('; ') || 'investigating';
    const facts = { impact, done, nextUpdateAt: now + config.updateCadenceMinutes[incident.severity] * 60_000, now, link: new URL(`/incidents/${incident.id}`, getEnv().CONSOLE_URL).toString() };
    const configured = new Set(getEnv().INCIDENT_WEBHOOK_URLS.map((w) => w.name));
    return respondJson({ drafts: audienceIds.filter((a) => config.audiences[a]).map((a) => ({ audience: a, title: config.audiences[a]!.title, webhook: configured.has(a), text: draftUpdate(config, a, incident, facts) })) });
  } catch (error) {
    return respondError(error);
  }
}

/** Sends an update: recorded on the timeline, then posted to the audience's webhook; a failed delivery is recorded, never an error. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const context = await authorize(request, 'incident.manage');
    const id = await readId(params);
    const body = await readJsonBody(request, communicationSchema);
    const incident = await getIncident(context.store.db, id);
    return respondJson({ delivery: await sendCommunication(context.store, context.actor, incident, body.audience, body.text) }, 201);
  } catch (error) {
    return respondError(error);
  }
}
