// The live Kubernetes panels' route handlers, in-process, against the simulator's Kubernetes API double
// (no real API server can run here; the double answers like one). Sessions: a throwaway SQLite store.
// The last test closes the simulator: Kubernetes down must be an error naming Kubernetes, never an empty panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogsResponse, WorkloadsResponse } from '@/lib/api/workloads-types';
import { maskLogLine } from '@/lib/kubernetes/log-mask';
import { CARDS, EMAILS, PHONES } from '@/sim/kube/log-lines';
import type { Simulator } from '@/sim/server';
import { signInAs, useThrowawayStore, type SignedIn } from './signed-in';

const TOKEN = 'voicehive-sim-token';
let sim: Simulator;
let simClosed = false;
let workloadsRoute: typeof import('@/app/api/sections/[id]/workloads/[panelId]/route');
let logsRoute: typeof import('@/app/api/sections/[id]/logs/[panelId]/route');
let viewer: SignedIn;
let operator: SignedIn;

beforeAll(async () => {
  useThrowawayStore();
  const { startSimulator } = await import('@/sim/server');
  sim = await startSimulator({ port: 0 });
  // Before any server module reads the environment. A short cache TTL so a scenario switch shows at once.
  Object.assign(process.env, { KUBE_API_URL: sim.url, KUBE_TOKEN: TOKEN, KUBE_TIMEOUT_MS: '3000', UPSTREAM_CACHE_TTL_MS: '200', PROMETHEUS_URL: 'http://127.0.0.1:1' });
  viewer = await signInAs('viewer');
  operator = await signInAs('operator');
  workloadsRoute = await import('@/app/api/sections/[id]/workloads/[panelId]/route');
  logsRoute = await import('@/app/api/sections/[id]/logs/[panelId]/route');
});

afterAll(async () => {
  if (!simClosed) await sim?.close();
});

const getWorkloads = (who: SignedIn, id: string, panelId: string) =>
  workloadsRoute.GET(who.request(`http://console/api/sections/${id}/workloads/${panelId}`), { params: Promise.resolve({ id, panelId }) });
const getLogs = (who: SignedIn, id: string, panelId: string) =>
  logsRoute.GET(who.request(`http://console/api/sections/${id}/logs/${panelId}`), { params: Promise.resolve({ id, panelId }) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function simGet(path: string): Promise<Response> {
  return fetch(`${sim.url}${path}`, { headers: { authorization: 'Bearer voicehive-sim-kube-admin-token' } });
}

describe('workloads panel', () => {
  it('gives a viewer the orchestrator deployment, its rollout and its pods', async () => {
    const response = await getWorkloads(viewer, 'call-failures', 'media-workloads');
    expect(response.status).toBe(200);
    const body = (await response.json()) as WorkloadsResponse;
    expect(body).toMatchObject({ namespace: 'voicehive', selector: 'app in (media-agent,orchestrator)' });
    expect(body.deployments.map((d) => d.name)).toEqual(['media-agent', 'orchestrator']);
    const orchestrator = body.deployments.find((d) => d.name === 'orchestrator')!;
    expect(orchestrator).toMatchObject({ rolloutStatus: 'complete', observedGeneration: orchestrator.generation });
    expect(orchestrator.desired).toBeGreaterThan(0);
    const pods = body.pods.filter((p) => p.deployment === 'orchestrator');
    expect(pods).toHaveLength(orchestrator.desired);
    for (const pod of pods) {
      expect(pod.name).toMatch(/^orchestrator-/);
      expect(pod).toMatchObject({ phase: 'Running', oomKilled: false });
      expect(pod.ready).toMatch(/^\d+\/\d+$/);
      expect(pod.node).toBeTruthy();
      expect(pod.ageSeconds).toBeGreaterThan(0);
    }
    expect(Array.isArray(body.events)).toBe(true);
    // The double serves metrics.k8s.io: memory is a gauge, there from the first read.
    expect(body.metrics).toMatchObject({ available: true });
    expect(pods.some((p) => (p.memoryBytes ?? 0) > 0)).toBe(true);
  });

  it('marks the oom-loop victim OOMKilled, with its BackOff warning', async () => {
    sim.setScenario('oom-loop');
    try {
      // The victim is OOMKilled about every 10 s; the kubelet then backs off and says so in an event.
      await expect
        .poll(
          async () => {
            const body = (await (await getWorkloads(viewer, 'call-failures', 'media-workloads')).json()) as WorkloadsResponse;
            const pod = body.pods.find((p) => p.oomKilled);
            return pod !== undefined && body.events.some((e) => e.object === `pod/${pod.name}` && e.reason === 'BackOff');
          },
          { timeout: 45_000, interval: 1_000 },
        )
        .toBe(true);
      const body = (await (await getWorkloads(viewer, 'call-failures', 'media-workloads')).json()) as WorkloadsResponse;
      const oom = body.pods.filter((p) => p.oomKilled);
      expect(oom.map((p) => p.deployment)).toEqual(['media-agent']);
      expect(oom[0]).toMatchObject({ lastTerminationReason: 'OOMKilled' });
      expect(oom[0]!.restarts).toBeGreaterThan(0);
      expect(body.pods.filter((p) => p.deployment === 'orchestrator').every((p) => !p.oomKilled)).toBe(true);
    } finally {
      sim.setScenario('healthy');
    }
  });
});

describe('log tail panel', () => {
  it('refuses a viewer (logs.read is operator and above), whatever the panel', async () => {
    for (const panelId of ['orchestrator-errors', 'no-such-panel']) {
      const response = await getLogs(viewer, 'call-failures', panelId);
      expect(response.status).toBe(403);
      expect((await response.json()).error.message).toMatch(/logs\.read/);
    }
  });

  it('gives an operator the filtered tail of every orchestrator pod, with personal data masked (pii-leak)', async () => {
    sim.setScenario('pii-leak');
    try {
      await sleep(300); // past the shared cache: the pods were re-seeded with the scenario
      // What the API server holds before the console reads it: every ERROR line of each pod's last 1000.
      const pods = ((await (await simGet('/api/v1/namespaces/voicehive/pods?labelSelector=app%3Dorchestrator')).json()) as { items: { metadata: { name: string } }[] }).items.map((p) => p.metadata.name);
      const raw = (await Promise.all(pods.map(async (pod) => (await (await simGet(`/api/v1/namespaces/voicehive/pods/${pod}/log?tailLines=1000`)).text()).split('\n')))).flat();
      const rawErrors = raw.filter((line) => /error/i.test(line));
      const withPii = rawErrors.filter((line) => [...EMAILS, ...PHONES, ...CARDS].some((secret) => line.includes(secret)));
      expect(withPii.length, 'the orchestrator logs guests on some ERROR lines').toBeGreaterThan(0);

      const response = await getLogs(operator, 'call-failures', 'orchestrator-errors');
      expect(response.status).toBe(200);
      const body = (await response.json()) as LogsResponse;
      expect(body).toMatchObject({ masked: true, filter: 'ERROR', filterError: null, tailLines: 1000, podsNotRead: [] });
      expect(body.pods.map((p) => p.name).sort()).toEqual([...pods].sort());
      expect(body.pods.every((p) => p.error === null && p.linesRead > 0)).toBe(true);
      expect(body.lines.length).toBeGreaterThan(0);
      expect(body.lines.every((l) => /error/i.test(l.text) && pods.includes(l.pod))).toBe(true);
      const text = body.lines.map((l) => l.text).join('\n');
      for (const secret of [...EMAILS, ...PHONES, ...CARDS]) expect(text, secret).not.toContain(secret);
      expect(text).toContain('[email]');
      // Each line that carried a guest's data is there, masked — not dropped.
      const shown = new Set(body.lines.map((l) => l.text));
      for (const line of withPii) expect(shown.has(maskLogLine(line)), line).toBe(true);
      if (body.sortedByTime) {
        const times = body.lines.map((l) => l.text.slice(0, 23));
        expect(times).toEqual([...times].sort());
      }
    } finally {
      sim.setScenario('healthy');
    }
  });
});

describe('panel lookup', () => {
  it('answers 404 for an unknown section or panel, 400 for a malformed id', async () => {
    const unknownPanel = await getWorkloads(viewer, 'call-failures', 'no-such-panel');
    expect(unknownPanel.status).toBe(404);
    expect((await unknownPanel.json()).error).toMatchObject({ code: 'not-found', field: 'panelId' });
    expect((await getWorkloads(viewer, 'no-such-section', 'media-workloads')).status).toBe(404);
    expect((await getLogs(operator, 'call-failures', 'no-such-panel')).status).toBe(404);
    expect((await getWorkloads(viewer, 'call-failures', '../../etc')).status).toBe(400);
  });

  it('answers 400 for a panel of another kind', async () => {
    const logsAsWorkloads = await getWorkloads(viewer, 'call-failures', 'orchestrator-errors');
    expect(logsAsWorkloads.status).toBe(400);
    expect((await logsAsWorkloads.json()).error.message).toMatch(/is a log tail panel, not a workloads panel/);
    expect((await getLogs(operator, 'call-failures', 'media-workloads')).status).toBe(400);
    expect((await getWorkloads(viewer, 'call-failures', 'call-success')).status).toBe(400);
  });
});

describe('Kubernetes down', () => {
  it('is a 502 naming Kubernetes on both panels, never an empty answer', async () => {
    await sim.close();
    simClosed = true;
    await sleep(300); // past the shared cache, so the failure is what is read
    for (const response of [await getWorkloads(viewer, 'call-failures', 'media-workloads'), await getLogs(operator, 'call-failures', 'orchestrator-errors')]) {
      expect(response.status).toBe(502);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('upstream');
      expect(error.message).toMatch(/^kubernetes: /);
      expect(error.message).toMatch(/cannot be reached/);
    }
  });
});
