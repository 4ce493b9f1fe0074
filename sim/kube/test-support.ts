import { startSimulator, type Simulator, type SimulatorOptions } from '../server';

/** Helpers for the double's tests: a fast simulator and a small HTTP client for its API. */

/** The admin token (system:masters): the tests set the stage and inspect the double with it. */
export const TOKEN = 'voicehive-sim-kube-admin-token';
/** The console service account's token: authorized by deploy/kubernetes/rbac.yaml. */
export const CONSOLE_TOKEN = 'voicehive-sim-token';

export interface KubeTestClient {
  sim: Simulator;
  /** Sends a request with the admin token unless told another; the body is JSON-encoded unless it is a string. */
  call(method: string, path: string, options?: { body?: unknown; contentType?: string; token?: string | null }): Promise<{ status: number; json: Record<string, unknown>; text: string }>;
  get(path: string): Promise<Record<string, unknown>>;
}

export async function startKubeSim(options: SimulatorOptions = {}): Promise<KubeTestClient> {
  const sim = await startSimulator({ port: 0, tickMs: 50, kubeStepMs: 20, kubeOptions: { hpaSyncMs: 0 }, ...options });
  const call: KubeTestClient['call'] = async (method, path, { body, contentType, token = TOKEN } = {}) => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
    const response = await fetch(`${sim.url}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // plain text (logs)
    }
    return { status: response.status, json, text };
  };
  return {
    sim,
    call,
    async get(path) {
      const { status, json, text } = await call('GET', path);
      if (status !== 200) throw new Error(`GET ${path}: ${status} ${text}`);
      return json;
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const NS = '/api/v1/namespaces/voicehive';
export const APPS = '/apis/apps/v1/namespaces/voicehive';
export const BATCH = '/apis/batch/v1/namespaces/voicehive';

type Item = { metadata: { name: string; labels?: Record<string, string>; resourceVersion: string; uid: string; deletionTimestamp?: string; annotations?: Record<string, string> }; [k: string]: unknown };
export const itemsOf = (list: Record<string, unknown>) => list.items as Item[];
export const namesOf = (list: Record<string, unknown>) => itemsOf(list).map((i) => i.metadata.name);
