// The console's own metrics at /api/metrics (prom-client): actions by kind and outcome, counted where a run
// ends (lib/actions/run-lifecycle.ts), leases held, and requests by route and status. The flow runs against
// the simulator's Kubernetes API double and a throwaway SQLite store; /api/metrics is its route handler,
// called in-process with the scrape token (and refused without it, as before). Requests through the real
// server.mjs are counted in e2e/live.console-metrics.spec.ts.
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowHarness } from './flow-harness';
import { startFlowHarness } from './flow-harness';

const METRICS_TOKEN = 'metrics-token-for-the-integration-test';
let h: FlowHarness;
let GET: typeof import('@/app/api/metrics/route').GET;

const scrape = async (authorization?: string) => {
  const response = await GET(new NextRequest('http://127.0.0.1/api/metrics', { headers: authorization ? { authorization } : {} }));
  return { status: response.status, text: await response.text() };
};
/** One series' value in the exposition text (0 when absent). */
const valueOf = (text: string, series: string) => Number(text.split('\n').find((line) => line.startsWith(`${series} `))?.split(' ')[1] ?? 0);

beforeAll(async () => {
  h = await startFlowHarness({}, { METRICS_TOKEN });
  ({ GET } = await import('@/app/api/metrics/route'));
});

afterAll(async () => {
  await h?.sim.close();
});

describe('/api/metrics', () => {
  it('stays protected: no token, a wrong token → refused; the scrape token → the metrics', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('Bearer not-the-metrics-token-at-all-xxxxx')).status).toBe(401);
    const { status, text } = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(status).toBe(200);
    for (const name of ['voicehive_ops_http_requests_total', 'voicehive_ops_action_runs_total', 'voicehive_ops_leases_held', 'voicehive_ops_upstream_requests_total']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('counts an action that ran, by its kind and outcome, once', async () => {
    const series = 'voicehive_ops_action_runs_total{kind="rollout-restart",outcome="succeeded"}';
    const before = valueOf((await scrape(`Bearer ${METRICS_TOKEN}`)).text, series);
    const action = h.resolve('call-failures', 'restart-media-agents');
    const executor = h.getExecutor(action.action.kind);
    const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
    const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'metrics test', sectionSeverity: 'unknown', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
    // Requested, not ended yet: not counted.
    expect(valueOf((await scrape(`Bearer ${METRICS_TOKEN}`)).text, series)).toBe(before);
    const done = await h.flow.executeRun(h.as('olivia', 'operator'), run, action, executor);
    expect(done.status).toBe('succeeded');
    expect(valueOf((await scrape(`Bearer ${METRICS_TOKEN}`)).text, series)).toBe(before + 1);
  });

  it('counts a rejected request as rejected, and the approval before it not at all', async () => {
    const action = h.resolve('call-failures', 'scale-orchestrator', { replicas: 5 });
    const executor = h.getExecutor(action.action.kind);
    const rejected = `voicehive_ops_action_runs_total{kind="${action.action.kind}",outcome="rejected"}`;
    const preview = await h.flow.previewAction(h.as('olivia', 'operator'), action, executor);
    const { run } = await h.flow.requestAction(h.as('olivia', 'operator'), action, { reason: 'metrics test', sectionSeverity: 'unknown', approvalTtlMs: 60_000, idempotencyKey: h.key(), version: preview.version }, executor);
    expect(run.status).toBe('pending-approval');
    const { decideRun } = await import('@/lib/actions/runs');
    await decideRun(h.store, { actor: 'adam', actorRole: 'approver', clientAddress: '127.0.0.1' }, run.id, 'reject', 'not now');
    const text = (await scrape(`Bearer ${METRICS_TOKEN}`)).text;
    expect(valueOf(text, rejected)).toBe(1);
    expect(text).not.toContain('outcome="executing"');
    // A second decision changes nothing and counts nothing.
    await expect(decideRun(h.store, { actor: 'ada', actorRole: 'admin', clientAddress: '127.0.0.1' }, run.id, 'approve', null)).rejects.toMatchObject({ code: 'conflict' });
    expect(valueOf((await scrape(`Bearer ${METRICS_TOKEN}`)).text, rejected)).toBe(1);
  });

  it('shows the leases this replica holds (setLeasesHeld, called by the lease holders)', async () => {
    const { setLeasesHeld } = await import('@/lib/server/console-metrics');
    setLeasesHeld('approval-expiry', true);
    setLeasesHeld('pms-probes', 1);
    setLeasesHeld('pms-probes', false);
    const text = (await scrape(`Bearer ${METRICS_TOKEN}`)).text;
    expect(valueOf(text, 'voicehive_ops_leases_held{lease="approval-expiry"}')).toBe(1);
    expect(valueOf(text, 'voicehive_ops_leases_held{lease="pms-probes"}')).toBe(0);
    expect(text).toContain('voicehive_ops_leases_held{lease="pms-probes"} 0');
  });

  it('shows a request counted by its route pattern and status, never its URL', async () => {
    const { installRequestObserver } = await import('@/lib/server/http-metrics');
    // What server.mjs does when a response finishes (the server itself: the e2e spec).
    installRequestObserver(['/api/actions/runs/[id]', '/api/metrics'])('GET', `/api/actions/runs/${'f'.repeat(12)}?x=1`, 404, 0.01);
    const text = (await scrape(`Bearer ${METRICS_TOKEN}`)).text;
    expect(valueOf(text, 'voicehive_ops_http_requests_total{route="/api/actions/runs/[id]",method="GET",status="404"}')).toBe(1);
    expect(text).not.toContain('f'.repeat(12));
  });
});
