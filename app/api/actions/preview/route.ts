import type { NextRequest } from 'next/server';
import { actionRefSchema } from '@/lib/api/action-schemas';
import { toFlowContext } from '@/lib/actions/action-context';
import { getExecutor } from '@/lib/actions/executors';
import { previewAction, resolveForActor } from '@/lib/actions/flow';
import { authorize } from '@/lib/auth/request-auth';
import { getCatalog } from '@/lib/server/catalog';
import { readJsonBody } from '@/lib/server/read-body';
import { respondError, respondJson } from '@/lib/server/respond';

/** What an action would change: a server-side dry run, before anything is confirmed. */
export async function POST(request: NextRequest) {
  try {
    const authorized = await authorize(request, 'action.request');
    const body = await readJsonBody(request, actionRefSchema);
    const context = toFlowContext(authorized);
    const resolved = await resolveForActor(context, getCatalog().byId, body);
    return respondJson(await previewAction(context, resolved, getExecutor(resolved.action.kind)));
  } catch (error) {
    return respondError(error);
  }
}
