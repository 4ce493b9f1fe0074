import { after, type NextRequest } from 'next/server';
import { runListQuerySchema, runRequestSchema } from '@/lib/api/action-schemas';
import { ApiError, fromZodError } from '@/lib/api/errors';
import { toFlowContext } from '@/lib/actions/action-context';
import { getExecutor } from '@/lib/actions/executors';
import { requestAction, resolveForActor } from '@/lib/actions/flow';
import { listRuns, toPublicRun } from '@/lib/actions/runs';
import { getActionSettings } from '@/lib/actions/settings';
import { notifyWebhook } from '@/lib/actions/webhook';
import { authorize } from '@/lib/auth/request-auth';
import { kickRun } from '@/lib/server/background/process-worker';
import { getCatalog } from '@/lib/server/catalog';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';
import { evaluateSection } from '@/lib/server/section-status-service';

/** Recent remediation runs (pending, running, done), newest first: all, one section's (`section`), or the caller's own (`mine=1`). */
export async function GET(request: NextRequest) {
  try {
    const { store, actor } = await authorize(request, 'section.read');
    const query = runListQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!query.success) throw fromZodError(query.error, 'query');
    const { section, mine, limit } = query.data;
    if (section !== undefined && !getCatalog().byId.has(section)) throw new ApiError('not-found', `section: no section ${section}`, 'section');
    const runs = await listRuns(store, { limit, sectionId: section, requestedBy: mine === '1' ? actor.actor : undefined });
    return respondJson({ runs: runs.map(toPublicRun) });
  } catch (error) {
    return respondError(error);
  }
}

/**
 * Confirms an action: it waits for a second person when the catalog (or scaling) says so, otherwise it
 * runs once, beside this answer (202), and the page follows it at /api/actions/runs/<id>.
 */
export async function POST(request: NextRequest) {
  try {
    const authorized = await authorize(request, 'action.request');
    const body = await readJsonBody(request, runRequestSchema);
    const context = toFlowContext(authorized);
    const resolved = await resolveForActor(context, getCatalog().byId, body);
    const executor = getExecutor(resolved.action.kind);
    const { severity } = await evaluateSection(resolved.section);
    const { run, created } = await requestAction(context, resolved, { ...body, sectionSeverity: severity, approvalTtlMs: getActionSettings().approvalTtlMs }, executor);
    // Run outside this request, under the run's lease: another replica takes it over if this one dies (issue 18).
    if (created && run.status === 'executing') kickRun(run.id, context.actor);
    if (created && run.status === 'pending-approval') after(() => notifyWebhook(run));
    return respondJson({ run: toPublicRun(run), created }, created ? 202 : 200);
  } catch (error) {
    return respondError(error);
  }
}
