// The alert routes in-process (list, acknowledge, end early) against a real Alertmanager (Debian's
// prometheus-alertmanager), with people signed in to a throwaway SQLite store. Alerts are pushed into
// Alertmanager as Prometheus would; the silences are read back from Alertmanager itself.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsResponse } from '@/lib/client/alerts-api';
import type { Store } from '@/lib/server/store/open-store';
import { startAlertmanager } from '@/scripts/stack/alertmanager';
import { signInAs, signInAsDisplay, useThrowawayStore, type SignedIn } from './signed-in';

let alertmanager: Awaited<ReturnType<typeof startAlertmanager>>;
let store: Store;
let viewer: SignedIn;
let operator: SignedIn;
let listRoute: typeof import('@/app/api/alerts/route');
let ackRoute: typeof import('@/app/api/alerts/[fingerprint]/acknowledgement/route');
let endRoute: typeof import('@/app/api/alerts/[fingerprint]/acknowledgement/[silenceId]/route');

beforeAll(async () => {
  useThrowawayStore();
  alertmanager = await startAlertmanager({ logDir: path.join(__dirname, '../../test-results/integration-logs') });
  Object.assign(process.env, { ALERTMANAGER_URL: alertmanager.url, UPSTREAM_CACHE_TTL_MS: '200', ACK_MAX_DURATION: '4h' });
  viewer = await signInAs('viewer');
  operator = await signInAs('operator', 'olivia');
  store = await (await import('@/lib/server/store/store')).getStore();
  listRoute = await import('@/app/api/alerts/route');
  ackRoute = await import('@/app/api/alerts/[fingerprint]/acknowledgement/route');
  endRoute = await import('@/app/api/alerts/[fingerprint]/acknowledgement/[silenceId]/route');
  const fire = [{ labels: { alertname: 'VoiceHiveRedisDown', severity: 'P1', section: 'redis' }, annotations: { summary: 'redis_up == 0', runbook_url: 'http://127.0.0.1:3000/runbooks/redis' } }];
  await fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fire) });
});

afterAll(async () => {
  await alertmanager?.stop();
});

const list = async (who: SignedIn) => listRoute.GET(who.request('http://console/api/alerts'));
const write = (who: SignedIn, url: string, method: 'POST' | 'DELETE', body?: unknown) => who.request(`http://console${url}`, { method, headers: { origin: 'http://console', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const acknowledge = (who: SignedIn, fingerprint: string, body: unknown) => ackRoute.POST(write(who, `/api/alerts/${fingerprint}/acknowledgement`, 'POST', body), { params: Promise.resolve({ fingerprint }) });
const endAck = (who: SignedIn, fingerprint: string, silenceId: string) => endRoute.DELETE(write(who, `/api/alerts/${fingerprint}/acknowledgement/${silenceId}`, 'DELETE'), { params: Promise.resolve({ fingerprint, silenceId }) });
const audit = (action: string) => store.db.selectFrom('audit_log').select(['actor', 'target', 'outcome', 'detail']).where('action', '=', action).orderBy('seq').execute();
const silences = async () => (await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as { id: string; createdBy: string; comment: string; status: { state: string } }[];

async function redisAlert(who: SignedIn = viewer) {
  let body: AlertsResponse | undefined;
  await expect.poll(async () => {
    body = (await (await list(who)).json()) as AlertsResponse;
    return (body.alerts ?? []).some((a) => a.sectionId === 'redis');
  }, { timeout: 20_000 }).toBe(true);
  return { body: body!, alert: body!.alerts!.find((a) => a.sectionId === 'redis')! };
}

describe('alerts through the console', () => {
  it('gives a NOC display the per-section summary only, not the alerts\' labels and comments', async () => {
    await redisAlert();
    const display = await signInAsDisplay();
    const body = (await (await list(display)).json()) as AlertsResponse;
    expect(body.bySection.redis).toEqual({ count: 1, acknowledgedBy: null, acknowledgedAt: null });
    expect(body.alerts).toBeUndefined();
  });

  it('lists the alert, matched to its section, for anyone with status.read', async () => {
    const { body, alert } = await redisAlert();
    expect(body).toMatchObject({ source: 'alertmanager', canAcknowledge: true, ackMaxMs: 4 * 3_600_000 });
    expect(alert).toMatchObject({ name: 'VoiceHiveRedisDown', severity: 'P1', state: 'firing', ack: null });
  });

  it('refuses a viewer, a bad fingerprint, an empty comment and a duration over the maximum; nothing is silenced', async () => {
    const { alert } = await redisAlert();
    expect((await acknowledge(viewer, alert.fingerprint, { comment: 'x', durationMinutes: 60 })).status).toBe(403);
    const badFingerprint = await acknowledge(operator, 'not-hex', { comment: 'x', durationMinutes: 60 });
    expect(badFingerprint.status).toBe(400);
    expect(await badFingerprint.json()).toMatchObject({ error: { field: 'fingerprint' } });
    expect(await (await acknowledge(operator, alert.fingerprint, { comment: '  ', durationMinutes: 60 })).json()).toMatchObject({ error: { field: 'comment', message: expect.stringMatching(/^comment: is required/) } });
    const tooLong = await acknowledge(operator, alert.fingerprint, { comment: 'looking', durationMinutes: 300 });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { error: { message: string } }).error.message).toMatch(/at most 4 h \(ACK_MAX_DURATION\)/);
    const unknown = await acknowledge(operator, '0123456789abcdef', { comment: 'looking', durationMinutes: 60 });
    expect(unknown.status).toBe(404);
    expect(await silences()).toEqual([]);
    // Malformed requests are refused before Alertmanager is asked (denied); the others were asked and failed.
    expect((await audit('alert.ack')).map((r) => r.outcome)).toEqual(['denied', 'denied', 'failure', 'failure']);
  });

  it('acknowledges as the operator: a silence in Alertmanager, shown with who and when, audited; ended early, audited', async () => {
    const { alert } = await redisAlert();
    const response = await acknowledge(operator, alert.fingerprint, { comment: 'restarting redis-0', durationMinutes: 30 });
    expect(response.status).toBe(201);
    const [silence] = await silences();
    expect(silence).toMatchObject({ createdBy: 'olivia', comment: 'restarting redis-0', status: { state: 'active' } });
    await expect.poll(async () => (await redisAlert()).alert.ack?.by).toBe('olivia');
    expect((await redisAlert()).alert).toMatchObject({ state: 'suppressed', ack: { by: 'olivia', silenceId: silence!.id, comment: 'restarting redis-0' } });
    expect((await audit('alert.ack')).at(-1)).toMatchObject({ actor: 'olivia', target: `alert VoiceHiveRedisDown (${alert.fingerprint})`, outcome: 'success' });
    // A second press (another operator, a stale page) makes no second silence.
    const again = await acknowledge(operator, alert.fingerprint, { comment: 'me too', durationMinutes: 30 });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/already acknowledged by olivia/);
    expect(await silences()).toHaveLength(1);

    expect((await endAck(viewer, alert.fingerprint, silence!.id)).status).toBe(403);
    expect((await endAck(operator, alert.fingerprint, silence!.id)).status).toBe(200);
    expect((await silences())[0]?.status.state).toBe('expired');
    await expect.poll(async () => (await redisAlert()).alert.ack).toBeNull();
    expect((await audit('alert.unack')).at(-1)).toMatchObject({ actor: 'olivia', outcome: 'success' });
    // Ending it again: the silence is no longer active.
    expect((await endAck(operator, alert.fingerprint, silence!.id)).status).toBe(409);
  });

  it('says Alertmanager is down rather than listing no alerts', async () => {
    await alertmanager.stop();
    // Once the 200 ms shared cache has let go of the last good read.
    await expect.poll(async () => (await list(viewer)).status).toBe(502);
    const response = await list(viewer);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^Alertmanager \(127\.0\.0\.1:\d+\): connection refused/);
  });
});
