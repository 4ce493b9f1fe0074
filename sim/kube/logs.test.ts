import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../exposition';
import { itemsOf, NS, startKubeSim, waitFor, type KubeTestClient } from './test-support';

let k: KubeTestClient;
beforeAll(async () => {
  k = await startKubeSim({ scenario: 'oom-loop' });
});
afterAll(async () => {
  await k.sim.close();
});

const orchestratorPod = () => k.sim.estate.pods.orchestrator[0]!;

describe('Kubernetes API double: logs', () => {
  it('tails a container log as text/plain, with RFC 3339 timestamps on request', async () => {
    const response = await fetch(`${k.sim.url}${NS}/pods/${orchestratorPod()}/log?container=orchestrator&tailLines=20&timestamps=true`, { headers: { authorization: 'Bearer voicehive-sim-token' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(20);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR) \[/);
    const stamps = lines.map((l) => Date.parse(l.slice(0, 23)));
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    expect(Date.now() - stamps.at(-1)!).toBeLessThan(5_000);
  });

  it('replays the same lines, honours sinceSeconds, and keeps a bounded history', async () => {
    const path = `${NS}/pods/${orchestratorPod()}/log?tailLines=50&timestamps=true`;
    const [a, b] = [(await k.call('GET', path)).text, (await k.call('GET', path)).text];
    const overlap = a.split('\n').filter((line) => line && b.includes(line));
    expect(overlap.length).toBeGreaterThan(40);
    const recent = (await k.call('GET', `${NS}/pods/${orchestratorPod()}/log?sinceSeconds=10&timestamps=true`)).text.trimEnd().split('\n');
    expect(recent.every((line) => Date.now() - Date.parse(line.slice(0, 23)) <= 11_000)).toBe(true);
    const all = (await k.call('GET', `${NS}/pods/${orchestratorPod()}/log`)).text.trimEnd().split('\n');
    expect(all.length).toBeLessThanOrEqual(2_001);
    // Over two thousand everyday lines: some carry a guest's email or phone on an ERROR line.
    expect(all.some((line) => / ERROR \[/.test(line))).toBe(true);
  });

  it('answers a wrong container or a missing previous container with a 400', async () => {
    const wrong = await k.call('GET', `${NS}/pods/${orchestratorPod()}/log?container=nope`);
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ kind: 'Status', message: `container nope is not valid for pod ${orchestratorPod()}` });
    expect((await k.call('GET', `${NS}/pods/${orchestratorPod()}/log?previous=true`)).status).toBe(400);
    expect((await k.call('GET', `${NS}/pods/nope/log`)).status).toBe(404);
  });

  it('shows the oom-loop victim crash-looping: OOMKilled restarts, BackOff events, memory warnings in its log', async () => {
    const victim = k.sim.estate.pods['media-agent'][0]!;
    const pod = await waitFor(async () => {
      const current = await k.get(`${NS}/pods/${victim}`);
      const status = (current.status as { containerStatuses: { restartCount: number; ready: boolean; lastState: { terminated?: { reason: string; exitCode: number } } }[] }).containerStatuses[0]!;
      return status.restartCount >= 1 ? status : undefined;
    }, 5000, 'a restart');
    expect(pod.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(pod.ready).toBe(false);
    const events = itemsOf(await k.get(`${NS}/events?fieldSelector=type%3DWarning,involvedObject.name%3D${victim}`));
    expect(events.map((e) => e.reason)).toContain('BackOff');
    const previous = await k.call('GET', `${NS}/pods/${victim}/log?previous=true&tailLines=200`);
    expect(previous.status).toBe(200);
    const deployment = await k.get(`/apis/apps/v1/namespaces/voicehive/deployments/media-agent`);
    expect(deployment.status).toMatchObject({ readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1 });
  });
});

describe('Kubernetes API double: metrics.k8s.io', () => {
  it('serves PodMetrics consistent with the workload model (working set of the same pod)', async () => {
    // Like metrics-server, CPU is a rate: it needs the estate to have run a little first.
    const list = await waitFor(async () => {
      const current = await k.get('/apis/metrics.k8s.io/v1beta1/namespaces/voicehive/pods?labelSelector=app%3Dorchestrator');
      return JSON.stringify(current).includes('"cpu":"0n"') ? undefined : current;
    }, 5000, 'CPU usage');
    expect(list).toMatchObject({ kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1' });
    const items = list.items as { metadata: { name: string }; window: string; containers: { name: string; usage: { cpu: string; memory: string } }[] }[];
    expect(items).toHaveLength(3);
    const samples = parseExposition(await k.sim.estate.registry.metrics()).samples;
    for (const item of items) {
      const usage = item.containers[0]!.usage;
      expect(usage.cpu).toMatch(/^\d+n$/);
      const memory = Number(usage.memory.replace('Ki', '')) * 1024;
      const model = samples.find((s) => s.name === 'container_memory_working_set_bytes' && s.labels.pod === item.metadata.name)!.value;
      expect(Math.abs(memory - model) / model).toBeLessThan(0.1);
      const cores = Number(usage.cpu.replace('n', '')) / 1e9;
      expect(cores).toBeGreaterThan(0);
      expect(cores).toBeLessThan(2);
    }
    const one = await k.get(`/apis/metrics.k8s.io/v1beta1/namespaces/voicehive/pods/${items[0]!.metadata.name}`);
    expect(one).toMatchObject({ kind: 'PodMetrics', metadata: { name: items[0]!.metadata.name } });
  });
});
