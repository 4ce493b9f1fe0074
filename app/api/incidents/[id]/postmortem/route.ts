import type { NextRequest } from 'next/server';
import { incidentIdSchema } from '@/lib/api/incident-schemas';
import { fromZodError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/log';
import { authorize } from '@/lib/auth/request-auth';
import { getIncident } from '@/lib/incidents/records';
import { renderPostmortemMarkdown } from '@/lib/incidents/postmortem-markdown';
import { respondError } from '@/lib/server/respond';
import { computeImpact, formatFigure } from '@/lib/server/incidents/impact';
import { getIncidentView } from '@/lib/server/incidents/view';

/**
 * The post-mortem as a Markdown download (people only, like the runbook pages). The export is audited in the
 * same transaction that reads the chain's head, so the head in the file covers the export itself.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { store, actor } = await authorize(request, 'section.read');
    const parsed = incidentIdSchema.safeParse((await params).id);
    if (!parsed.success) throw fromZodError(parsed.error, 'id');
    const incident = await getIncident(store.db, parsed.data);
    const now = Date.now();
    const [view, impact] = await Promise.all([getIncidentView(store, incident, now), computeImpact(incident, now)]);
    const starredOnly = request.nextUrl.searchParams.get('events') === 'starred';
    const head = await store.writeTransaction(async (trx) => {
      const record = await appendAudit(trx, { ...actor, action: 'incident.export', target: incident.id, incident: incident.id, section: incident.sections[0] ?? null, outcome: 'success', detail: { format: 'markdown', starredOnly } }, now);
      return { seq: record.seq, hash: record.hash };
    });
    const markdown = renderPostmortemMarkdown({ ...view, impact: { ...impact, figures: impact.figures.map((f) => ({ title: f.title, text: formatFigure(f) })) }, chainHead: head, exportedAt: now, starredOnly });
    return new Response(markdown, { headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="${incident.id}-postmortem.md"`, 'cache-control': 'no-store' } });
  } catch (error) {
    return respondError(error);
  }
}
