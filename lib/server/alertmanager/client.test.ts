import { describe, expect, it } from 'vitest';
import { toExactMatchers } from '@/lib/alerts/match';
import type { RawAlert, Silence } from '@/lib/alerts/types';
import { createAlertsClient } from './client';
import { AlertmanagerError } from './errors';
import { toEndpoint, type AlertsSettings } from './settings';
import type { AlertsApi, NewSilence } from './upstream';

// The client's own logic against an in-memory upstream; test/integration/alertmanager.test.ts runs it against a real Alertmanager.
const HOUR = 3_600_000;
const SILENCE_ID = '7d1b8c3e-4f5a-4b6c-9d8e-0f1a2b3c4d5e';
const redisDown: RawAlert = { fingerprint: 'aa11', labels: { alertname: 'RedisDown', section: 'redis', severity: 'P1' }, annotations: {}, startsAt: 0, state: 'firing', silencedBy: [] };
const diskFull: RawAlert = { fingerprint: 'bb22', labels: { alertname: 'DiskFull' }, annotations: {}, startsAt: 0, state: 'firing', silencedBy: [] };

function setup(options: { alertmanager?: boolean; silences?: Silence[]; failing?: boolean } = {}) {
  const calls = { alerts: 0, silences: 0, created: [] as NewSilence[], expired: [] as string[] };
  let release: () => void = () => {};
  const gate = { hold: false };
  const api: AlertsApi = {
    source: options.alertmanager === false ? 'prometheus' : 'alertmanager',
    async listAlerts() {
      calls.alerts += 1;
      if (gate.hold) await new Promise<void>((resolve) => (release = resolve));
      if (options.failing) throw new AlertmanagerError('unreachable', 'alertmanager', 'GET', null, 'Alertmanager (127.0.0.1:1): connection refused');
      return { source: this.source, alerts: [redisDown, diskFull] };
    },
    async listSilences() {
      calls.silences += 1;
      return options.silences ?? [];
    },
    async createSilence(silence) {
      calls.created.push(silence);
      return { silenceId: SILENCE_ID };
    },
    async expireSilence(id) {
      calls.expired.push(id);
    },
  };
  const settings: AlertsSettings = {
    alertmanager: options.alertmanager === false ? null : toEndpoint('http://127.0.0.1:9093', 1000),
    prometheus: toEndpoint('http://127.0.0.1:9090', 1000),
    cacheTtlMs: 60_000,
    ackDefaultMs: HOUR,
    ackMaxMs: 12 * HOUR,
  };
  return { client: createAlertsClient(settings, api), calls, gate, release: () => release() };
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: unknown) => (e instanceof AlertmanagerError ? e.code : String(e)));
const sections = new Set(['redis']);

describe('getConsoleAlerts', () => {
  it('costs one upstream read of each kind for many concurrent viewers, and a fresh one after a write', async () => {
    const { client, calls } = setup();
    const reads = await Promise.all(Array.from({ length: 20 }, () => client.getConsoleAlerts(sections)));
    expect(calls).toMatchObject({ alerts: 1, silences: 1 });
    expect(reads[0]!.alerts.map((a) => [a.name, a.sectionId])).toEqual([['RedisDown', 'redis'], ['DiskFull', null]]);
    await client.acknowledgeAlert({ fingerprint: 'aa11', by: 'olivia', comment: 'on it', durationMs: HOUR });
    await client.getConsoleAlerts(sections);
    // The acknowledgement reads both afresh (is it already acknowledged?); then the next view reads again.
    expect(calls).toMatchObject({ alerts: 3, silences: 3 });
  });

  it('lets a read in flight during a write finish instead of failing it', async () => {
    const { client, gate, release } = setup();
    gate.hold = true;
    const inFlight = client.getConsoleAlerts(sections);
    await new Promise((resolve) => setImmediate(resolve));
    gate.hold = false;
    await client.createSilence({ matchers: [{ name: 'a', value: 'b', isRegex: false, isEqual: true }], createdBy: 'x', comment: 'y', startsAt: 0, endsAt: 1 });
    release();
    expect((await inFlight).alerts).toHaveLength(2);
  });

  it('fails with the upstream error instead of answering an empty list', async () => {
    expect(await codeOf(setup({ failing: true }).client.getConsoleAlerts(sections))).toBe('unreachable');
  });
});

describe('acknowledgeAlert', () => {
  it('silences exactly the labels of the alert named by its fingerprint', async () => {
    const { client, calls } = setup();
    const ack = await client.acknowledgeAlert({ fingerprint: 'aa11', by: 'olivia', comment: 'looking', durationMs: 2 * HOUR });
    expect(ack).toMatchObject({ silenceId: SILENCE_ID, by: 'olivia', comment: 'looking', alert: { name: 'RedisDown' } });
    expect(ack.until - ack.at).toBe(2 * HOUR);
    expect(calls.created).toEqual([
      {
        matchers: [
          { name: 'alertname', value: 'RedisDown', isRegex: false, isEqual: true },
          { name: 'section', value: 'redis', isRegex: false, isEqual: true },
          { name: 'severity', value: 'P1', isRegex: false, isEqual: true },
        ],
        createdBy: 'olivia',
        comment: 'looking',
        startsAt: ack.at,
        endsAt: ack.until,
      },
    ]);
  });

  it('refuses bad durations, unknown alerts, empty names and comments, and works only with Alertmanager', async () => {
    const { client, calls } = setup();
    const ack = (over: Partial<Parameters<typeof client.acknowledgeAlert>[0]>) => codeOf(client.acknowledgeAlert({ fingerprint: 'aa11', by: 'olivia', comment: 'c', durationMs: HOUR, ...over }));
    for (const durationMs of [0, -1, Number.NaN, Infinity, 12 * HOUR + 1]) expect(await ack({ durationMs })).toBe('bad-request');
    expect(await ack({ durationMs: 12 * HOUR })).toBe('resolved');
    expect(await ack({ fingerprint: 'nope' })).toBe('not-found');
    expect(await ack({ by: ' ' })).toBe('bad-request');
    expect(await ack({ comment: '' })).toBe('bad-request');
    expect(calls.created).toHaveLength(1);
    const prometheusOnly = setup({ alertmanager: false }).client;
    const error = await prometheusOnly.acknowledgeAlert({ fingerprint: 'aa11', by: 'o', comment: 'c', durationMs: HOUR }).catch((e: AlertmanagerError) => e);
    expect(error).toMatchObject({ code: 'not-configured', message: 'acknowledging needs Alertmanager (ALERTMANAGER_URL)' });
  });
});

describe('endAcknowledgement', () => {
  const now = Date.now();
  const silence = (over: Partial<Silence>): Silence => ({
    id: SILENCE_ID,
    matchers: toExactMatchers(redisDown.labels),
    startsAt: now - HOUR,
    endsAt: now + HOUR,
    updatedAt: now - HOUR,
    createdBy: 'olivia',
    comment: 'c',
    state: 'active',
    ...over,
  });

  it('expires the active silence that acknowledges the alert', async () => {
    const { client, calls } = setup({ silences: [silence({})] });
    expect(await client.endAcknowledgement({ fingerprint: 'aa11', silenceId: SILENCE_ID })).toMatchObject({ silenceId: SILENCE_ID, by: 'olivia', endable: true, alert: { name: 'RedisDown' } });
    expect(calls.expired).toEqual([SILENCE_ID]);
  });

  it('will not end a wider silence (a maintenance window made in Alertmanager) from one alert', async () => {
    const { client, calls } = setup({ silences: [silence({ matchers: [{ name: 'section', value: 'redis', isRegex: false, isEqual: true }], createdBy: 'platform-team' })] });
    await expect(client.endAcknowledgement({ fingerprint: 'aa11', silenceId: SILENCE_ID })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/covers more than this alert; end it in Alertmanager/) });
    expect(calls.expired).toEqual([]);
  });

  it('refuses unknown silences and alerts, ended silences and silences of other alerts', async () => {
    const end = (silences: Silence[], fingerprint = 'aa11', silenceId = SILENCE_ID) => {
      const { client, calls } = setup({ silences });
      return codeOf(client.endAcknowledgement({ fingerprint, silenceId }).finally(() => expect(calls.expired).toEqual([])));
    };
    expect(await end([])).toBe('not-found');
    expect(await end([silence({})], 'nope')).toBe('not-found');
    expect(await end([silence({})], 'aa11', '../../status')).toBe('bad-request');
    expect(await end([silence({ state: 'expired', endsAt: now - 1 })])).toBe('conflict');
    expect(await end([silence({})], 'bb22')).toBe('conflict');
  });
});
