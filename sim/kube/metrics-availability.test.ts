import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_TOKEN, startKubeSim, type KubeTestClient } from './test-support';

// metrics.k8s.io is an aggregated API: without metrics-server it is absent (kube-apiserver's
// not-found handler: 404 "404 page not found"); registered but not answering, the aggregator says
// 503 "service unavailable". Both as plain text, not Status objects, as the real server sends them.

let k: KubeTestClient;
beforeAll(async () => {
  k = await startKubeSim();
});
afterAll(async () => {
  await k.sim.close();
});

const METRICS = '/apis/metrics.k8s.io/v1beta1/namespaces/voicehive/pods';
const read = async (path: string) => {
  const response = await fetch(`${k.sim.url}${path}`, { headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};
const setMetricsApi = async (state: string) =>
  fetch(`${k.sim.url}/kube-faults/metrics-api`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state }) });

describe('Kubernetes API double: metrics.k8s.io served, absent and down', () => {
  it('serves discovery and pod metrics by default', async () => {
    const discovery = await read('/apis/metrics.k8s.io/v1beta1');
    expect(discovery.status).toBe(200);
    expect(JSON.parse(discovery.text)).toMatchObject({ kind: 'APIResourceList', groupVersion: 'metrics.k8s.io/v1beta1', resources: expect.arrayContaining([expect.objectContaining({ name: 'pods', namespaced: true, verbs: ['get', 'list'] })]) });
    expect((await read(METRICS)).status).toBe(200);
  });

  it('is 404 everywhere under the group when absent, and 503 when down, then served again', async () => {
    expect((await setMetricsApi('absent')).status).toBe(200);
    for (const path of ['/apis/metrics.k8s.io', '/apis/metrics.k8s.io/v1beta1', METRICS, `${METRICS}?labelSelector=app%3Dorchestrator`]) {
      expect(await read(path), path).toMatchObject({ status: 404, text: '404 page not found\n', type: 'text/plain; charset=utf-8' });
    }
    expect((await setMetricsApi('down')).status).toBe(200);
    for (const path of ['/apis/metrics.k8s.io/v1beta1', METRICS]) {
      expect(await read(path), path).toMatchObject({ status: 503, text: 'service unavailable\n', type: 'text/plain; charset=utf-8' });
    }
    // The rest of the API is unaffected.
    expect((await read('/api/v1/namespaces/voicehive/pods')).status).toBe(200);
    await setMetricsApi('served');
    expect((await read(METRICS)).status).toBe(200);
  });

  it('refuses an unknown state and says which field is wrong', async () => {
    const response = await setMetricsApi('sideways');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'state' });
  });
});
