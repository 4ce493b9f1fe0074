// Maintenance windows (issue 19) through the console's routes, in-process, against a real Alertmanager (Debian's),
// with people signed in to a throwaway SQLite store. Silences are read back from Alertmanager itself. Prometheus
// is not running (a closed port): the overview's sections are errors there, and still carry their window.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '@/lib/maintenance/types';
import type { OverviewResponse } from '@/lib/api/types';
import type { Store } from '@/lib/server/store/open-store';
import { startAlertmanager } from '@/scripts/stack/alertmanager';
import { signInAs, signInAsDisplay, useThrowawayStore, type SignedIn } from './signed-in';
import { closeStores, freshConfig, open as openStore } from './store-engines';

let alertmanager: Awaited<ReturnType<typeof startAlertmanager>>;
let store: Store;
let viewer: SignedIn;
let operator: SignedIn;
let alice: SignedIn;
let bob: SignedIn;
let listRoute: typeof import('@/app/api/maintenance/route');
let decisionRoute: typeof import('@/app/api/maintenance/[id]/decision/route');
let endRoute: typeof import('@/app/api/maintenance/[id]/end/route');
let windows: typeof import('@/lib/server/maintenance/windows');

type AmSilence = { id: string; createdBy: string; comment: string; status: { state: string }; matchers: { name: string; value: string; isRegex: boolean }[]; endsAt: string };
const amSilences = async () => (await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as AmSilence[];
const amSilence = async (id: string) => (await amSilences()).find((s) => s.id === id);
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  useThrowawayStore();
  alertmanager = await startAlertmanager({ logDir: path.join(__dirname, '../../test-results/integration-logs') });
  Object.assign(process.env, { ALERTMANAGER_URL: alertmanager.url, UPSTREAM_CACHE_TTL_MS: '1', MAINTENANCE_APPROVAL_OVER: '4h', MAINTENANCE_MAX_DURATION: '3d', PROMETHEUS_URL: 'http://127.0.0.1:1' });
  viewer = await signInAs('viewer');
  operator = await signInAs('operator', 'olivia');
  alice = await signInAs('approver', 'alice');
  bob = await signInAs('approver', 'bob');
  store = await (await import('@/lib/server/store/store')).getStore();
  listRoute = await import('@/app/api/maintenance/route');
  decisionRoute = await import('@/app/api/maintenance/[id]/decision/route');
  endRoute = await import('@/app/api/maintenance/[id]/end/route');
  windows = await import('@/lib/server/maintenance/windows');
});

afterAll(async () => {
  await alertmanager?.stop();
  await closeStores();
});

const write = (who: SignedIn, url: string, body: unknown, origin = 'http://console') =>
  who.request(`http://console${url}`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const schedule = (who: SignedIn, body: unknown, origin?: string) => listRoute.POST(write(who, '/api/maintenance', body, origin));
const decide = (who: SignedIn, id: string, body: unknown) => decisionRoute.POST(write(who, `/api/maintenance/${id}/decision`, body), { params: Promise.resolve({ id }) });
const end = (who: SignedIn, id: string, body: unknown = {}) => endRoute.POST(write(who, `/api/maintenance/${id}/end`, body), { params: Promise.resolve({ id }) });
const list = (who: SignedIn, query = '') => listRoute.GET(who.request(`http://console/api/maintenance${query}`));
const audit = (action: string) => store.db.selectFrom('audit_log').select(['actor', 'outcome', 'detail']).where('action', '=', action).orderBy('seq').execute();
const windowOf = async (response: Response) => ((await response.json()) as { window: MaintenanceWindow }).window;
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string; field?: string } }).error;

describe('maintenance windows', () => {
  it('lets viewers read, operators schedule and approvers approve; a display reads none of it', async () => {
    expect((await list(viewer)).status).toBe(200);
    expect((await schedule(viewer, { sections: ['redis'], endsAt: iso(Date.now() + HOUR), reason: 'x' })).status).toBe(403);
    const display = await signInAsDisplay();
    expect((await list(display)).status).toBe(403);
    expect((await schedule(display, { sections: ['redis'], endsAt: iso(Date.now() + HOUR), reason: 'x' })).status).toBe(403);
    expect(await store.db.selectFrom('maintenance_windows').selectAll().execute()).toEqual([]);
  });

  it('refuses bad input naming the field, and cross-site writes, changing nothing', async () => {
    const before = (await amSilences()).length;
    const cases: [unknown, string][] = [
      [{ sections: ['redis'], endsAt: iso(Date.now() + HOUR) }, 'reason'],
      [{ sections: ['redis'], endsAt: 'tomorrow', reason: 'x' }, 'endsAt'],
      [{ sections: ['redis'], startsAt: iso(Date.now() + 2 * HOUR), endsAt: iso(Date.now() + HOUR), reason: 'x' }, 'endsAt'],
      [{ sections: ['redis'], startsAt: iso(Date.now() - 2 * HOUR), endsAt: iso(Date.now() + HOUR), reason: 'x' }, 'startsAt'],
      [{ sections: ['no-such-section'], endsAt: iso(Date.now() + HOUR), reason: 'x' }, 'sections'],
      [{ sections: ['redis|.*'], endsAt: iso(Date.now() + HOUR), reason: 'x' }, 'sections.0'],
      [{ sections: [], services: [], endsAt: iso(Date.now() + HOUR), reason: 'x' }, 'sections'],
      [{ sections: ['redis'], endsAt: iso(Date.now() + 5 * 24 * HOUR), reason: 'x' }, 'endsAt'],
      [{ sections: ['redis'], endsAt: iso(Date.now() + HOUR), reason: 'x', matchers: [] }, 'body'],
    ];
    for (const [body, field] of cases) {
      const response = await schedule(operator, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = await errorOf(response);
      expect(error.field, JSON.stringify(error)).toBe(field);
      expect(error.message).toContain(field === 'body' ? '' : field.split('.')[0]!);
    }
    const crossSite = await schedule(operator, { sections: ['redis'], endsAt: iso(Date.now() + HOUR), reason: 'x' }, 'http://evil.example');
    expect(crossSite.status).toBe(403);
    expect(await store.db.selectFrom('maintenance_windows').selectAll().execute()).toEqual([]);
    expect((await amSilences()).length).toBe(before);
  });

  it('becomes an Alertmanager silence by the person, read back, shown on the overview; ending it expires the silence', async () => {
    const response = await schedule(operator, { sections: ['redis', 'database'], services: ['orchestrator'], endsAt: iso(Date.now() + HOUR), reason: 'Redis failover drill' });
    expect(response.status).toBe(201);
    const window = await windowOf(response);
    expect(window).toMatchObject({ state: 'active', createdBy: 'olivia', approvalRequired: false });
    expect(window.silenceIds).toHaveLength(2);
    const [bySection, byService] = await Promise.all(window.silenceIds.map(amSilence));
    expect(bySection).toMatchObject({ createdBy: 'olivia', status: { state: 'active' }, matchers: [{ name: 'section', value: 'redis|database', isRegex: true }] });
    expect(bySection!.comment).toContain('Redis failover drill');
    expect(byService).toMatchObject({ createdBy: 'olivia', matchers: [{ name: 'service', value: 'orchestrator', isRegex: false }] });

    // An alert of the section is muted by it in Alertmanager.
    await fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ labels: { alertname: 'MwRedisDown', section: 'redis', severity: 'P1' } }]) });
    await expect
      .poll(async () => {
        const alerts = (await (await fetch(`${alertmanager.url}/api/v2/alerts?silenced=true`)).json()) as { labels: Record<string, string>; status: { state: string; silencedBy: string[] } }[];
        return alerts.find((a) => a.labels.alertname === 'MwRedisDown')?.status.silencedBy ?? [];
      }, { timeout: 20_000 })
      .toContain(bySection!.id);

    // The overview (what the tiles and the wall read) carries the window on both sections, and only those.
    const { getOverviewSnapshot } = await import('@/lib/server/overview-snapshot');
    const overview = JSON.parse((await getOverviewSnapshot().refresh()).body) as OverviewResponse;
    expect(overview.sections.find((s) => s.id === 'redis')!.maintenance).toEqual({ id: window.id, until: window.endsAt, reason: 'Redis failover drill', by: 'olivia' });
    expect(overview.sections.find((s) => s.id === 'database')!.maintenance?.id).toBe(window.id);
    expect(overview.sections.find((s) => s.id === 'disk')!.maintenance).toBeNull();
    // A remediation's dialog asks for the open windows of its section.
    const open = ((await (await list(viewer, '?section=redis')).json()) as { windows: MaintenanceWindow[] }).windows;
    expect(open.map((w) => w.id)).toEqual([window.id]);
    expect(((await (await list(viewer, '?section=disk')).json()) as { windows: MaintenanceWindow[] }).windows).toEqual([]);

    const ended = await end(operator, window.id, { note: 'drill done' });
    expect(ended.status).toBe(200);
    expect(await windowOf(ended)).toMatchObject({ state: 'ended', endedBy: 'olivia', endNote: 'drill done' });
    for (const id of window.silenceIds) expect((await amSilence(id))!.status.state).toBe('expired');
    expect((await windows.maintenanceBySection(store)).size).toBe(0);
    expect((await end(operator, window.id)).status).toBe(409);
    expect((await audit('maintenance.schedule')).map((a) => [a.actor, a.outcome])).toEqual([['olivia', 'success']]);
    expect((await audit('maintenance.end')).map((a) => [a.actor, a.outcome])).toEqual([['olivia', 'success'], ['olivia', 'failure']]);
  });

  it('needs a second person to approve a window longer than the configured time', async () => {
    const before = (await amSilences()).length;
    const waitingBefore = await windows.countWindowsAwaitingApproval(store);
    const long = await windowOf(await schedule(alice, { sections: ['disk'], endsAt: iso(Date.now() + 6 * HOUR), reason: 'volume migration' }));
    expect(long).toMatchObject({ state: 'awaiting-approval', approvalRequired: true, silenceIds: [] });
    // The approver's header counts it (the cue beside Maintenance), and stops once it is decided.
    expect(await windows.countWindowsAwaitingApproval(store)).toBe(waitingBefore + 1);
    expect((await amSilences()).length).toBe(before);
    // An operator may not approve; the approver who scheduled it may not either.
    expect((await decide(operator, long.id, { decision: 'approve' })).status).toBe(403);
    const own = await decide(alice, long.id, { decision: 'approve' });
    expect(own.status).toBe(403);
    expect((await errorOf(own)).message).toMatch(/second person/);
    expect((await decide(bob, long.id, { decision: 'maybe' })).status).toBe(400);

    const approved = await decide(bob, long.id, { decision: 'approve', comment: 'ok for tonight' });
    expect(approved.status).toBe(200);
    const window = await windowOf(approved);
    expect(window).toMatchObject({ state: 'active', decidedBy: 'bob' });
    expect(await windows.countWindowsAwaitingApproval(store)).toBe(waitingBefore);
    const silence = await amSilence(window.silenceIds[0]!);
    // Made for the person who scheduled it; the approver is named in the comment.
    expect(silence).toMatchObject({ createdBy: 'alice', status: { state: 'active' } });
    expect(silence!.comment).toContain('approved by bob');
    expect((await decide(bob, long.id, { decision: 'approve' })).status).toBe(409);
    expect((await audit('maintenance.approve')).map((a) => [a.actor, a.outcome])).toEqual([
      ['alice', 'denied'],
      ['bob', 'success'],
      ['bob', 'failure'],
    ]);
    await end(bob, window.id);
  });

  it('is started and ended by the background round: active once Alertmanager holds the silence, closed at its end, ended with a silence ended in Alertmanager', async () => {
    const { getAlerts } = await import('@/lib/server/alertmanager');
    const later = await windowOf(await schedule(operator, { sections: ['dns'], startsAt: iso(Date.now() + 1_500), endsAt: iso(Date.now() + HOUR), reason: 'DNS provider change' }));
    expect(later.state).toBe('scheduled');
    expect((await amSilence(later.silenceIds[0]!))!.status.state).toBe('pending');
    expect((await windows.maintenanceBySection(store)).has('dns')).toBe(false);
    await expect
      .poll(async () => {
        await windows.tendMaintenance(store, getAlerts());
        return (await store.db.selectFrom('maintenance_windows').select('state').where('id', '=', later.id).executeTakeFirstOrThrow()).state;
      }, { timeout: 20_000 })
      .toBe('active');
    expect((await windows.maintenanceBySection(store)).get('dns')?.id).toBe(later.id);

    // Its end: the round expires what Alertmanager still holds and closes the window, by system.
    expect(await windows.tendMaintenance(store, getAlerts(), later.endsAt + 1)).toEqual([{ id: later.id, outcome: 'ended' }]);
    expect((await amSilence(later.silenceIds[0]!))!.status.state).toBe('expired');
    expect((await audit('maintenance.end')).at(-1)).toMatchObject({ actor: 'system', outcome: 'success' });

    // Someone ends the silence in Alertmanager: the window ends with it (it no longer mutes anything).
    const other = await windowOf(await schedule(operator, { sections: ['backups'], endsAt: iso(Date.now() + HOUR), reason: 'backup job rework' }));
    await fetch(`${alertmanager.url}/api/v2/silence/${other.silenceIds[0]}`, { method: 'DELETE' });
    expect(await windows.tendMaintenance(store, getAlerts())).toEqual([{ id: other.id, outcome: 'ended' }]);
    expect((await store.db.selectFrom('maintenance_windows').select('end_note').where('id', '=', other.id).executeTakeFirstOrThrow()).end_note).toMatch(/ended in Alertmanager/);

    // Alertmanager lost the silence (restarted without its data; here: the window names one it never held). A window
    // just made is left alone (another replica's silence may be missing from a cached list); an older one gets it again.
    const lost = await windowOf(await schedule(operator, { sections: ['livekit'], endsAt: iso(Date.now() + HOUR), reason: 'LiveKit upgrade' }));
    const ghost = '00000000-0000-4000-8000-000000000000';
    await store.db.updateTable('maintenance_windows').set({ silence_ids: JSON.stringify([ghost]) }).where('id', '=', lost.id).execute();
    await fetch(`${alertmanager.url}/api/v2/silence/${lost.silenceIds[0]}`, { method: 'DELETE' });
    expect(await windows.tendMaintenance(store, getAlerts())).toEqual([{ id: lost.id, outcome: 'unchanged' }]);
    await store.db.updateTable('maintenance_windows').set({ created_at: Date.now() - 5 * 60_000 }).where('id', '=', lost.id).execute();
    expect(await windows.tendMaintenance(store, getAlerts())).toEqual([{ id: lost.id, outcome: 'silences made again (active)' }]);
    const remade = JSON.parse((await store.db.selectFrom('maintenance_windows').select('silence_ids').where('id', '=', lost.id).executeTakeFirstOrThrow()).silence_ids) as string[];
    expect(remade).not.toContain(ghost);
    expect(await amSilence(remade[0]!)).toMatchObject({ createdBy: 'olivia', status: { state: 'active' }, matchers: [{ name: 'section', value: 'livekit' }] });
    expect((await end(operator, lost.id)).status).toBe(200);
    expect((await amSilence(remade[0]!))!.status.state).toBe('expired');
  });

  it('keeps its windows the same way on PostgreSQL: scheduled, approved, shown, tended and ended', async () => {
    const { getAlerts } = await import('@/lib/server/alertmanager');
    const pg = await openStore(await freshConfig('postgres', 'maintenance'));
    const deps = { alerts: getAlerts(), approvalOverMs: 4 * HOUR, maxMs: 72 * HOUR, sectionIds: new Set(['redis', 'disk']) };
    const who = (actor: string) => ({ actor, actorRole: 'approver', clientAddress: '127.0.0.1' });
    const now = Date.now();
    const short = await windows.scheduleMaintenance(pg, deps, who('olivia'), { sections: ['redis'], services: [], endsAt: iso(now + HOUR), reason: 'pg short' });
    const long = await windows.scheduleMaintenance(pg, deps, who('alice'), { sections: ['disk'], services: ['orchestrator'], endsAt: iso(now + 6 * HOUR), reason: 'pg long' });
    expect([short.state, long.state]).toEqual(['active', 'awaiting-approval']);
    expect((await windows.decideMaintenance(pg, deps, who('bob'), long.id, { decision: 'approve' })).silenceIds).toHaveLength(2);
    expect([...(await windows.maintenanceBySection(pg)).keys()].sort()).toEqual(['disk', 'redis']);
    expect((await windows.openMaintenanceFor(pg, 'disk')).map((w) => w.id)).toEqual([long.id]);
    expect(await windows.tendMaintenance(pg, getAlerts(), short.endsAt + 1)).toEqual(expect.arrayContaining([{ id: short.id, outcome: 'ended' }]));
    await windows.endMaintenance(pg, deps, who('bob'), long.id, {});
    expect((await windows.listMaintenance(pg)).map((w) => [w.id, w.state]).sort()).toEqual([[long.id, 'ended'], [short.id, 'ended']].sort());
    const audit = await pg.db.selectFrom('audit_log').select('action').where('action', 'like', 'maintenance.%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['maintenance.schedule', 'maintenance.schedule', 'maintenance.approve', 'maintenance.end', 'maintenance.end']);
  });

  it('with Alertmanager down: a clear error naming it, nothing stored, no window shown active', async () => {
    const rows = (await store.db.selectFrom('maintenance_windows').selectAll().execute()).length;
    await alertmanager.stop();
    const response = await schedule(operator, { sections: ['monitoring'], endsAt: iso(Date.now() + HOUR), reason: 'Prometheus upgrade' });
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error.message).toMatch(/Alertmanager|127\.0\.0\.1/);
    expect((await store.db.selectFrom('maintenance_windows').selectAll().execute()).length).toBe(rows);
    expect((await windows.maintenanceBySection(store)).has('monitoring')).toBe(false);
    expect((await audit('maintenance.schedule')).at(-1)).toMatchObject({ actor: 'olivia', outcome: 'failure' });
  });
});
