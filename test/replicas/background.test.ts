// Background work and shared readings through HAProxy in front of three built consoles on one PostgreSQL and the
// console's own Redis (scripts/stack/replicas.ts), one replica set for the whole file:
// - PMS probes: one probe stream for all replicas (made while nobody views, not once per replica per viewer);
// - a replica SIGKILLed while it follows a rollout it started: another replica follows the run to its end, the
//   change was sent once, and the audit chain (written by every replica) verifies;
// - during a Prometheus outage every replica shows the same last good reading ("stale P1", never "unknown" on one
//   replica and "stale P1" on the next). Last: it freezes Prometheus.
// The PMS vendors' health endpoints are a counting server of this test (it counts every probe exactly); the
// Kubernetes double's controllers are stepped by the test only, so the rollout cannot end before the kill.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '@/lib/audit/log';
import type { OverviewResponse } from '@/lib/api/types';
import type { PmsPanelReport } from '@/lib/pms/panel-report';
import type { SectionStatus } from '@/lib/severity/section-status';
import { openStore, type Store } from '@/lib/server/store/open-store';
import { waitUntil } from '@/scripts/stack/processes';
import { startReplicaSet, type Replica, type ReplicaSet } from '@/scripts/stack/replicas';
import { SIM_KUBE_ADMIN_TOKEN } from '@/scripts/stack/stack';
import { pmsVendors } from '@/sim/topology';
import { Client, countByReplica } from './client';

const root = path.resolve(__dirname, '../..');
const PMS_INTERVAL_MS = 2_000;
let set: ReplicaSet;
let store: Store;
let viewer: Client;
let pmsServer: http.Server;
/** Every probe the replicas made: vendor and when. */
const probes: { vendor: string; at: number }[] = [];

beforeAll(async () => {
  pmsServer = http.createServer((req, res) => {
    const vendor = /^\/pms\/([a-z-]+)\/health$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1];
    if (!vendor) return void res.writeHead(404).end();
    probes.push({ vendor, at: Date.now() });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
  });
  await new Promise<void>((resolve) => pmsServer.listen(0, '127.0.0.1', resolve));
  const pmsBase = `http://127.0.0.1:${(pmsServer.address() as AddressInfo).port}`;
  set = await startReplicaSet({
    root,
    name: 'background',
    count: 3,
    // Rollouts move only when the test steps the double's controllers.
    kubeStepMs: 3_600_000,
    consoleEnv: {
      PMS_HEALTH_URLS: pmsVendors.map((vendor) => `${vendor}=${pmsBase}/pms/${vendor}/health`).join(','),
      PMS_PROBE_INTERVAL_MS: String(PMS_INTERVAL_MS),
      // The outage test compares the last good reading on every replica: it must not turn unknown meanwhile.
      STALE_UNKNOWN_AFTER_MS: '300000',
      // Generous: a replica on this shared 2-core machine must not take a slow Redis for a down one.
      CONSOLE_REDIS_TIMEOUT_MS: '5000',
    },
  });
  // The firing scenario of the outage test (last), from the start: by then Prometheus has read it for long.
  set.stack.setScenario('pms-outage');
  store = await openStore({ databaseUrl: set.databaseUrl, sqlitePath: 'unused-with-postgres.sqlite' });
  viewer = new Client(set.url);
  await viewer.signIn('vera', password('vera'));
});

afterAll(async () => {
  await store?.close();
  await set?.stop();
  pmsServer?.closeAllConnections();
  await new Promise<void>((resolve) => (pmsServer ? pmsServer.close(() => resolve()) : resolve()));
});

/** Polls `check` (errors count as "not yet") until it gives a value, which it returns; never a fixed sleep. */
async function until<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs: number, everyMs = 250): Promise<T> {
  let found: T | undefined;
  await waitUntil(async () => {
    const value = await check();
    if (value === undefined || value === false) return false;
    found = value;
    return true;
  }, what, timeoutMs, everyMs);
  return found as T;
}

const password = (username: string) => set.accounts.users.find((u) => u.username === username)!.password;
const probesSince = (at: number) => probes.filter((p) => p.at >= at);

/** Polls through the balancer, retrying what a replica being killed or started answers meanwhile (HAProxy's 503). */
async function viaBalancer<T>(client: Client, url: string): Promise<T> {
  const answer = await client.get<T>(url);
  if (answer.status !== 200) throw new Error(`GET ${url}: HTTP ${answer.status} from ${answer.replica}`);
  return answer.body;
}

describe('PMS probes behind the balancer', () => {
  it('are one probe stream for all replicas: made while nobody views, not multiplied by replicas or viewers', async () => {
    // Nobody views: the probes go on (the background lease holder makes them), every vendor each interval.
    const quietFrom = Date.now();
    await waitUntil(async () => pmsVendors.every((vendor) => probesSince(quietFrom).filter((p) => p.vendor === vendor).length >= 2), 'two rounds of probes with nobody viewing', 60_000, 100);

    // Viewers on every replica at once, through the balancer, for a few intervals: still one stream.
    const busyFrom = Date.now();
    const answers: { status: number; replica: string | null; body: PmsPanelReport }[] = [];
    await waitUntil(
      async () => {
        answers.push(...(await Promise.all(Array.from({ length: 6 }, () => viewer.get<PmsPanelReport>('/api/sections/pms-connection/pms/pms-health')))));
        return Date.now() - busyFrom > 3 * PMS_INTERVAL_MS;
      },
      'viewers for three probe intervals',
      60_000,
      50,
    );
    const busyFor = Date.now() - busyFrom;
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(Object.keys(countByReplica(answers)).sort()).toEqual(set.replicas.map((r) => r.name));
    // At most one probe per vendor per interval (and the one in flight at either end); three replicas probing on
    // their own, or per viewer, would be several times that.
    const bound = Math.ceil(busyFor / PMS_INTERVAL_MS) + 2;
    for (const vendor of pmsVendors) expect(probesSince(busyFrom).filter((p) => p.vendor === vendor).length, vendor).toBeLessThanOrEqual(bound);

    // Every replica's panel shows the same stream: the stored probes, the quiet ones included.
    const stored = await store.db.selectFrom('pms_probes').select(['vendor', 'checked_at']).where('checked_at', '>=', quietFrom).execute();
    const last = answers.at(-1)!.body;
    expect(last.intervalMs).toBe(PMS_INTERVAL_MS);
    for (const tile of last.vendors) {
      expect(tile).toMatchObject({ state: 'up', httpStatus: 200 });
      const fromQuiet = tile.history.filter((p) => p.checkedAt >= quietFrom).map((p) => p.checkedAt);
      expect(fromQuiet.length, tile.vendor).toBeGreaterThanOrEqual(2);
      expect(new Set(fromQuiet).size).toBe(fromQuiet.length);
      for (const at of fromQuiet) expect(stored.some((row) => row.vendor === tile.vendor && Number(row.checked_at) === at)).toBe(true);
    }
    for (const replica of set.replicas) {
      const direct = await viewer.at(replica.url).get<PmsPanelReport>('/api/sections/pms-connection/pms/pms-health');
      expect(direct.status).toBe(200);
      for (const tile of direct.body.vendors) expect(tile.history.filter((p) => p.checkedAt >= quietFrom).length, `${replica.name} ${tile.vendor}`).toBeGreaterThanOrEqual(2);
    }
  });
});

type RunRow = { id: string; status: string; progress: string | null; verdict: string | null };
type Deployment = { metadata: { generation: number }; spec: { template: { spec: { containers: { name: string; env?: { name: string; value?: string }[] }[] } } } };

async function ttsRouter(): Promise<Deployment> {
  const response = await fetch(`${set.stack.simUrl}/apis/apps/v1/namespaces/voicehive/deployments/tts-router`, { headers: { authorization: `Bearer ${SIM_KUBE_ADMIN_TOKEN}` } });
  return (await response.json()) as Deployment;
}
const runRow = (id: string) => store.db.selectFrom('action_runs').select(['id', 'status', 'progress', 'verdict']).where('id', '=', id).executeTakeFirstOrThrow() as Promise<RunRow>;
const leaseOf = (name: string) => store.db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
/** The replica whose process holds a lease (its holder is `host:pid:random`). */
const holderReplica = (holder: string): Replica | undefined => set.replicas.find((r) => holder.split(':')[1] === String(r.service.pid));

describe('a replica SIGKILLed while it follows a rollout, behind the balancer', () => {
  it('leaves the run to another replica, which follows it to its end; the change was sent once and the audit chain verifies', async () => {
    const before = await ttsRouter();
    const operator = new Client(set.url);
    await operator.signIn('olivia', password('olivia'));
    const approver = new Client(set.url);
    await approver.signIn('adam', password('adam'));
    const step = { section: 'voice-latency', step: 'switch-regional-tts', params: {} };
    const preview = await operator.post<{ version: string }>('/api/actions/preview', step);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const requested = await operator.post<{ run: { id: string; status: string } }>('/api/actions/runs', { ...step, reason: 'issue 18: SIGKILL mid-follow', idempotencyKey: `sigkill-${Date.now()}`, version: preview.body.version });
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    expect(requested.body.run.status).toBe('pending-approval');
    const runId = requested.body.run.id;
    const decided = await approver.post(`/api/actions/runs/${runId}/decision`, { decision: 'approve', comment: 'go' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(202);

    // The approving replica sends the change and follows the rollout (frozen: the controllers are not stepped).
    const lease = await until(
      async () => {
        const [run, held] = await Promise.all([runRow(runId), leaseOf(`run:${runId}`)]);
        return run.status === 'succeeded' && held ? held : undefined;
      },
      'the run sent and followed under its lease',
      60_000,
      100,
    );
    const victim = holderReplica(lease.holder);
    expect(victim, `the lease's holder ${lease.holder} is one of the replicas`).toBeDefined();
    expect(victim!.name).toBe(decided.replica);
    const sent = await ttsRouter();
    expect(sent.metadata.generation).toBe(before.metadata.generation + 1);

    victim!.kill();
    const left = await runRow(runId);
    // Sent, its rollout not yet followed to its end (the section's verdict may already be in: it was ok before).
    expect(left).toMatchObject({ status: 'succeeded', progress: null });
    // Back in the rotation while the others wait for the dead one's leases to expire (a pod rescheduled).
    const restarted = set.startReplica(victim!.name);

    // The run page, polled through the balancer, keeps answering; once the lease expired another replica takes
    // the run over, and the rollout (now stepped) is followed to its end and judged.
    let lastSeen: unknown;
    const done = await until(
      async () => {
        set.stack.stepKube();
        const answer = await operator.get<{ run?: { status: string } }>(`/api/actions/runs/${runId}`);
        lastSeen = answer.body;
        const current = await runRow(runId);
        return current.progress !== null && current.verdict !== null ? current : undefined;
      },
      'another replica to follow the rollout to its end',
      120_000,
      250,
    ).catch((error: unknown) => Promise.reject(new Error(`${String(error)}; last answer ${JSON.stringify(lastSeen)}`)));
    await restarted;
    expect(done.status).toBe('succeeded');
    // Written after the kill (it was null then): by another replica's process, the dead one writes nothing.
    expect(JSON.parse(done.progress!)).toMatchObject({ state: 'complete' });
    const audit = await store.db.selectFrom('audit_log').select(['action', 'actor', 'detail']).where('detail', 'like', `%${runId}%`).orderBy('seq').execute();

    // Sent once: one generation more, the env set, one execution and one verdict recorded.
    const after = await ttsRouter();
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    expect(after.spec.template.spec.containers.find((c) => c.name === 'tts-router')?.env?.find((e) => e.name === 'TTS_ENDPOINT')?.value).toBe('regional');
    expect(audit.filter((r) => r.action === 'action.execute')).toHaveLength(1);
    expect(audit.filter((r) => r.action === 'action.verdict')).toHaveLength(1);
    // The page through the balancer shows the run's end as recorded.
    const page = await viaBalancer<{ run: { status: string; verdict: unknown } }>(operator, `/api/actions/runs/${runId}`);
    expect(page.run.status).toBe('succeeded');
    expect(page.run.verdict).not.toBeNull();
    await waitUntil(async () => (await leaseOf(`run:${runId}`)) === undefined, 'the run lease released by its new holder', 30_000, 100);

    const verdict = await verifyAuditLog(store.db);
    expect(verdict.problems).toEqual([]);
  });
});

describe('a Prometheus outage behind the balancer', () => {
  type Reading = { severity: string; since: number | undefined; evaluatedAt: number; error: string | null };
  const reading = (s: SectionStatus): Reading => ({ severity: s.severity, since: s.stale?.since, evaluatedAt: s.evaluatedAt, error: s.error });

  it('shows the same last good reading ("stale P1") through every replica, on the overview and the section page', async () => {
    await waitUntil(async () => (await viaBalancer<OverviewResponse>(viewer, '/api/sections')).sections.find((s) => s.id === 'pms-connection')?.severity === 'P1', 'pms-connection P1 through the balancer', 90_000, 250);
    // Frozen, as a hung or partitioned Prometheus: it stops answering.
    const prometheusGroup = -set.stack.prometheus.pid;
    process.kill(prometheusGroup, 'SIGSTOP');
    const outageAt = Date.now();
    try {
      // Every answer through the balancer stale (round robin: every replica evaluated after the outage began).
      await waitUntil(
        async () => {
          const answers = await Promise.all(set.replicas.map(() => viewer.get<OverviewResponse>('/api/sections')));
          return answers.every((a) => a.status === 200 && a.body.sections.every((s) => s.stale !== null));
        },
        'every replica to show the outage',
        90_000,
        250,
      );
      // Then the same reading everywhere: overview and section page, through the balancer and on each replica.
      let views: Record<string, Reading>[] = [];
      let sources: string[] = [];
      await waitUntil(
        async () => {
          const overviews = await Promise.all([...set.replicas.map(() => viewer.get<OverviewResponse>('/api/sections')), ...set.replicas.map((r) => viewer.at(r.url).get<OverviewResponse>('/api/sections'))]);
          const pages = await Promise.all([...set.replicas.map(() => viewer.get<{ status: SectionStatus }>('/api/sections/pms-connection')), ...set.replicas.map((r) => viewer.at(r.url).get<{ status: SectionStatus }>('/api/sections/pms-connection'))]);
          if ([...overviews, ...pages].some((a) => a.status !== 200)) return false;
          views = overviews.map((o) => Object.fromEntries(o.body.sections.map((s) => [s.id, reading(s)])));
          views.push(...pages.map((p) => ({ 'pms-connection': reading(p.body.status) })));
          sources = [...overviews.map((o, i) => `overview ${i < set.replicas.length ? 'via' : 'direct'} ${o.replica ?? set.replicas[i - set.replicas.length]!.name}`), ...pages.map((p, i) => `page ${p.replica ?? set.replicas[i - set.replicas.length]!.name}`)];
          const first = views[0]!;
          // Round robin: the balanced requests reached every replica.
          if (new Set(overviews.slice(0, set.replicas.length).map((o) => o.replica)).size !== set.replicas.length) return false;
          return views.every((view) => Object.entries(view).every(([id, r]) => JSON.stringify(r) === JSON.stringify(first[id])));
        },
        'every replica to show the same stale reading',
        60_000,
        250,
      ).catch((error: unknown) => Promise.reject(new Error(`${String(error)}: ${JSON.stringify(views.map((v, i) => [sources[i], v['pms-connection']]))}`)));
      const pms = views[0]!['pms-connection']!;
      expect(pms.severity).toBe('P1');
      expect(pms.since).toBeDefined();
      // The last good reading is from before the outage (or up to one cache period after: reads cached before it).
      expect(pms.since!).toBeLessThanOrEqual(outageAt + 1_000);
      expect(new Set(sources.filter((s) => s.startsWith('overview via')).map((s) => s.split(' ').at(-1)))).toEqual(new Set(set.replicas.map((r) => r.name)));
    } finally {
      process.kill(prometheusGroup, 'SIGCONT');
    }
  });
});
