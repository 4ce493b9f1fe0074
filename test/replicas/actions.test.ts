// Remediation requests and approvals through three built consoles on one PostgreSQL behind HAProxy (round
// robin, no stickiness): a burst of retried confirms makes each run once, two approvers racing on two replicas
// make one decision, and the audit chain written by every replica at once stays one valid chain.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '@/lib/audit/log';
import { openStore, type Store } from '@/lib/server/store/open-store';
import { startReplicaSet, type ReplicaSet } from '@/scripts/stack/replicas';
import { SIM_KUBE_ADMIN_TOKEN } from '@/scripts/stack/stack';
import { Client, countByReplica, type Answer } from './client';

const root = path.resolve(__dirname, '../..');
let set: ReplicaSet;
let store: Store;
let operator: Client;

type RunAnswer = { run: { id: string; status: string; requested_by: string; decided_by: string | null }; created: boolean };
type Preview = { version: string; changes: { path: string; before: unknown; after: unknown }[] };

beforeAll(async () => {
  // The simulator answers in this test's process, which also sends the 1,000 requests: on a loaded shared machine it
  // once took over the default 5 s to answer a few of the confirms' reads (502, named as a Kubernetes timeout). And
  // with a load average of 30 on 2 cores, a hundred confirms waited over the default 30 s for a PostgreSQL connection
  // (500): this test is about running each key once, not about capacity on an overloaded machine.
  set = await startReplicaSet({ root, name: 'actions', count: 3, consoleEnv: { KUBE_TIMEOUT_MS: '20000', DATABASE_POOL_WAIT: '120s' } });
  store = await openStore({ databaseUrl: set.databaseUrl, sqlitePath: 'unused-with-postgres.sqlite' });
  operator = new Client(set.url);
  await operator.signIn('olivia', password('olivia'));
});

afterAll(async () => {
  await store?.close();
  await set?.stop();
});

const password = (username: string) => set.accounts.users.find((u) => u.username === username)!.password;
const keyOf = (i: number) => `replicas-${String(i).padStart(3, '0')}-${Math.random().toString(36).slice(2, 12)}`;

async function preview(client: Client, replicas: number): Promise<Preview> {
  const answer = await client.post<Preview>('/api/actions/preview', { section: 'call-failures', step: 'scale-orchestrator', params: { replicas } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

const confirm = (client: Client, replicas: number, version: string, idempotencyKey: string) =>
  client.post<RunAnswer>('/api/actions/runs', { section: 'call-failures', step: 'scale-orchestrator', params: { replicas }, reason: 'replica test', idempotencyKey, version });

async function orchestrator(): Promise<{ spec: { replicas: number }; metadata: { generation: number } }> {
  const response = await fetch(`${set.stack.simUrl}/apis/apps/v1/namespaces/voicehive/deployments/orchestrator`, { headers: { authorization: `Bearer ${SIM_KUBE_ADMIN_TOKEN}` } });
  return (await response.json()) as { spec: { replicas: number }; metadata: { generation: number } };
}

describe('1,000 concurrent confirms with 100 idempotency keys, spread over three replicas', () => {
  it('make exactly 100 runs, each audited once, and every retry gets its key\'s run back', async () => {
    const { version } = await preview(operator, 5);
    const keys = Array.from({ length: 100 }, (_, i) => keyOf(i));
    // Each key sent ten times, all at once, in an order that puts a key's copies on different replicas.
    const answers: (Answer<RunAnswer> & { key: string })[] = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const key = keys[i % 100]!;
        return { ...(await confirm(operator, 5, version, key)), key };
      }),
    );
    const failed = answers.filter((a) => a.status !== 200 && a.status !== 202);
    expect(failed.map((a) => `${a.status} on ${a.replica}: ${JSON.stringify(a.body)}`).slice(0, 5)).toEqual([]);
    const perReplica = countByReplica(answers);
    expect(Object.keys(perReplica).sort()).toEqual(set.replicas.map((r) => r.name));

    // Exactly one creation per key (202), the other nine got that same run back (200).
    expect(answers.filter((a) => a.body.created)).toHaveLength(100);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(100);
    const runByKey = new Map<string, Set<string>>();
    for (const a of answers) runByKey.set(a.key, (runByKey.get(a.key) ?? new Set()).add(a.body.run.id));
    expect([...runByKey.values()].map((ids) => ids.size)).toEqual(keys.map(() => 1));
    const runIds = new Set(answers.map((a) => a.body.run.id));
    expect(runIds.size).toBe(100);
    // Keys whose copies were answered by more than one replica: most of them (round robin over 3, 10 copies each).
    const keyReplicas = new Map<string, Set<string>>();
    for (const a of answers) keyReplicas.set(a.key, (keyReplicas.get(a.key) ?? new Set()).add(a.replica ?? 'none'));
    expect([...keyReplicas.values()].filter((r) => r.size > 1).length).toBeGreaterThan(50);

    // In the store: 100 runs, all waiting for approval, and one `action.request` audit record for each.
    const rows = await store.db.selectFrom('action_runs').select(['id', 'status']).where('requested_by', '=', 'olivia').where('idempotency_key', 'in', keys).execute();
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => r.id))).toEqual(runIds);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['pending-approval']));
    const audited = await store.db.selectFrom('audit_log').select(['detail', 'outcome']).where('action', '=', 'action.request').where('actor', '=', 'olivia').execute();
    const auditedRuns = audited.filter((r) => r.outcome === 'success').map((r) => (JSON.parse(r.detail) as { runId: string }).runId).filter((id) => runIds.has(id));
    expect(auditedRuns).toHaveLength(100);
    expect(new Set(auditedRuns)).toEqual(runIds);
    // Nothing failed on the way (a failed attempt would be audited as a failure).
    expect(audited.filter((r) => r.outcome !== 'success')).toEqual([]);
  });
});

describe('two approvers racing on two replicas', () => {
  it('make one decision: one approval runs the change once, the other gets a clear 409, and both attempts are audited', async () => {
    const before = await orchestrator();
    const { version } = await preview(operator, 7);
    const requested = await confirm(operator, 7, version, keyOf(1000));
    expect(requested.status).toBe(202);
    expect(requested.body.run.status).toBe('pending-approval');
    const runId = requested.body.run.id;

    const adam = new Client(set.url);
    await adam.signIn('adam', password('adam'));
    const ada = new Client(set.url);
    await ada.signIn('ada', password('ada'));
    const decisions = await Promise.all([adam, ada].map((client) => client.post<{ run?: { status: string; decided_by: string }; error?: { code: string; message: string } }>(`/api/actions/runs/${runId}/decision`, { decision: 'approve', comment: 'race' })));
    // Round robin: the two decisions were answered by two different replicas.
    expect(new Set(decisions.map((d) => d.replica)).size).toBe(2);
    expect(decisions.map((d) => d.status).sort()).toEqual([202, 409]);
    const won = decisions.find((d) => d.status === 202)!;
    const lost = decisions.find((d) => d.status === 409)!;
    const winner = won.body.run!.decided_by;
    expect(lost.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(new RegExp(`already decided \\((executing|succeeded) by ${winner}\\)|decided by someone else`)) });

    // The change runs once: the run ends succeeded, and the deployment moved by exactly one generation.
    await expect.poll(async () => (await operator.get<{ run: { status: string } }>(`/api/actions/runs/${runId}`)).body.run?.status, { timeout: 60_000, interval: 250 }).toBe('succeeded');
    const after = await orchestrator();
    expect(after.spec.replicas).toBe(7);
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);

    // One audit record per decision attempt: the winner's success, the loser's failure ("already decided").
    const decided = await store.db.selectFrom('audit_log').select(['actor', 'outcome', 'detail']).where('action', '=', 'action.approve').execute();
    const forRun = decided.filter((r) => (JSON.parse(r.detail) as { runId?: string }).runId === runId);
    expect(forRun.map((r) => [r.actor, r.outcome]).sort()).toEqual([[winner, 'success'], [winner === 'adam' ? 'ada' : 'adam', 'failure']].sort());
    const executions = await store.db.selectFrom('audit_log').select(['outcome', 'detail']).where('action', '=', 'action.execute').execute();
    expect(executions.filter((r) => (JSON.parse(r.detail) as { runId?: string }).runId === runId).map((r) => r.outcome)).toEqual(['success']);
  });
});

describe('the audit chain, written by three replicas at once', () => {
  it('verifies as one chain from its first record to its head', async () => {
    const { count } = await store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    // Sign-ins, 100 requests, decisions and executions, at least: written by every replica.
    expect(Number(count)).toBeGreaterThan(100);
    const verdict = await verifyAuditLog(store.db);
    expect(verdict.problems).toEqual([]);
    expect(verdict.records).toBe(Number(count));
  });
});
