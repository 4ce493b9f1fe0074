import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { ServiceAdminClient, ServiceAnswer } from '@/lib/server/services/client';
import type { Change } from './diff';
import type { ActionExecutor, Preview, Progress } from './executor';
import type { ResolvedAction } from './resolve';
import { assertBound, encodeBound, type Bound } from './binding';

/** The service's status as an approval is bound to it: the fields the change is about (`state: open`). */
function boundOfStatus(action: ResolvedAction, status: ServiceAnswer | null): Bound {
  const fields = status ? fieldsOf(status) : null;
  return Object.fromEntries(Object.keys(action.action.values).map((field) => [field, fields?.[field] === undefined ? null : String(fields[field])]));
}
const withBound = (bound: Bound) => ({ bound, version: encodeBound(bound) });
import { nameActionTarget } from './target-name';

export { httpKinds } from './kinds';

type Target = { service: string; path: string; statusPath?: string };

/** How long a service may take to report the change it accepted. */
const READ_BACK_MS = 5_000;
const READ_BACK_POLL_MS = 250;

function requireTarget(action: ResolvedAction): Target {
  const { service, path, statusPath } = action.target;
  if (!service || !path) throw new ApiError('internal', `catalog step ${action.step.id} has no service or path in its target`);
  return { service, path, statusPath };
}

const fieldsOf = (answer: ServiceAnswer): Record<string, unknown> | null =>
  typeof answer.body === 'object' && answer.body !== null && !Array.isArray(answer.body) ? (answer.body as Record<string, unknown>) : null;

/** The catalog's `values` are what the status endpoint says once the change worked (e.g. `state: closed`). */
function compareWithExpected(action: ResolvedAction, status: ServiceAnswer): { changes: Change[]; pending: string[] } {
  const fields = fieldsOf(status);
  const changes = Object.entries(action.action.values).map(([field, want]) => ({ path: field, before: fields?.[field], after: want }));
  const pending = changes.filter((c) => String(c.before) !== c.after).map((c) => `${c.path} is ${c.before === undefined ? 'not reported' : String(c.before)} (want ${String(c.after)})`);
  return { changes, pending };
}

const describeBody = (answer: ServiceAnswer) => `${typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)}${answer.truncated ? ' …(cut)' : ''}`;

/**
 * Remediations through a service's own admin API: POST to a path the catalog fixes, on a service whose
 * base URL is configured. The status path (a GET) gives the preview's "before" and the verification.
 */
export function createHttpExecutor(getClient: () => ServiceAdminClient): ActionExecutor {
  return {
    async preview(action): Promise<Preview> {
      const t = requireTarget(action);
      const target = nameActionTarget(action.action.kind, action.target);
      if (!t.statusPath) return { changes: [{ path: `POST ${t.path}`, before: undefined, after: 'sent' }], ...withBound({}), warnings: [`${t.service} has no status endpoint for this action: its answer is all the console can show.`], target };
      const status = await getClient().get(t.service, t.statusPath);
      const { changes, pending } = compareWithExpected(action, status);
      const warnings = fieldsOf(status) === null ? [`${t.service} GET ${t.statusPath} did not answer JSON: ${describeBody(status)}`] : pending.length === 0 ? [`${t.service} already reports ${changes.map((c) => `${c.path} ${String(c.after)}`).join(', ')}: sending it again changes nothing.`] : [];
      // Bound to the status read now: it is read again before the confirm, the approval and the POST.
      return { changes, ...withBound(boundOfStatus(action, status)), warnings, target };
    },

    async execute(action, approved) {
      const t = requireTarget(action);
      const client = getClient();
      if (t.statusPath) assertBound(nameActionTarget(action.action.kind, action.target), approved.bound, boundOfStatus(action, await client.get(t.service, t.statusPath)));
      const answer = await client.post(t.service, t.path);
      const said = `${t.service} answered HTTP ${answer.status}: ${describeBody(answer)}`;
      if (!t.statusPath) return { message: said, details: { status: answer.status, body: answer.body } };
      // Read back: the status endpoint must report what the change was for (a moment's delay allowed).
      const deadline = Date.now() + READ_BACK_MS;
      for (;;) {
        const { changes, pending } = compareWithExpected(action, await client.get(t.service, t.statusPath));
        if (pending.length === 0) return { message: `${said}; ${t.service} now reports ${changes.map((c) => `${c.path} ${String(c.after)}`).join(', ')}`, details: { status: answer.status, body: answer.body } };
        if (Date.now() + READ_BACK_POLL_MS > deadline) throw new ApiError('upstream', `${said}, but GET ${t.statusPath} still reports ${pending.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, READ_BACK_POLL_MS));
      }
    },

    async follow(action): Promise<Progress> {
      const t = requireTarget(action);
      if (!t.statusPath || Object.keys(action.action.values).length === 0) return { state: 'complete', message: `${t.service} accepted the request` };
      const status = await getClient().get(t.service, t.statusPath);
      const { changes, pending } = compareWithExpected(action, status);
      if (pending.length === 0) return { state: 'complete', message: `${t.service} reports ${changes.map((c) => `${c.path} ${String(c.after)}`).join(', ')}` };
      return { state: 'in-progress', message: `${t.service} reports ${pending.join(', ')}` };
    },
  };
}
