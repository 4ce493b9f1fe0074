// metrics.k8s.io absent (no metrics-server: 404) and down (metrics-server not answering: 503), as the
// workloads panel's route and the adapter see them through the API double (no cluster can run here).
// Each is said as what it is: never zero usage, never a healthy-looking table, never the panel's failure.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkloadsResponse } from '@/lib/api/workloads-types';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';
import type { Simulator } from '@/sim/server';
import { signInAs, useThrowawayStore, type SignedIn } from './signed-in';

let sim: Simulator;
let k8s: KubernetesClient;
let viewer: SignedIn;
let workloadsRoute: typeof import('@/app/api/sections/[id]/workloads/[panelId]/route');

beforeAll(async () => {
  useThrowawayStore();
  const { startSimulator } = await import('@/sim/server');
  sim = await startSimulator({ port: 0 });
  Object.assign(process.env, { KUBE_API_URL: sim.url, KUBE_TOKEN: 'voicehive-sim-token', KUBE_TIMEOUT_MS: '3000', UPSTREAM_CACHE_TTL_MS: '1', PROMETHEUS_URL: 'http://127.0.0.1:1' });
  viewer = await signInAs('viewer');
  workloadsRoute = await import('@/app/api/sections/[id]/workloads/[panelId]/route');
  k8s = (await import('@/lib/server/kubernetes/instance')).getKubernetes();
});

afterEach(() => sim.kube!.metricsApi.set('served'));
afterAll(async () => {
  await sim?.close();
});

const readPanel = async () => {
  await new Promise((resolve) => setTimeout(resolve, 20)); // past the shared read cache's 1 ms (its clock ticks on timers)
  const response = await workloadsRoute.GET(viewer.request('http://console/api/sections/call-failures/workloads/media-workloads'), { params: Promise.resolve({ id: 'call-failures', panelId: 'media-workloads' }) });
  expect(response.status).toBe(200);
  return (await response.json()) as WorkloadsResponse;
};

describe('metrics.k8s.io on the workloads panel', () => {
  it('served: usage per pod', async () => {
    const body = await readPanel();
    expect(body.metrics).toMatchObject({ available: true });
    expect(body.pods.some((p) => (p.memoryBytes ?? 0) > 0)).toBe(true);
  });

  it('absent (404): says the cluster does not serve it, with the deployments and pods still there and no usage figures', async () => {
    sim.kube!.metricsApi.set('absent');
    expect(await k8s.listPodMetrics('voicehive', 'app=orchestrator', { fresh: true })).toMatchObject({ available: false, state: 'absent', reason: expect.stringMatching(/not served by this cluster.*HTTP 404/) });
    const body = await readPanel();
    expect(body.metrics).toEqual({ available: false, state: 'absent', reason: expect.stringMatching(/metrics\.k8s\.io is not served by this cluster \(no metrics-server\?\) \(HTTP 404/) });
    expect(body.deployments.map((d) => d.name)).toEqual(['media-agent', 'orchestrator']);
    expect(body.pods.length).toBeGreaterThan(0);
    expect(body.pods.every((p) => p.cpuMillicores === null && p.memoryBytes === null)).toBe(true);
  });

  it('down (503): says metrics-server is not answering, distinct from absent', async () => {
    sim.kube!.metricsApi.set('down');
    const body = await readPanel();
    expect(body.metrics).toEqual({ available: false, state: 'down', reason: expect.stringMatching(/metrics\.k8s\.io is registered but not answering \(HTTP 503: service unavailable\)/) });
    expect(body.pods.length).toBeGreaterThan(0);
    expect(body.pods.every((p) => p.cpuMillicores === null && p.memoryBytes === null)).toBe(true);
  });
});
