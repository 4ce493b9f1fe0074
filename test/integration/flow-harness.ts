// The remediation flow in-process (lib/actions/flow.ts) against the simulator's Kubernetes API double and
// a throwaway SQLite store: what the route handlers call, without the HTTP layer. Call startFlowHarness()
// in beforeAll before anything reads the environment.
import type { FlowContext } from '@/lib/actions/flow';
import type { ResolvedAction } from '@/lib/actions/resolve';
import type { Store } from '@/lib/server/store/open-store';
import type { Simulator, SimulatorOptions } from '@/sim/server';
// Not a React hook: it points the store at a temporary file (named like one by signed-in.ts).
import { useThrowawayStore as pointStoreAtTempFile } from './signed-in';
import { DEFAULT_KUBE_ADMIN_TOKEN } from '@/sim/kube';

export { pointStoreAtTempFile };

export const SIM_TOKEN = 'voicehive-sim-token';
export const APPS = '/apis/apps/v1/namespaces/voicehive';
export const CORE = '/api/v1/namespaces/voicehive';

export type FlowHarness = {
  sim: Simulator;
  store: Store;
  flow: typeof import('@/lib/actions/flow');
  getExecutor: typeof import('@/lib/actions/executors').getExecutor;
  resolve(section: string, step: string, params?: Record<string, unknown>): ResolvedAction;
  as(actor: string, role: FlowContext['role']): FlowContext;
  /** A call to the double as someone else would make it (kubectl, a controller). */
  kube<T = Record<string, unknown>>(path: string, init?: { method?: string; body?: unknown; contentType?: string }): Promise<T>;
  key(): string;
};

/** `env`: more of the console's configuration, set before anything reads it (a function gets the simulator's URL). */
export async function startFlowHarness(options: SimulatorOptions = {}, env: Record<string, string> | ((simUrl: string) => Record<string, string>) = {}): Promise<FlowHarness> {
  pointStoreAtTempFile();
  const { startSimulator } = await import('@/sim/server');
  const sim = await startSimulator({ port: 0, ...options });
  Object.assign(process.env, { KUBE_API_URL: sim.url, KUBE_TOKEN: SIM_TOKEN, PROMETHEUS_URL: 'http://127.0.0.1:1', ...(typeof env === 'function' ? env(sim.url) : env) });
  const store = await (await import('@/lib/server/store/store')).getStore();
  await addPeople(store);
  const flow = await import('@/lib/actions/flow');
  const { getExecutor } = await import('@/lib/actions/executors');
  const { resolveAction } = await import('@/lib/actions/resolve');
  const { getCatalog } = await import('@/lib/server/catalog');
  return {
    sim,
    store,
    flow,
    getExecutor,
    resolve: (section, step, params = {}) => resolveAction(getCatalog().byId, section, step, params),
    as: (actor, role) => ({ store, actor: { actor, actorRole: role, clientAddress: '127.0.0.1' }, role }),
    async kube<T>(path: string, { method = 'GET', body, contentType = 'application/merge-patch+json' }: { method?: string; body?: unknown; contentType?: string } = {}) {
      // The test arranges the estate as a cluster admin would (kubectl), not as the console: the console's
      // service account may not patch budgets or write pod status, and the double enforces its RBAC.
      const headers: Record<string, string> = { authorization: `Bearer ${DEFAULT_KUBE_ADMIN_TOKEN}` };
      if (body !== undefined) headers['content-type'] = contentType;
      const response = await fetch(`${sim.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const answer = (await response.json()) as T;
      // A refused arrangement would leave the test asserting against an estate it did not set up.
      if (!response.ok) throw new Error(`test setup: ${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
      return answer;
    },
    key: () => `key${Math.random().toString(36).slice(2)}xxxxxxxxxxxx`,
  };
}

/** Polls until `check` holds (returns a value), or fails after `timeoutMs` naming `what`. */
export async function until<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The people the flow tests act as: a request is only approved while its requester still holds an account and the role. */
export async function addPeople(store: Store): Promise<void> {
  const { addLocalUser } = await import('@/lib/auth/users');
  const setup = { actor: 'test-setup', actorRole: 'admin', clientAddress: '127.0.0.1' };
  for (const [username, role] of [['olivia', 'operator'], ['adam', 'approver'], ['ada', 'admin']] as const) {
    const exists = await store.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (!exists) await addLocalUser(store, setup, { username, role, password: `pw-${username}-long-enough-for-tests` });
  }
}
