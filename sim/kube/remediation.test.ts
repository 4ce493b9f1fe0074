import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { healthyConditions } from '../conditions';
import { createEstate } from '../estate';
import { parseExposition } from '../exposition';
import { scenarios } from '../scenarios';
import { formatRemedyTable, readButtons } from './remedy-table';
import { APPS, NS, startKubeSim, waitFor, type KubeTestClient } from './test-support';

const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
let k: KubeTestClient | undefined;
afterEach(async () => {
  await k?.sim.close();
  k = undefined;
});

const restart = (client: KubeTestClient, name: string) =>
  client.call('PATCH', `${APPS}/deployments/${name}`, { body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } }, contentType: SMP });

/** Finished calls by outcome, from the simulator's own /metrics. */
async function calls(client: KubeTestClient): Promise<{ success: number; failed: number }> {
  const text = await (await fetch(`${client.sim.url}/metrics`)).text();
  const samples = parseExposition(text).samples.filter((s) => s.name === 'voicehive_calls_total');
  const of = (outcome: string) => samples.find((s) => s.labels.outcome === outcome)?.value ?? 0;
  return { success: of('success'), failed: of('failed') };
}

/** Calls finished during the next `ms`, as a rate over that window would count them. */
async function callsDuring(client: KubeTestClient, ms: number) {
  const before = await calls(client);
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await calls(client);
  const success = after.success - before.success;
  const failed = after.failed - before.failed;
  return { success, failed, ratio: success / Math.max(1, success + failed) };
}

describe('remediation: Kubernetes changes heal the estate', () => {
  it('rollout restart of media-agent ends call-failures: the call success rate on /metrics recovers', async () => {
    k = await startKubeSim({ scenario: 'call-failures' });
    // ~20 % of calls fail; even at the night-time low (3.5 calls/s) 3 s hold at least one failure.
    const sick = await callsDuring(k, 3000);
    expect(sick.failed).toBeGreaterThanOrEqual(1);
    expect((await restart(k, 'media-agent')).status).toBe(200);
    await waitFor(() => k!.sim.estate.getConditions().callSuccessRatio > 0.99, 5000, 'the remedy');
    expect(k.sim.estate.getRemedies()).toContainEqual({ kind: 'rollout', namespace: 'voicehive', deployment: 'media-agent', trigger: 'restart' });
    const healed = await callsDuring(k, 3000);
    expect(healed.failed).toBeLessThanOrEqual(1);
    expect(healed.success).toBeGreaterThanOrEqual(8);
    expect(healed.ratio).toBeGreaterThan(0.9);
    // The readiness warnings stop with the failures; the scenario itself is still call-failures.
    expect(k.sim.getScenario().id).toBe('call-failures');
  }, 20_000);

  it('needs the whole sequence, in order: rate-limit config then an orchestrator restart', async () => {
    k = await startKubeSim({ scenario: 'rate-limiting' });
    await restart(k, 'orchestrator');
    await waitFor(() => k!.sim.estate.getRemedies().some((r) => r.kind === 'rollout'), 5000, 'first restart');
    await k.call('PATCH', `${NS}/configmaps/rate-limit-config`, { body: { data: { requests_per_minute: '120' } }, contentType: MERGE });
    expect(k.sim.estate.getConditions().http429Ratio).toBe(0.15);
    await restart(k, 'orchestrator');
    await waitFor(() => k!.sim.estate.getConditions().http429Ratio < 0.01, 5000, 'rate limits applied');
  });

  it('ends suspicious-activity when one of the IPs in the orchestrator logs is blocked', async () => {
    k = await startKubeSim({ scenario: 'suspicious-activity' });
    const pod = k.sim.estate.pods.orchestrator[0]!;
    // Lines from the scenario's start on show the attack (a few per second on the orchestrator).
    const ip = await waitFor(async () => {
      const log = (await k!.call('GET', `${NS}/pods/${pod}/log?sinceSeconds=600`)).text;
      return /(?:auth failed: invalid credentials user=\S+|rate_limit_exceeded) ip=(\S+)/.exec(log)?.[1];
    }, 20_000, 'an attack line');
    const dry = await k.call('PATCH', `${NS}/configmaps/security-config?dryRun=All`, { body: { data: { blocked_ips: ip } }, contentType: MERGE });
    expect(dry.status).toBe(200);
    expect(k.sim.estate.getConditions().attackRequestsPerSecond).toBe(40);
    await k.call('PATCH', `${NS}/configmaps/security-config`, { body: { data: { blocked_ips: `1.2.3.4,${ip}` } }, contentType: MERGE });
    expect(k.sim.estate.getConditions().attackRequestsPerSecond).toBe(0);
  }, 30_000);

  it('ends auth-failures when every orchestrator pod is deleted by selector (a restart in all but name)', async () => {
    k = await startKubeSim({ scenario: 'auth-failures' });
    const deleted = await k.call('DELETE', `${NS}/pods?labelSelector=app%3Dorchestrator`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ kind: 'PodList', apiVersion: 'v1' });
    expect((deleted.json.items as { metadata: { deletionTimestamp?: string } }[]).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    await waitFor(() => k!.sim.estate.getConditions().http401Ratio < 0.05, 5000, 'auth healed');
    expect(k.sim.estate.getRemedies()).toContainEqual({ kind: 'rollout', namespace: 'voicehive', deployment: 'orchestrator', trigger: 'delete-pods' });
  });

  it('ends oom-loop when the OOMKilled pod is deleted, not when another pod is', async () => {
    k = await startKubeSim({ scenario: 'oom-loop' });
    const [victim, other] = k.sim.estate.pods['media-agent'];
    await waitFor(async () => JSON.stringify(await k!.get(`${NS}/pods/${victim}`)).includes('OOMKilled'), 5000, 'an OOM kill');
    await k.call('DELETE', `${NS}/pods/${other}`);
    await waitFor(() => k!.sim.estate.getRemedies().some((r) => r.kind === 'delete-pod'), 5000, 'the replacement');
    expect(k.sim.estate.getConditions().oomDeployment).toBe('media-agent');
    await k.call('DELETE', `${NS}/pods/${victim}`);
    await waitFor(() => k!.sim.estate.getConditions().oomDeployment === null, 5000, 'loop ended');
  });

  it('ends database-down when postgresql-0 is deleted and comes back', async () => {
    k = await startKubeSim({ scenario: 'database-down' });
    await waitFor(async () => ((await k!.get(`${NS}/pods/postgresql-0`)).status as { containerStatuses: { restartCount: number }[] }).containerStatuses[0]!.restartCount > 0, 5000, 'crash loop');
    await k.call('DELETE', `${NS}/pods/postgresql-0`);
    await waitFor(() => k!.sim.estate.getConditions().pgUp, 5000, 'pg_up');
  });

  it('switching scenario resets remedies and restores the seeded objects, resourceVersions still growing', async () => {
    k = await startKubeSim({ scenario: 'call-failures' });
    await k.call('PATCH', `${NS}/configmaps/database-config`, { body: { data: { max_connections: '100' } }, contentType: MERGE });
    await k.call('PATCH', `${APPS}/deployments/orchestrator/scale`, { body: { spec: { replicas: 6 } }, contentType: MERGE });
    const rv = Number(((await k.get(`${NS}/configmaps/database-config`)).metadata as { resourceVersion: string }).resourceVersion);
    const response = await fetch(`${k.sim.url}/scenario`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'livekit-down' }) });
    expect(response.status).toBe(200);
    const cm = await k.get(`${NS}/configmaps/database-config`);
    expect(cm.data).toMatchObject({ max_connections: '40' });
    expect(Number((cm.metadata as { resourceVersion: string }).resourceVersion)).toBeGreaterThan(rv);
    expect((await k.get(`${APPS}/deployments/orchestrator`)).spec).toMatchObject({ replicas: 3 });
    expect(k.sim.estate.getRemedies()).toEqual([]);
    expect((await k.get(`${NS}/configmaps/livekit-config`)).data).toMatchObject({ server_url: 'wss://livekit-legacy.voicehive.com' });
    await k.call('PATCH', `${NS}/configmaps/livekit-config`, { body: { data: { server_url: 'wss://livekit.voicehive.com' } }, contentType: MERGE });
    expect(k.sim.estate.getConditions().livekitUp).toBe(true);
  });
});

describe('estate.remediate', () => {
  it('heals only what the current scenario declares, its steps in order, once; a switch forgets', () => {
    const estate = createEstate({ scenario: 'rate-limiting', now: () => Date.UTC(2025, 0, 15, 14) });
    const restartOrchestrator = { kind: 'rollout', namespace: 'voicehive', deployment: 'orchestrator', trigger: 'restart' } as const;
    const raiseLimit = { kind: 'patch-configmap', namespace: 'voicehive', name: 'rate-limit-config', data: { requests_per_minute: '120' } } as const;
    expect(estate.remediate({ kind: 'rollout', namespace: 'voicehive', deployment: 'media-agent', trigger: 'restart' })).toEqual([]);
    expect(estate.remediate(restartOrchestrator)).toEqual([]);
    expect(estate.remediate(raiseLimit)).toEqual([]);
    expect(estate.getConditions().http429Ratio).toBe(0.15);
    expect(estate.remediate(restartOrchestrator)).toEqual(['ends it once the orchestrator restarts with the new limit']);
    expect(estate.getConditions().http429Ratio).toBe(healthyConditions.http429Ratio);
    expect(estate.remediate(restartOrchestrator)).toEqual([]);
    const seen: string[] = [];
    estate.onScenarioChange((id) => seen.push(id));
    estate.setScenario('rate-limiting');
    expect(seen).toEqual(['rate-limiting']);
    expect(estate.getRemedies()).toEqual([]);
    expect(estate.getConditions().http429Ratio).toBe(0.15);
  });
});

describe('remedy table', () => {
  it('every step of every resolution is a runbook button, except the documented kubectl-only ones', () => {
    const buttons = readButtons();
    const kubectlOnly = ['delete pod redis-0 -n voicehive', 'delete pod <the OOMKilled media-agent pod> -n voicehive'];
    for (const scenario of scenarios) {
      for (const resolution of scenario.resolvedBy ?? []) {
        for (const matcher of resolution.when) {
          if (kubectlOnly.includes(matcher.says)) continue;
          expect(buttons.some((b) => b.remedies.some((r) => matcher.test(r))), `${scenario.id}: ${matcher.says}`).toBe(true);
        }
      }
    }
  });

  it('is the table in sim/README.md (regenerate with `npx tsx sim/main.ts remedies`)', () => {
    expect(readFileSync('sim/README.md', 'utf8')).toContain(formatRemedyTable());
  });
});
