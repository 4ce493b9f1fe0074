import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createKubernetesClient } from './client';

// Every change the console sends asks the API server to refuse fields it does not know
// (fieldValidation=Strict, as kubectl does), instead of having them dropped with only a warning. A
// stand-in server on loopback shows what is sent; the stricter double refusing such a change is in
// test/integration/kubernetes-adapter.test.ts.

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

const cronJob = {
  kind: 'CronJob',
  apiVersion: 'batch/v1',
  metadata: { name: 'data-retention-cleanup', namespace: 'voicehive', uid: 'u1' },
  spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } } } },
};

async function startRecorder() {
  const seen: { method: string; url: URL }[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ method: req.method ?? '', url });
      const body = url.pathname.includes('/cronjobs/') ? cronJob : url.pathname.endsWith('/scale') ? { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'x' }, spec: { replicas: 2 } } : { metadata: { name: 'x' } };
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('Kubernetes adapter: server-side field validation', () => {
  it('sends fieldValidation=Strict with every patch and create, dry run or not', async () => {
    const fake = await startRecorder();
    const k8s = createKubernetesClient({ mode: 'explicit', apiUrl: fake.url, token: 't', insecureSkipTlsVerify: false, namespaces: ['voicehive'], timeoutMs: 2000 }, { cacheTtlMs: 0 });
    for (const dryRun of [true, false]) {
      await k8s.patchDeploymentStrategic('voicehive', 'orchestrator', { spec: {} }, { dryRun });
      await k8s.patchScale('voicehive', 'orchestrator', 3, { dryRun });
      await k8s.patchConfigMapMerge('voicehive', 'rate-limit-config', { burst: '1' }, { dryRun, resourceVersion: '7' });
      await k8s.createJobFromCronJob('voicehive', 'data-retention-cleanup', 'data-retention-cleanup-manual-1', { dryRun });
    }
    const writes = fake.seen.filter((r) => r.method === 'PATCH' || r.method === 'POST' || r.method === 'PUT');
    expect(writes).toHaveLength(8);
    for (const write of writes) expect(write.url.searchParams.get('fieldValidation'), `${write.method} ${write.url.pathname}`).toBe('Strict');
  });
});
