// The console reaching the API double as it reaches a cluster's API server: over HTTPS signed by a CA it
// must be told to trust, and in-cluster with the service account's token, ca.crt and namespace files,
// the token rotating while the console runs. Certificates come from Debian's openssl (scripts/stack/tls.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { createKubernetesClient, type KubernetesClient } from '@/lib/server/kubernetes/client';
import { KubernetesError } from '@/lib/server/kubernetes/errors';
import { resolveKubernetesSettings } from '@/lib/server/kubernetes/settings';
import type { AuditEvent } from '@/sim/kube';
import { startSimulator, type Simulator } from '@/sim/server';
import { createTestCertificates, type TestCertificates } from '@/scripts/stack/tls';

const TOKEN = 'voicehive-sim-token';
let sim: Simulator;
let tls: TestCertificates;
let other: TestCertificates;
let tmp: string;
const audit: AuditEvent[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-transport-'));
  tls = createTestCertificates(path.join(tmp, 'cluster'));
  other = createTestCertificates(path.join(tmp, 'other'), 'someone-else');
  sim = await startSimulator({ port: 0, tls: { key: tls.key, cert: tls.cert }, kubeOptions: { audit: (e) => audit.push(e) } });
});

afterAll(async () => {
  await sim?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const clientFor = (env: Record<string, string>): KubernetesClient => createKubernetesClient(resolveKubernetesSettings(parseEnv(env), () => false), { cacheTtlMs: 0 });

async function failure(promise: Promise<unknown>): Promise<KubernetesError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KubernetesError) return error;
    throw error;
  }
  throw new Error('expected a KubernetesError');
}

describe('HTTPS with a CA the console must trust', () => {
  it('serves the double over https only', async () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await fetch(`${sim.url.replace('https:', 'http:')}/api`).catch(() => null)).toBeNull();
  });

  it('reads through the API server when told its CA (KUBE_CA_FILE)', async () => {
    const k8s = clientFor({ KUBE_API_URL: sim.url, KUBE_TOKEN: TOKEN, KUBE_CA_FILE: tls.caFile });
    expect((await k8s.listDeployments('voicehive', 'app=orchestrator')).map((d) => d.metadata?.name)).toEqual(['orchestrator']);
  });

  it('refuses the server without its CA, or with another CA, and says why', async () => {
    for (const env of [{}, { KUBE_CA_FILE: other.caFile }] as Record<string, string>[]) {
      const error = await failure(clientFor({ KUBE_API_URL: sim.url, KUBE_TOKEN: TOKEN, ...env }).listDeployments('voicehive'));
      expect(error.code).toBe('unreachable');
      expect(error.message).toMatch(/certificate/i);
    }
  });
});

describe('in-cluster: service-account files, the token rotating while the console runs', () => {
  let dir: string;
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };

  beforeAll(() => {
    dir = path.join(tmp, 'serviceaccount');
    fs.mkdirSync(dir);
    fs.copyFileSync(tls.caFile, path.join(dir, 'ca.crt'));
    fs.writeFileSync(path.join(dir, 'token'), TOKEN);
    fs.writeFileSync(path.join(dir, 'namespace'), 'voicehive-ops');
    Object.assign(process.env, { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(sim.port) });
  });
  afterAll(() => {
    for (const [key, value] of [['KUBERNETES_SERVICE_HOST', saved.host], ['KUBERNETES_SERVICE_PORT', saved.port]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('reads the token, CA and namespace from the configured directory, as the service account', async () => {
    const k8s = clientFor({ KUBE_MODE: 'in-cluster', KUBE_SERVICE_ACCOUNT_DIR: dir });
    const before = audit.length;
    expect((await k8s.listPods('voicehive', 'app=orchestrator')).length).toBeGreaterThan(0);
    expect(audit.slice(before).map((e) => e.user.username)).toEqual(['system:serviceaccount:voicehive-ops:voicehive-ops']);
  });

  it('keeps working when the token rotates: the API server refuses the old one, and the console re-reads the file', async () => {
    const k8s = clientFor({ KUBE_MODE: 'in-cluster', KUBE_SERVICE_ACCOUNT_DIR: dir });
    await k8s.listDeployments('voicehive');
    const next = 'voicehive-sim-token-rotated-1';
    // The kubelet writes the new token, then the old one stops being accepted.
    fs.writeFileSync(path.join(dir, 'token'), next);
    sim.kube!.rotateToken(next);
    expect((await k8s.listDeployments('voicehive')).length).toBeGreaterThan(0);
    expect((await k8s.readConfigMap('voicehive', 'rate-limit-config')).metadata?.name).toBe('rate-limit-config');
  });

  it('says the token is refused when the API server no longer accepts the one in the file', async () => {
    const k8s = clientFor({ KUBE_MODE: 'in-cluster', KUBE_SERVICE_ACCOUNT_DIR: dir });
    sim.kube!.rotateToken('voicehive-sim-token-rotated-2'); // the file still holds the previous one
    const error = await failure(k8s.listDeployments('voicehive'));
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    fs.writeFileSync(path.join(dir, 'token'), 'voicehive-sim-token-rotated-2');
    expect((await k8s.listDeployments('voicehive')).length).toBeGreaterThan(0);
  });

  it('is not configured, naming what is missing, without the token file', async () => {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    const error = await failure(clientFor({ KUBE_MODE: 'in-cluster', KUBE_SERVICE_ACCOUNT_DIR: empty }).listDeployments('voicehive'));
    expect(error.code).toBe('not-configured');
    expect(error.message).toContain(path.join(empty, 'token'));
  });
});
