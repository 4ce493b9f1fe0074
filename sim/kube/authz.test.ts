import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, CONSOLE_TOKEN, NS, startKubeSim, type KubeTestClient } from './test-support';

// The double authorizes the console's service account by deploy/kubernetes/rbac.yaml, as kube-apiserver's
// RBAC authorizer would, and answers what it does not grant with the API server's 403 Status.

let k: KubeTestClient;
beforeAll(async () => {
  k = await startKubeSim();
});
afterAll(async () => {
  await k.sim.close();
});

const SA = 'system:serviceaccount:voicehive-ops:voicehive-ops';
const asConsole = (method: string, path: string, body?: unknown, contentType?: string) => k.call(method, path, { token: CONSOLE_TOKEN, body, contentType });

describe('Kubernetes API double: authorization of the console service account', () => {
  it('lets the console do what rbac.yaml grants: list pods, read a named deployment, patch its scale (dry run)', async () => {
    expect((await asConsole('GET', `${NS}/pods`)).status).toBe(200);
    expect((await asConsole('GET', `${APPS}/deployments/orchestrator`)).status).toBe(200);
    const scale = await asConsole('PATCH', `${APPS}/deployments/orchestrator/scale?dryRun=All`, { spec: { replicas: 4 } }, 'application/merge-patch+json');
    expect(scale.status).toBe(200);
  });

  it('answers a request rbac.yaml does not grant with 403 and the API server\'s Status (secrets, another namespace, an unnamed object)', async () => {
    const secrets = await asConsole('GET', `${NS}/secrets`);
    expect(secrets.status).toBe(403);
    expect(secrets.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `secrets is forbidden: User "${SA}" cannot list resource "secrets" in API group "" in the namespace "voicehive"`,
      reason: 'Forbidden',
      details: { kind: 'secrets' },
      code: 403,
    });
    const elsewhere = await asConsole('GET', '/api/v1/namespaces/default/pods');
    expect(elsewhere.json).toMatchObject({ code: 403, message: `pods is forbidden: User "${SA}" cannot list resource "pods" in API group "" in the namespace "default"` });
    // Named rules: redis is no catalog target, so reading it by name is not granted (nor is its existence revealed).
    const redis = await asConsole('GET', `${APPS}/deployments/redis`);
    expect(redis.json).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: `deployments.apps "redis" is forbidden: User "${SA}" cannot get resource "deployments" in API group "apps" in the namespace "voicehive"`,
      details: { name: 'redis', group: 'apps', kind: 'deployments' },
    });
    // connectors may be restarted but not scaled: deployments and deployments/scale are separate rules.
    const scale = await asConsole('PATCH', `${APPS}/deployments/connectors/scale?dryRun=All`, { spec: { replicas: 4 } }, 'application/merge-patch+json');
    expect(scale.json).toMatchObject({ code: 403, message: `deployments.apps "connectors" is forbidden: User "${SA}" cannot patch resource "deployments/scale" in API group "apps" in the namespace "voicehive"` });
    const cluster = await asConsole('GET', '/api/v1/pods');
    expect(cluster.json).toMatchObject({ code: 403, message: `pods is forbidden: User "${SA}" cannot list resource "pods" in API group "" at the cluster scope` });
  });

  it('refuses before looking: a forbidden write changes nothing, and an unknown resource is 403, not 404', async () => {
    const before = await k.get('/apis/batch/v1/namespaces/kube-system/jobs');
    const create = await asConsole('POST', '/apis/batch/v1/namespaces/kube-system/jobs', { metadata: { name: 'x' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'x' }] } } } });
    expect(create.json).toMatchObject({ code: 403, message: `jobs.batch is forbidden: User "${SA}" cannot create resource "jobs" in API group "batch" in the namespace "kube-system"` });
    // The items, not the list's resourceVersion: that is the store's latest revision, moved by any change anywhere
    // (the double's controllers keep working meanwhile), as a real API server's list revision is.
    expect((await k.get('/apis/batch/v1/namespaces/kube-system/jobs')).items).toEqual(before.items);
    expect((await asConsole('GET', `${APPS}/widgets`)).status).toBe(403);
  });

  it('gives the simulator and the tests an admin token that may do anything, and still 401s a stranger', async () => {
    expect((await k.call('GET', `${NS}/secrets`)).status).not.toBe(403);
    expect((await k.call('GET', `${APPS}/statefulsets/redis`)).status).toBe(200);
    expect((await asConsole('GET', `${APPS}/statefulsets/redis`)).status).toBe(403);
    expect((await k.call('GET', `${NS}/pods`, { token: 'stranger' })).status).toBe(401);
  });

  it('lets any signed-in user read the discovery documents, as the system:discovery role does', async () => {
    expect((await asConsole('GET', '/api')).status).not.toBe(403);
    expect((await asConsole('GET', '/apis')).status).not.toBe(403);
  });
});
