// Issue 14.11: buttons for what the runbooks ask and today's upstreams make safe, through the action flow
// (preview → request → approval → execute → read-back) against the simulator's Kubernetes double: each with a
// bad parameter (400 naming the field, nothing changed) and a role that may not press it. Redis is Debian's redis-server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '@/scripts/stack/redis';
import { signInAs } from './signed-in';
import { APPS, SIM_TOKEN, startFlowHarness, until, type FlowHarness } from './flow-harness';

const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-buttons-'));
let redisServer: Awaited<ReturnType<typeof startRedis>>;
let redis: Redis;
let h: FlowHarness;
beforeAll(async () => {
  redisServer = await startRedis({ logDir });
  redis = new Redis(redisServer.url);
  h = await startFlowHarness({ kubeStepMs: 50 }, { REDIS_URL: redisServer.url });
});
afterAll(async () => {
  await h?.sim.close();
  redis?.disconnect();
  await redisServer?.stop();
  fs.rmSync(logDir, { recursive: true, force: true });
});

type Deployment = { metadata: { generation: number }; spec: { template: { spec: { containers: { name: string; env?: { name: string; value?: string }[] }[] } } } };
const envOf = async (deployment: string, container = deployment) =>
  Object.fromEntries(((await h.kube<Deployment>(`${APPS}/deployments/${deployment}`)).spec.template.spec.containers.find((c) => c.name === container)?.env ?? []).map((e) => [e.name, e.value]));

/** Preview, request, approve (by another person) and execute, in-process; returns the finished run. */
async function pressAndApprove(section: string, step: string, params: Record<string, unknown>) {
  const action = h.resolve(section, step, params);
  const executor = h.getExecutor(action.action.kind);
  const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
  expect(preview.needsApproval).toBe(true);
  expect(preview.nothingToChange).toBeNull();
  const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'test', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
  expect(run.status).toBe('pending-approval');
  const approved = await h.flow.approveRun(h.as('adam', 'approver'), run, action, null, executor);
  const done = await h.flow.executeRun(h.as('adam', 'approver'), approved, action, executor);
  return { preview, done };
}

/** The preview route, as the browser calls it: status and error body. */
async function previewOverHttp(role: 'operator' | 'viewer', section: string, step: string, params: Record<string, unknown>) {
  const person = await signInAs(role, `buttons-${role}-${Math.random().toString(36).slice(2, 8)}`);
  const route = await import('@/app/api/actions/preview/route');
  const response = await route.POST(
    person.request('http://console/api/actions/preview', { method: 'POST', headers: { origin: 'http://console', 'content-type': 'application/json' }, body: JSON.stringify({ section, step, params }) }),
  );
  return { status: response.status, body: (await response.json()) as { error?: { field?: string; message: string } } };
}

describe('issue 14.11 (a): load shedding lowers the media agents\' MAX_CONCURRENT_CALLS, bounded, with approval', () => {
  it('previews the cap before and after, and after approval the deployment holds the chosen cap', async () => {
    expect((await envOf('media-agent')).MAX_CONCURRENT_CALLS).toBe('25');
    const { preview, done } = await pressAndApprove('performance', 'load-shedding', { max_concurrent_calls: 20 });
    expect(preview.changes).toContainEqual({ path: 'spec.template.spec.containers[media-agent].env[MAX_CONCURRENT_CALLS].value', before: '25', after: '20' });
    expect(done.status, done.result ?? '').toBe('succeeded');
    expect((await envOf('media-agent')).MAX_CONCURRENT_CALLS).toBe('20');
  });

  it.each([
    [5, /^params\.max_concurrent_calls: must be at least 10/],
    [101, /^params\.max_concurrent_calls: must be at most 100/],
    [12.5, /^params\.max_concurrent_calls: must be a whole number/],
  ])('a cap of %s is a 400 naming the field, and nothing changes', async (cap, message) => {
    const before = await h.kube<Deployment>(`${APPS}/deployments/media-agent`);
    const { status, body } = await previewOverHttp('operator', 'performance', 'load-shedding', { max_concurrent_calls: cap });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ field: 'params.max_concurrent_calls', message: expect.stringMatching(message) });
    expect((await h.kube<Deployment>(`${APPS}/deployments/media-agent`)).metadata.generation).toBe(before.metadata.generation);
  });

  it('a cap at or above the current one sheds no load: refused at the preview, naming the field, nothing changed', async () => {
    const current = Number((await envOf('media-agent')).MAX_CONCURRENT_CALLS);
    const before = await h.kube<Deployment>(`${APPS}/deployments/media-agent`);
    for (const cap of [current, current + 10]) {
      const { status, body } = await previewOverHttp('operator', 'performance', 'load-shedding', { max_concurrent_calls: cap });
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ field: 'params.max_concurrent_calls', message: expect.stringContaining(`must be below the current MAX_CONCURRENT_CALLS on container media-agent (${current})`) });
    }
    expect((await h.kube<Deployment>(`${APPS}/deployments/media-agent`)).metadata.generation).toBe(before.metadata.generation);
  });

  it('a viewer may not press it (403), and in the flow a viewer is refused before any dry run', async () => {
    const { status } = await previewOverHttp('viewer', 'performance', 'load-shedding', { max_concurrent_calls: 15 });
    expect(status).toBe(403);
    const action = h.resolve('performance', 'load-shedding', { max_concurrent_calls: 15 });
    await expect(h.flow.previewAction(h.as('vera', 'viewer'), action, h.getExecutor(action.action.kind))).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('issue 14.11 (b, c): switch to the fallback LLM provider (004) and to the regional TTS endpoint (000)', () => {
  it.each([
    ['voice-latency', 'switch-fallback-llm', 'media-agent', 'LLM_PROVIDER', 'openai', 'ollama'],
    ['voice-latency', 'switch-regional-tts', 'tts-router', 'TTS_ENDPOINT', 'global', 'regional'],
  ])('%s/%s: previews %s %s before and after, needs approval, and the deployment holds it after the run', async (section, step, deployment, variable, before, after) => {
    expect((await envOf(deployment))[variable]).toBe(before);
    const { preview, done } = await pressAndApprove(section, step, {});
    expect(preview.changes).toContainEqual({ path: `spec.template.spec.containers[${deployment}].env[${variable}].value`, before, after });
    expect(done.status, done.result ?? '').toBe('succeeded');
    expect((await envOf(deployment))[variable]).toBe(after);
  });

  it('in the voice-latency scenario the regional endpoint brings the TTS time-to-first-byte back (the simulator reads the switch)', async () => {
    h.sim.setScenario('voice-latency');
    try {
      const slow = h.sim.estate.getConditions().ttsTtfb.p95;
      expect(slow).toBeGreaterThan(0.5);
      const { done } = await pressAndApprove('voice-latency', 'switch-regional-tts', {});
      expect(done.status, done.result ?? '').toBe('succeeded');
      await until(async () => h.sim.estate.getConditions().ttsTtfb.p95 < slow, 'the TTS TTFB to recover');
      expect(h.sim.estate.getRemedies()).toContainEqual({ kind: 'set-env', namespace: 'voicehive', deployment: 'tts-router', container: 'tts-router', env: expect.objectContaining({ TTS_ENDPOINT: 'regional' }) });
    } finally {
      h.sim.setScenario('healthy');
    }
  });

  it('a parameter the step does not take is a 400 naming the field, and nothing changes; a viewer may not press either', async () => {
    for (const [step, deployment] of [['switch-fallback-llm', 'media-agent'], ['switch-regional-tts', 'tts-router']] as const) {
      const before = await h.kube<Deployment>(`${APPS}/deployments/${deployment}`);
      const { status, body } = await previewOverHttp('operator', 'voice-latency', step, { provider: 'http://evil.example' });
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ field: expect.stringMatching(/^params/), message: expect.stringContaining('provider') });
      expect((await previewOverHttp('viewer', 'voice-latency', step, {})).status).toBe(403);
      expect((await h.kube<Deployment>(`${APPS}/deployments/${deployment}`)).metadata.generation).toBe(before.metadata.generation);
    }
  });
});

describe('issue 14.11 (d): Redis MEMORY PURGE (003 "Memory Full"), idempotent by nature', () => {
  it('an operator runs it without approval; pressed twice, the second is not refused as "nothing would change"; no key goes', async () => {
    await redis.mset('session:purge-a', 'x', 'session:purge-b', 'y');
    for (let i = 0; i < 2; i++) {
      const action = h.resolve('redis', 'memory-purge');
      const executor = h.getExecutor(action.action.kind);
      const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
      expect(preview).toMatchObject({ needsApproval: false, nothingToChange: null, target: 'Redis memory' });
      const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'memory full', sectionSeverity: 'P1', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
      const done = await h.flow.executeRun(h.as('olivia', 'operator'), run, action, executor);
      expect(done.status, done.result ?? '').toBe('succeeded');
      expect(JSON.parse(done.result ?? '{}').message).toMatch(/^MEMORY PURGE done on 127\.0\.0\.1:\d+: .*Before: used .*After: used /);
    }
    expect(await redis.exists('session:purge-a', 'session:purge-b')).toBe(2);
    const audit = await h.store.db.selectFrom('audit_log').select(['action', 'target', 'outcome']).where('target', '=', 'Redis memory').execute();
    expect(audit.map((a) => a.action)).toEqual(['action.preview', 'action.execute.start', 'action.execute', 'action.preview', 'action.execute.start', 'action.execute']);
  });

  it('a parameter it does not take is a 400 naming the field; a viewer is refused; Redis is untouched', async () => {
    await redis.set('session:purge-c', 'z');
    const keys = await redis.dbsize();
    const { status, body } = await previewOverHttp('operator', 'redis', 'memory-purge', { key: '*' });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ field: expect.stringMatching(/^params/), message: expect.stringContaining('key') });
    expect((await previewOverHttp('viewer', 'redis', 'memory-purge', {})).status).toBe(403);
    const action = h.resolve('redis', 'memory-purge');
    await expect(h.flow.previewAction(h.as('vera', 'viewer'), action, h.getExecutor(action.action.kind))).rejects.toMatchObject({ code: 'forbidden' });
    expect(await redis.dbsize()).toBe(keys);
  });
});

type Limits = { spec: { template: { spec: { containers: { name: string; resources: { limits: Record<string, string>; requests: Record<string, string> } }[] } } }; metadata: { generation: number; resourceVersion: string } };
const resourcesOf = async (deployment: string) => (await h.kube<Limits>(`${APPS}/deployments/${deployment}`)).spec.template.spec.containers.find((c) => c.name === deployment)!.resources;

describe('issue 14.11 (e): raise a deployment\'s memory limit (000 §4, 001), a dry-run diff, bounded, with approval', () => {
  it('previews the limit before and after (a server-side dry run, nothing written), and after approval the deployment holds it; other resources untouched', async () => {
    const before = await resourcesOf('orchestrator');
    expect(before.limits.memory).toBe('2Gi');
    const generation = (await h.kube<Limits>(`${APPS}/deployments/orchestrator`)).metadata.generation;
    const action = h.resolve('memory-cpu', 'increase-memory-limits', { deployment: 'orchestrator', memory_mib: 3072 });
    const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, h.getExecutor(action.action.kind));
    expect(preview.changes).toContainEqual({ path: 'spec.template.spec.containers[orchestrator].resources.limits.memory', before: '2Gi', after: '3072Mi' });
    expect(preview.needsApproval).toBe(true);
    expect((await h.kube<Limits>(`${APPS}/deployments/orchestrator`)).metadata.generation).toBe(generation);
    const { done } = await pressAndApprove('memory-cpu', 'increase-memory-limits', { deployment: 'orchestrator', memory_mib: 3072 });
    expect(done.status, done.result ?? '').toBe('succeeded');
    const after = await resourcesOf('orchestrator');
    expect(after).toEqual({ limits: { ...before.limits, memory: '3072Mi' }, requests: before.requests });
  });

  it.each([
    [{ deployment: 'orchestrator', memory_mib: 100 }, 'params.memory_mib', /must be at least 512/],
    [{ deployment: 'orchestrator', memory_mib: 9000 }, 'params.memory_mib', /must be at most 8192/],
    [{ deployment: 'riva-server', memory_mib: 4096 }, 'params.deployment', /must be one of orchestrator, media-agent, tts-router, connectors/],
    [{ deployment: 'media-agent', memory_mib: 4096 }, 'params.memory_mib', /must be above the current memory limit of container media-agent \(4Gi\)/],
  ])('%j is a 400 naming %s, and nothing changes', async (params, field, message) => {
    const generation = (await h.kube<Limits>(`${APPS}/deployments/${params.deployment}`)).metadata.generation;
    const { status, body } = await previewOverHttp('operator', 'memory-cpu', 'increase-memory-limits', params);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ field, message: expect.stringMatching(message) });
    expect((await h.kube<Limits>(`${APPS}/deployments/${params.deployment}`)).metadata.generation).toBe(generation);
  });

  it('a viewer may not press it', async () => {
    expect((await previewOverHttp('viewer', 'memory-cpu', 'increase-memory-limits', { deployment: 'connectors', memory_mib: 4096 })).status).toBe(403);
  });

  it('the API double answers like an API server: 422 naming the field for an invalid quantity or a request above its limit, dryRun writes nothing, a stale resourceVersion is a 409', async () => {
    const patch = (body: unknown, query = '') =>
      fetch(`${h.sim.url}${APPS}/deployments/connectors${query}`, { method: 'PATCH', headers: { authorization: `Bearer ${SIM_TOKEN}`, 'content-type': 'application/strategic-merge-patch+json' }, body: JSON.stringify(body) });
    const limit = (memory: string, resourceVersion?: string) => ({ ...(resourceVersion ? { metadata: { resourceVersion } } : {}), spec: { template: { spec: { containers: [{ name: 'connectors', resources: { limits: { memory } } }] } } } });
    const before = await h.kube<Limits>(`${APPS}/deployments/connectors`);
    const invalid = await patch(limit('2Gx'), '?dryRun=All');
    expect(invalid.status).toBe(422);
    expect(JSON.stringify(await invalid.json())).toContain('spec.template.spec.containers[0].resources.limits[memory]');
    const belowRequest = await patch(limit('1Mi'));
    expect(belowRequest.status).toBe(422);
    expect(JSON.stringify(await belowRequest.json())).toMatch(/resources\.requests.*must be less than or equal to memory limit of 1Mi/);
    expect((await patch(limit('4096Mi'), '?dryRun=All')).status).toBe(200);
    const stale = await patch(limit('4096Mi', String(Number(before.metadata.resourceVersion) - 1)));
    expect(stale.status).toBe(409);
    const now = await h.kube<Limits>(`${APPS}/deployments/connectors`);
    expect(now.metadata.generation).toBe(before.metadata.generation);
    expect(now.spec.template.spec.containers[0]!.resources).toEqual(before.spec.template.spec.containers[0]!.resources);
  });
});
