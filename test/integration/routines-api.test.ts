// The routine routes (issue 19) in-process against the integration stack (the simulator, a real Prometheus): who
// may read and complete, bad input named by field and changing nothing, a cross-site write refused, live answers
// green on the healthy estate and red under backup-stale (the morning "Check backup status" item), the answers
// kept with the completion and audited, and every live answer unknown — never green — once Prometheus stops.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextRequest } from 'next/server';
import { waitUntil } from '@/scripts/stack/processes';
import type { Stack } from '@/scripts/stack/stack';
import { forgetHistory, startIntegrationStack } from './estate';
import { signInAs, signInAsDisplay, useThrowawayStore, type SignedIn } from './signed-in';

const ORIGIN = 'http://console';
const callers: Record<string, SignedIn> = {};
let stack: Stack;
let list: typeof import('@/app/api/routines/route');
let one: typeof import('@/app/api/routines/[id]/route');
let completions: typeof import('@/app/api/routines/[id]/completions/route');

beforeAll(async () => {
  useThrowawayStore();
  stack = await startIntegrationStack();
  process.env.CONSOLE_URL = ORIGIN;
  callers.viewer = await signInAs('viewer', 'r-viewer');
  callers.operator = await signInAs('operator', 'r-operator');
  callers.display = await signInAsDisplay();
  list = await import('@/app/api/routines/route');
  one = await import('@/app/api/routines/[id]/route');
  completions = await import('@/app/api/routines/[id]/completions/route');
});

afterAll(async () => {
  await stack?.stop();
});

const send = (who: string, path: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): NextRequest =>
  callers[who]!.request(`${ORIGIN}${path}`, { method, headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, any> }); // eslint-disable-line @typescript-eslint/no-explicit-any
type Item = { id: string; answer: { state: string; value: number | null; reason: string | null } | null };
const morningItems = ['error-rate', 'backups', 'memory', 'cpu', 'security-alerts', 'calls'];
const allTicked = { items: morningItems.map((id) => ({ id, checked: true })) };

async function readMorning(): Promise<Item[]> {
  const { status, body } = await json(await one.GET(send('viewer', '/api/routines/morning-checklist'), ctx('morning-checklist')));
  expect(status).toBe(200);
  return body.items as Item[];
}
const states = (items: Item[]) => Object.fromEntries(items.map((i) => [i.id, i.answer?.state ?? 'manual']));

async function countCompletions(): Promise<number> {
  return ((await json(await completions.GET(send('viewer', '/api/routines/morning-checklist/completions'), ctx('morning-checklist')))).body.completions as unknown[]).length;
}

describe('routine routes', () => {
  it('viewers read routines and history; operators complete; a display reads nothing here', async () => {
    const routines = await json(await list.GET(send('viewer', '/api/routines')));
    expect(routines.status).toBe(200);
    expect(routines.body.routines.map((r: { id: string }) => r.id).sort()).toEqual(['dr-drill', 'evening-review', 'midday-check', 'monthly-maintenance', 'morning-checklist', 'weekly-maintenance']);
    for (const r of routines.body.routines) expect(r.summary).toMatch(new RegExp(`^${r.title} (due|done|not yet due|overdue by .+)$`));
    expect((await list.GET(send('display', '/api/routines'))).status).toBe(403);
    expect((await one.GET(send('display', '/api/routines/morning-checklist'), ctx('morning-checklist'))).status).toBe(403);
    expect((await completions.POST(send('viewer', '/api/routines/morning-checklist/completions', 'POST', allTicked), ctx('morning-checklist'))).status).toBe(403);
    expect((await completions.POST(send('display', '/api/routines/morning-checklist/completions', 'POST', allTicked), ctx('morning-checklist'))).status).toBe(403);
    expect(await countCompletions()).toBe(0);
  });

  it('refuses a cross-site completion and bad input with the field named, and stores nothing', async () => {
    const forged = await completions.POST(send('operator', '/api/routines/morning-checklist/completions', 'POST', allTicked, { origin: 'https://evil.example' }), ctx('morning-checklist'));
    expect(forged.status).toBe(403);
    const bad = async (routine: string, body: unknown, headers: Record<string, string> = {}) => json(await completions.POST(send('operator', `/api/routines/${routine}/completions`, 'POST', body, headers), ctx(routine)));
    expect(await bad('morning-checklist', { items: [{ id: 'nope', checked: true }] })).toMatchObject({ status: 400, body: { error: { field: 'items.0.id' } } });
    expect(await bad('morning-checklist', { items: [{ id: 'backups', checked: 'yes' }] })).toMatchObject({ status: 400, body: { error: { field: 'items.0.checked' } } });
    expect(await bad('morning-checklist', { items: [{ id: 'backups', checked: true }] })).toMatchObject({ status: 400, body: { error: { field: 'items', message: /error-rate is not answered/ } } });
    expect(await bad('morning-checklist', { items: morningItems.map((id) => ({ id, checked: id !== 'cpu' })) })).toMatchObject({ status: 400, body: { error: { field: 'items.3.note' } } });
    expect(await bad('morning-checklist', { ...allTicked, drill: { recoveryMinutes: 10, dataLossMinutes: 0 } })).toMatchObject({ status: 400, body: { error: { field: 'drill' } } });
    expect(await bad('dr-drill', { items: [{ id: 'restore', checked: true }, { id: 'validate', checked: true }] })).toMatchObject({ status: 400, body: { error: { field: 'drill' } } });
    expect(await bad('dr-drill', { items: [{ id: 'restore', checked: true }, { id: 'validate', checked: true }], drill: { recoveryMinutes: -1, dataLossMinutes: 0 } })).toMatchObject({ status: 400, body: { error: { field: 'drill.recoveryMinutes' } } });
    expect(await bad('morning-checklist', 'items=1', { 'content-type': 'application/x-www-form-urlencoded' })).toMatchObject({ status: 415 });
    expect(await bad('no-such-routine', allTicked)).toMatchObject({ status: 404 });
    expect(await bad('Bad_Id', allTicked)).toMatchObject({ status: 400, body: { error: { field: 'id' } } });
    expect(await countCompletions()).toBe(0);
  });

  it('answers the morning items live: green on the healthy estate, the backup item red under backup-stale; the completion keeps them and is audited', async () => {
    stack.setScenario('healthy');
    await forgetHistory(stack.prometheus.url);
    let seen: Record<string, string> = {};
    await waitUntil(async () => Object.values((seen = states(await readMorning()))).every((s) => s === 'green'), 'the morning items to read green', 60_000, 1000).catch(() => undefined);
    expect(seen).toEqual(Object.fromEntries(morningItems.map((id) => [id, 'green'])));

    stack.setScenario('backup-stale');
    await waitUntil(async () => (seen = states(await readMorning())).backups === 'red', 'the backup item to read red', 60_000, 1000).catch(() => undefined);
    expect(seen.backups).toBe('red');
    const backups = (await readMorning()).find((i) => i.id === 'backups')!;
    expect(backups.answer!.value).toBeGreaterThan(3600);

    const done = await json(await completions.POST(send('operator', '/api/routines/morning-checklist/completions', 'POST', { items: morningItems.map((id) => ({ id, checked: true, note: id === 'backups' ? 'postgres backup job stuck, restarted' : '' })), note: 'one red item' }), ctx('morning-checklist')));
    expect(done.status).toBe(201);
    expect(done.body.completion.completedBy).toContain('r-operator');
    expect(done.body.completion.items.find((i: Item) => i.id === 'backups').answer.state).toBe('red');

    const history = await json(await completions.GET(send('viewer', '/api/routines/morning-checklist/completions'), ctx('morning-checklist')));
    expect(history.body.completions).toHaveLength(1);
    expect(history.body.completions[0]).toMatchObject({ note: 'one red item', items: expect.arrayContaining([expect.objectContaining({ id: 'backups', note: 'postgres backup job stuck, restarted', answer: expect.objectContaining({ state: 'red' }) })]) });
    expect(history.body.routine.state).toBe('done');

    const { getStore } = await import('@/lib/server/store/store');
    const audit = await (await getStore()).db.selectFrom('audit_log').selectAll().where('action', '=', 'routine.complete').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target: 'routine morning-checklist', outcome: 'success' });
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ completion: done.body.completion.id, note: 'one red item' });
  });

  it('reads the error item over 24 h with the count of 5xx beside it (as Prometheus counts them), the calls over the last hour with their volume, and says yesterday is missing', async () => {
    stack.setScenario('error-rate');
    type Full = Item & { answer: { window: string | null }; figures: { label: string; state: string; total: number | null; reason: string | null; yesterdayReason: string | null; series: { name: string; value: number; yesterday: number | null }[] }[] };
    const read = async () => ((await json(await one.GET(send('viewer', '/api/routines/morning-checklist'), ctx('morning-checklist')))).body.items as Full[]);
    let errors: Full | undefined;
    await waitUntil(async () => ((errors = (await read()).find((i) => i.id === 'error-rate'))?.figures[0]?.total ?? 0) > 0, 'the 24 h count of 5xx to be read', 60_000, 1000).catch(() => undefined);
    expect(errors!.answer).toMatchObject({ window: '24h' });
    const [count] = errors!.figures;
    expect(count).toMatchObject({ label: '5xx responses in the last 24 h', state: 'read' });
    // Prometheus's own count over the same range, asked here directly: the figure is the same number (rounded per series).
    const direct = await (await fetch(`${stack.prometheus.url}/api/v1/query?query=${encodeURIComponent('sum(increase(voicehive_http_requests_total{code=~"5.."}[24h]))')}`)).json() as { data: { result: { value: [number, string] }[] } };
    expect(Math.abs(count!.total! - Number(direct.data.result[0]!.value[1]))).toBeLessThanOrEqual(Math.max(count!.series.length, 0.05 * count!.total!));
    const calls = (await read()).find((i) => i.id === 'calls')!;
    expect(calls.answer).toMatchObject({ window: '1h' });
    expect(calls.figures[0]).toMatchObject({ label: 'Call volume', state: 'read' });
    expect(calls.figures[0]!.series.map((s) => s.name).sort()).toEqual(['active calls', 'calls in the last hour']);

    const midday = ((await json(await one.GET(send('viewer', '/api/routines/midday-check'), ctx('midday-check')))).body.items as Full[]).find((i) => i.id === 'latency')!;
    // This Prometheus is minutes old: there is no reading from yesterday, and the figure says so instead of a change.
    expect(midday.figures[0]).toMatchObject({ state: 'read', yesterdayReason: /no reading at this time yesterday/ });
    expect(midday.figures[0]!.series.every((s) => s.yesterday === null)).toBe(true);
    stack.setScenario('healthy');
  });

  it('records the DR drill against the RTO and RPO targets', async () => {
    const drill = async (recoveryMinutes: number, dataLossMinutes: number) =>
      json(await completions.POST(send('operator', '/api/routines/dr-drill/completions', 'POST', { items: [{ id: 'restore', checked: true }, { id: 'validate', checked: true }], drill: { recoveryMinutes, dataLossMinutes } }), ctx('dr-drill')));
    expect((await drill(300, 20)).body.completion.verdict).toMatchObject({ withinRto: false, withinRpo: true });
    expect((await drill(150, 90)).body.completion.verdict).toMatchObject({ withinRto: true, withinRpo: false });
    const history = await json(await completions.GET(send('viewer', '/api/routines/dr-drill/completions'), ctx('dr-drill')));
    expect(history.body.drill).toEqual({ rtoMinutes: 240, rpoMinutes: 60 });
    expect(history.body.completions.map((c: { drill: { recoveryMinutes: number } }) => c.drill.recoveryMinutes)).toEqual([150, 300]);
  });

  // Last: it stops Prometheus for good.
  it('answers unknown, never green, when Prometheus is down', async () => {
    stack.setScenario('healthy');
    await stack.prometheus.stop();
    let items: Item[] = [];
    await waitUntil(async () => (items = await readMorning()).every((i) => i.answer?.state === 'unknown'), 'every live answer to read unknown', 30_000, 500).catch(() => undefined);
    expect(states(items)).toEqual(Object.fromEntries(morningItems.map((id) => [id, 'unknown'])));
    for (const item of items) expect(item.answer!.reason).toMatch(/upstream fails|connection refused/);
    // The figures beside them say unknown with Prometheus's failure, never a number.
    const figures = (items as (Item & { figures: { state: string; total: number | null; reason: string }[] })[]).flatMap((i) => i.figures);
    expect(figures.length).toBeGreaterThan(0);
    for (const figure of figures) expect(figure).toMatchObject({ state: 'unknown', total: null, reason: expect.stringMatching(/connection refused|no answer|fetch failed/) });
  });
});
