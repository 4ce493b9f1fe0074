import type { NextRequest } from 'next/server';
import { incidentIdSchema, timelineAddSchema } from '@/lib/api/incident-schemas';
import { fromZodError } from '@/lib/api/errors';
import { authorize } from '@/lib/auth/request-auth';
import { appendToTimeline, setStar } from '@/lib/incidents/records';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

/** Adds a note (links included, as text) to the timeline, or stars an event for the post-mortem. Needs no version: it overwrites nothing. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const context = await authorize(request, 'incident.manage');
    const parsed = incidentIdSchema.safeParse((await params).id);
    if (!parsed.success) throw fromZodError(parsed.error, 'id');
    const body = await readJsonBody(request, timelineAddSchema);
    if (body.op === 'star') {
      await setStar(context.store, context.actor, parsed.data, body.eventKey, body.starred);
      return respondJson({ starred: body.starred });
    }
    const eventId = await appendToTimeline(context.store, context.actor, parsed.data, { kind: 'note', text: body.text, action: 'incident.note' });
    return respondJson({ eventKey: `event:${eventId}` }, 201);
  } catch (error) {
    return respondError(error);
  }
}
