// The evening review's daily report (issue 19) from the real stores: an incident declared through its route, a
// remediation and yesterday's one in action_runs (rows as the run driver leaves them: succeeded, with a recovery
// verdict), an acknowledgement in the audit log, the evening review completed through its route. No Prometheus:
// the evening review's live backup item reads unknown and the report says so. The Markdown export names them all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextRequest } from 'next/server';
import { signInAs, signInAsDisplay, useThrowawayStore, type SignedIn } from './signed-in';

const ORIGIN = 'http://console';
const callers: Record<string, SignedIn> = {};
let report: typeof import('@/app/api/routines/daily-report/route');

beforeAll(async () => {
  useThrowawayStore();
  Object.assign(process.env, { PROMETHEUS_URL: 'http://127.0.0.1:1', CONSOLE_URL: ORIGIN, PROMETHEUS_TIMEOUT_MS: '1000' });
  callers.viewer = await signInAs('viewer', 'd-viewer');
  callers.operator = await signInAs('operator', 'd-operator');
  callers.display = await signInAsDisplay();
  report = await import('@/app/api/routines/daily-report/route');
});

afterAll(async () => {
  const { getStore } = await import('@/lib/server/store/store');
  await (await getStore()).close();
});

const send = (who: string, path: string, method = 'GET', body?: unknown): NextRequest =>
  callers[who]!.request(`${ORIGIN}${path}`, { method, headers: { origin: ORIGIN, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

async function insertRun(id: string, title: string, requestedAt: number, status: 'succeeded' | 'failed', verdict: string | null) {
  const { getStore } = await import('@/lib/server/store/store');
  await (await getStore()).db.insertInto('action_runs').values({
    id, section_id: 'redis', step_id: 'restart-redis', kind: 'rollout-restart', title, target: 'statefulset/redis', params: '{}', reason: null,
    requested_by: 'user d-operator', requested_role: 'operator', requested_at: requestedAt, idempotency_key: id, needs_approval: 0, status,
    resource_version: null, diff: '[]', expires_at: null, decided_by: null, decided_at: null, decision_comment: null, result: null, updated_at: requestedAt,
    warnings: null, section_severity: 'P1', baseline: null, progress: null, verdict: verdict === null ? null : JSON.stringify({ state: verdict, at: requestedAt + 60_000, evidence: {} }),
  } as never).execute();
}

describe('daily report', () => {
  it("exports the day's incidents, remediations with verdicts, acknowledgements and routines done", async () => {
    const { buildDailyReport } = await import('@/lib/server/routines/daily-report');
    const { getStore } = await import('@/lib/server/store/store');
    const { recordAudit } = await import('@/lib/audit/log');
    const store = await getStore();
    const today = await buildDailyReport(store, undefined);

    const incidents = await import('@/app/api/incidents/route');
    const declared = await incidents.POST(send('operator', '/api/incidents', 'POST', { title: 'Redis evictions spiking', severity: 'P1', summary: 'for the report' }));
    expect(declared.status).toBe(201);
    const incidentId = ((await declared.json()) as { incident: { id: string } }).incident.id;
    await insertRun('run-today', 'Restart Redis', Math.max(today.from, Date.now() - 60_000), 'succeeded', 'recovered');
    await insertRun('run-failed', 'Scale the workers', Math.max(today.from + 1, Date.now() - 30_000), 'failed', null);
    await insertRun('run-yesterday', 'Flush the cache', today.from - 3_600_000, 'succeeded', 'recovered');
    await recordAudit(store, { actor: 'user d-operator', actorRole: 'operator', action: 'alert.ack', target: 'alert RedisMemoryHigh (abc123)', outcome: 'success', detail: { comment: 'known, scaling tonight' } });

    const completions = await import('@/app/api/routines/[id]/completions/route');
    const done = await completions.POST(send('operator', '/api/routines/evening-review/completions', 'POST', { items: [{ id: 'backups', checked: true }, { id: 'daily-report', checked: true }], note: 'quiet evening' }), { params: Promise.resolve({ id: 'evening-review' }) });
    expect(done.status).toBe(201);

    const response = await report.GET(send('viewer', '/api/routines/daily-report?format=md'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(response.headers.get('content-disposition')).toContain(`daily-report-${today.day}.md`);
    const md = await response.text();
    expect(md).toContain(`# Daily report — ${today.day} (Europe/London)`);
    expect(md).toMatch(new RegExp(`\\| ${incidentId} \\| P1 \\| Redis evictions spiking \\| triage \\|`));
    expect(md).toMatch(/\| Restart Redis \| redis \| statefulset\/redis \| user d-operator \| .+ \| succeeded \| recovered \|/);
    expect(md).toMatch(/\| Scale the workers \| .+ \| failed \| — \|/);
    expect(md).not.toContain('Flush the cache');
    expect(md).toContain('alert RedisMemoryHigh (abc123) by user d-operator: known, scaling tonight');
    expect(md).toMatch(/- Evening review done .+ by d-operator; unknown: Backup verification — quiet evening/);
    expect(md).toContain('- Incidents declared: 1');
    expect(md).toContain('- Remediations: 2 (succeeded 1, failed 1, recovery verified 1)');

    const json = (await (await report.GET(send('viewer', `/api/routines/daily-report?date=${today.day}`))).json()) as { incidents: { id: string }[]; remediations: { id: string }[] };
    expect(json.incidents.map((i) => i.id)).toEqual([incidentId]);
    expect(json.remediations.map((r) => r.id)).toEqual(['run-today', 'run-failed']);
  });

  it('refuses a bad date naming the field, and a display', async () => {
    const bad = await report.GET(send('viewer', '/api/routines/daily-report?date=2026-13-45'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('date');
    expect((await report.GET(send('viewer', '/api/routines/daily-report?format=pdf'))).status).toBe(400);
    expect((await report.GET(send('display', '/api/routines/daily-report'))).status).toBe(403);
  });
});
