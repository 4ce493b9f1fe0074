import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubernetesClient } from './client';
import { parseEnv } from '@/lib/env';
import { resolveKubernetesSettings, type KubernetesSettings } from './settings';

// An API server reached under a path prefix, as behind Rancher (`/k8s/clusters/c-xxx`) or an
// authenticating gateway: a stand-in on loopback that answers only under that prefix and records the
// paths it is asked for. (The simulator's API double serves at the root, so it cannot show this.)
// Both modes already kept the prefix (client-node appends the API path to the server URL and drops a
// trailing slash from a kubeconfig's server); these tests pin it.
const PREFIX = '/k8s/clusters/c-m4x7q';
const seen: string[] = [];
let server: http.Server;
let origin: string;
let dir: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const ok = (req.url ?? '').startsWith(`${PREFIX}/apis/apps/v1/namespaces/voicehive/deployments`);
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: '1' }, items: [] } : { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'not under the prefix' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-kube-prefix-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const common = { namespaces: ['voicehive'], timeoutMs: 2000 };

function kubeconfigWith(server: string): string {
  const file = path.join(dir, `kubeconfig-${seen.length}-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'rancher', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'ops', user: { token: 'kubeconfig-token' } }],
      contexts: [{ name: 'rancher', context: { cluster: 'rancher', user: 'ops' } }],
      'current-context': 'rancher',
    }),
  );
  return file;
}

async function listThrough(settings: KubernetesSettings): Promise<string> {
  seen.length = 0;
  await createKubernetesClient(settings, { cacheTtlMs: 0 }).listDeployments('voicehive', 'app=orchestrator');
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

describe('Kubernetes API base URL with a path prefix', () => {
  it.each(['', '/'])('explicit mode keeps the prefix (KUBE_API_URL ending in %j)', async (end) => {
    const settings = resolveKubernetesSettings(parseEnv({ KUBE_API_URL: `${origin}${PREFIX}${end}`, KUBE_TOKEN: 't', KUBE_NAMESPACES: 'voicehive' }), () => false);
    const url = await listThrough(settings);
    expect(url).toBe(`${PREFIX}/apis/apps/v1/namespaces/voicehive/deployments?labelSelector=app%3Dorchestrator`);
  });

  it.each(['', '/'])('kubeconfig mode keeps the prefix (server ending in %j), without a doubled slash', async (end) => {
    const url = await listThrough({ ...common, mode: 'kubeconfig', kubeconfigPath: kubeconfigWith(`${origin}${PREFIX}${end}`) });
    expect(url).toBe(`${PREFIX}/apis/apps/v1/namespaces/voicehive/deployments?labelSelector=app%3Dorchestrator`);
  });
});
