import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnknownFields } from './fields';
import { APPS, BATCH, itemsOf, NS, startKubeSim, TOKEN, type KubeTestClient } from './test-support';

// Unknown fields, as kube-apiserver (1.27+) treats them: dropped with a Warning header by default
// (fieldValidation=Warn), dropped silently with Ignore, refused with 400 under Strict.

let k: KubeTestClient;
beforeAll(async () => {
  k = await startKubeSim();
});
afterAll(async () => {
  await k.sim.close();
});

const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';

async function send(method: string, path: string, body: unknown, contentType: string) {
  const response = await fetch(`${k.sim.url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': contentType }, body: JSON.stringify(body) });
  return { status: response.status, warnings: response.headers.get('warning'), json: (await response.json()) as Record<string, unknown> };
}

const job = (extra: Record<string, unknown> = {}) => ({
  metadata: { name: `fields-${Math.random().toString(36).slice(2, 8)}` },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'busybox' }] } }, ...extra },
});

describe('Kubernetes API double: unknown fields', () => {
  it('drops an unknown field by default and says so in a Warning header', async () => {
    const { status, warnings, json } = await send('PATCH', `${APPS}/deployments/orchestrator`, { spec: { foo: 1, template: { spec: { containers: [{ name: 'orchestrator', bar: true }] } } } }, SMP);
    expect(status).toBe(200);
    expect(warnings).toBe('299 - "unknown field \\"spec.foo\\"", 299 - "unknown field \\"spec.template.spec.containers[0].bar\\""');
    expect(json.spec).not.toHaveProperty('foo');
    const stored = (await k.get(`${APPS}/deployments/orchestrator`)) as { spec: Record<string, unknown> & { template: { spec: { containers: Record<string, unknown>[] } } } };
    expect(stored.spec).not.toHaveProperty('foo');
    expect(stored.spec.template.spec.containers[0]).not.toHaveProperty('bar');
  });

  it('does the same under fieldValidation=Warn, and drops it silently under Ignore', async () => {
    const warn = await send('PATCH', `${NS}/configmaps/rate-limit-config?fieldValidation=Warn`, { data: { burst: '12' }, foo: 'x' }, MERGE);
    expect(warn).toMatchObject({ status: 200, warnings: '299 - "unknown field \\"foo\\""' });
    const ignore = await send('PATCH', `${NS}/configmaps/rate-limit-config?fieldValidation=Ignore`, { data: { burst: '13' }, foo: 'x' }, MERGE);
    expect(ignore).toMatchObject({ status: 200, warnings: null });
    expect(ignore.json).not.toHaveProperty('foo');
    expect((ignore.json.data as Record<string, string>).burst).toBe('13');
  });

  it('refuses it with 400 under fieldValidation=Strict, changing nothing, for patches, the scale subresource and creates', async () => {
    const before = await k.get(`${APPS}/deployments/orchestrator`);
    const strict = await send('PATCH', `${APPS}/deployments/orchestrator?fieldValidation=Strict`, { spec: { foo: 1, replicas: 4 } }, SMP);
    expect(strict.status).toBe(400);
    expect(strict.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'strict decoding error: unknown field "spec.foo"', reason: 'BadRequest', code: 400 });
    expect(await k.get(`${APPS}/deployments/orchestrator`)).toEqual(before);
    const scale = await send('PATCH', `${APPS}/deployments/orchestrator/scale?fieldValidation=Strict&dryRun=All`, { spec: { replicas: 4, replica: 5 } }, MERGE);
    expect(scale.json).toMatchObject({ code: 400, message: 'strict decoding error: unknown field "spec.replica"' });
    const created = await send('POST', `${BATCH}/jobs?fieldValidation=Strict`, job({ backofLimit: 1 }), 'application/json');
    expect(created.json).toMatchObject({ code: 400, reason: 'BadRequest', message: 'Job in version "v1" cannot be handled as a Job: strict decoding error: unknown field "spec.backofLimit"' });
    const warned = await send('POST', `${BATCH}/jobs?dryRun=All`, job({ backofLimit: 1 }), 'application/json');
    expect(warned).toMatchObject({ status: 201, warnings: '299 - "unknown field \\"spec.backofLimit\\""' });
  });

  it('accepts a write with only known fields under Strict, and refuses an unknown fieldValidation value', async () => {
    expect((await send('PATCH', `${APPS}/deployments/orchestrator/scale?fieldValidation=Strict&dryRun=All`, { spec: { replicas: 4 } }, MERGE)).status).toBe(200);
    expect((await send('POST', `${BATCH}/jobs?fieldValidation=Strict&dryRun=All`, job(), 'application/json')).status).toBe(201);
    const bad = await send('PATCH', `${NS}/configmaps/rate-limit-config?fieldValidation=strict`, { data: {} }, MERGE);
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ reason: 'Invalid', message: expect.stringContaining('fieldValidation: Unsupported value: "strict"') });
  });

  it('serves only fields the schema knows, so a client writing back what it read gets no warning', async () => {
    for (const [kind, path] of [['Deployment', `${APPS}/deployments`], ['ConfigMap', `${NS}/configmaps`], ['Job', `${BATCH}/jobs`], ['Pod', `${NS}/pods`]] as const) {
      for (const item of itemsOf(await k.get(path))) expect(findUnknownFields(kind, item as never).unknown, `${kind} ${item.metadata.name}`).toEqual([]);
    }
    expect(findUnknownFields('Scale', (await k.get(`${APPS}/deployments/orchestrator/scale`)) as never).unknown).toEqual([]);
  });
});
