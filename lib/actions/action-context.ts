import 'server-only';
import type { AuthorizedRequest } from '@/lib/auth/request-auth';
import { getCatalog } from '@/lib/server/catalog';
import type { FlowContext } from './flow';
import { resolveAction } from './resolve';

export function toFlowContext(request: AuthorizedRequest): FlowContext {
  return { store: request.store, actor: request.actor, role: request.principal.role };
}

/** A stored run's action, resolved again from the catalog with the parameters it was requested with. */
export function resolveStoredRun(run: { section_id: string; step_id: string; params: string }) {
  return resolveAction(getCatalog().byId, run.section_id, run.step_id, JSON.parse(run.params));
}
