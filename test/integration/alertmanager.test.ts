// The alerts adapter (lib/server/alertmanager) against a real Alertmanager (Debian's prometheus-alertmanager 0.25)
// and a real Prometheus evaluating the catalog's generated rules over the simulator; both installed by
// scripts/ensure-system-deps.sh. Alerts are pushed into Alertmanager as Prometheus would (POST /api/v2/alerts), and
// one is delivered by Prometheus itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ConsoleAlert } from '@/lib/alerts/types';
import { loadCatalog } from '@/lib/catalog/load';
import { renderAlertRules } from '@/lib/catalog/prometheus-rules';
import { parseEnv } from '@/lib/env';
import { createAlertsClient, type AlertsClient } from '@/lib/server/alertmanager/client';
import { AlertmanagerError } from '@/lib/server/alertmanager/errors';
import { alertsSettingsFromEnv } from '@/lib/server/alertmanager/settings';
import { getConsoleMetrics } from '@/lib/server/console-metrics';
import { startSimulator, type Simulator } from '@/sim/server';
import { startAlertmanager } from '@/scripts/stack/alertmanager';
import { findFreePort, waitUntil } from '@/scripts/stack/processes';
import { startPrometheus } from '@/scripts/stack/prometheus';

const root = path.resolve(__dirname, '../..');
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-alertmanager-test-'));
const catalog = loadCatalog(path.join(root, 'runbooks'));
const sectionIds = new Set(catalog.map((s) => s.id));
// Another host than the console's: matching goes by the runbook path only.
const rulesYaml = renderAlertRules(catalog, { window: '15s', consoleUrl: 'https://ops.voicehive.example' });
type Rule = { alert: string; labels: Record<string, string>; annotations: Record<string, string> };
const rules = (parse(rulesYaml) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const MIN = 60_000;

let alertmanager: Awaited<ReturnType<typeof startAlertmanager>>;
let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
let sim: Simulator;
let alerts: AlertsClient;
const stops: (() => Promise<unknown>)[] = [];

const clientFor = (env: Record<string, string>) => createAlertsClient(alertsSettingsFromEnv(parseEnv({ PROMETHEUS_URL: prometheus.url, UPSTREAM_CACHE_TTL_MS: '1000', ...env })));

/** Pushes alerts into Alertmanager as Prometheus does; returns nothing, Alertmanager computes the fingerprints. */
async function pushAlerts(list: { labels: Record<string, string>; annotations?: Record<string, string> }[]): Promise<void> {
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(list) });
  expect(response.status).toBe(200);
}

type AmSilence = { id: string; status: { state: string }; createdBy: string; comment: string; startsAt: string; endsAt: string; matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[] };
const readSilences = async (): Promise<AmSilence[]> => (await fetch(`${alertmanager.url}/api/v2/silences`)).json() as Promise<AmSilence[]>;

/** Polls the console's view until `check` holds for the alert named `name`; returns it. */
async function waitForAlert(client: AlertsClient, name: string, check: (a: ConsoleAlert) => boolean = () => true, timeoutMs = 30_000): Promise<ConsoleAlert> {
  let found: ConsoleAlert | undefined;
  await waitUntil(async () => {
    found = (await client.getConsoleAlerts(sectionIds)).alerts.find((a) => a.name === name && check(a));
    return found !== undefined;
  }, `alert ${name}`, timeoutMs, 100);
  return found!;
}

async function failure(call: Promise<unknown>): Promise<AlertmanagerError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AlertmanagerError);
  return error as AlertmanagerError;
}

const upstreamCount = async (upstream: string) =>
  (await getConsoleMetrics().upstreamRequests.get()).values.filter((v) => v.labels.upstream === upstream).reduce((n, v) => n + v.value, 0);

const redisRule = rules.find((r) => r.labels.section === 'redis')!;
const pushed = {
  // The catalog's own rule, as Prometheus would send it: section label and runbook_url.
  redis: { labels: { alertname: redisRule.alert, ...redisRule.labels }, annotations: { ...redisRule.annotations, description: 'Redis up is 0 (== 0)' } },
  // No section label: only its runbook_url, on yet another host, with a trailing slash and a query.
  byRunbook: { labels: { alertname: 'ExternalCallProbeFailing', severity: 'P2' }, annotations: { summary: 'SIP probe failing', runbook_url: 'http://10.1.2.3:3000/runbooks/call-failures/?from=probe' } },
  // Nothing says which section: kept, under "other".
  other: { labels: { alertname: 'NodeClockSkew', severity: 'warning', section: 'not-a-section' }, annotations: { summary: 'clock skew' } },
};

beforeAll(async () => {
  // The simulator starts with a breaker open: the catalog's P2 rule fires on the first evaluation, its P1 (for: 10m) is pending.
  [alertmanager, sim] = await Promise.all([startAlertmanager({ logDir }), startSimulator({ port: 0, scenario: 'circuit-breaker-open' })]);
  stops.push(() => alertmanager.stop(), () => sim.close());
  prometheus = await startPrometheus({ simUrl: sim.url, port: await findFreePort(), scrapeInterval: '1s', evaluationInterval: '1s', rules: rulesYaml, logDir, alertmanagerUrl: alertmanager.url });
  stops.push(() => prometheus.stop());
  alerts = clientFor({ ALERTMANAGER_URL: alertmanager.url });
  await pushAlerts([pushed.redis, pushed.byRunbook, pushed.other]);
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  fs.rmSync(logDir, { recursive: true, force: true });
});

describe('active alerts from Alertmanager', () => {
  it('are matched to sections by the section label, else by runbook_url, and unmatched ones are kept', async () => {
    const view = await alerts.getConsoleAlerts(sectionIds);
    expect(view.source).toBe('alertmanager');
    const byName = new Map(view.alerts.map((a) => [a.name, a]));
    expect(byName.get(redisRule.alert)).toMatchObject({ sectionId: 'redis', severity: redisRule.labels.severity, summary: redisRule.annotations.summary, state: 'firing', ack: null });
    expect(byName.get('ExternalCallProbeFailing')).toMatchObject({ sectionId: 'call-failures', severity: 'P2', summary: 'SIP probe failing' });
    expect(byName.get('NodeClockSkew')).toMatchObject({ sectionId: null, severity: 'warning', state: 'firing' });
    expect(byName.get(redisRule.alert)!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('costs one upstream read of alerts and one of silences for many concurrent viewers', async () => {
    const fresh = clientFor({ ALERTMANAGER_URL: alertmanager.url });
    const before = await upstreamCount('alertmanager');
    const views = await Promise.all(Array.from({ length: 25 }, () => fresh.getConsoleAlerts(sectionIds)));
    expect(await upstreamCount('alertmanager')).toBe(before + 2);
    expect(new Set(views.map((v) => v.readAt)).size).toBe(1);
  });
});

describe('acknowledging', () => {
  it('creates a silence on exactly the alert labels, by the user, with the comment and the duration; shown as ack; ended early', async () => {
    const alert = await waitForAlert(alerts, redisRule.alert);
    const ack = await alerts.acknowledgeAlert({ fingerprint: alert.fingerprint, by: 'olivia', comment: 'restarting redis-0', durationMs: 30 * MIN });
    expect(ack).toMatchObject({ by: 'olivia', comment: 'restarting redis-0', alert: { name: redisRule.alert } });

    const silence = (await readSilences()).find((s) => s.id === ack.silenceId)!;
    expect(silence).toMatchObject({ status: { state: 'active' }, createdBy: 'olivia', comment: 'restarting redis-0' });
    expect(Math.abs(Date.parse(silence.endsAt) - (ack.at + 30 * MIN))).toBeLessThan(1000);
    const exact = Object.entries(alert.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
    expect([...silence.matchers].sort((a, b) => a.name.localeCompare(b.name))).toEqual(exact.sort((a, b) => a.name.localeCompare(b.name)));

    const acked = await waitForAlert(alerts, redisRule.alert, (a) => a.state === 'suppressed');
    expect(acked.ack).toEqual({ silenceId: ack.silenceId, by: 'olivia', at: Date.parse(silence.startsAt), until: Date.parse(silence.endsAt), comment: 'restarting redis-0', endable: true });
    // Exact matchers: the other alerts are not acknowledged by it.
    expect((await alerts.getConsoleAlerts(sectionIds)).alerts.filter((a) => a.ack?.silenceId === ack.silenceId).map((a) => a.name)).toEqual([redisRule.alert]);

    const ended = await alerts.endAcknowledgement({ fingerprint: alert.fingerprint, silenceId: ack.silenceId });
    expect(ended).toMatchObject({ silenceId: ack.silenceId, by: 'olivia' });
    expect((await readSilences()).find((s) => s.id === ack.silenceId)?.status.state).toBe('expired');
    expect(await waitForAlert(alerts, redisRule.alert, (a) => a.state === 'firing')).toMatchObject({ ack: null });
    expect((await failure(alerts.endAcknowledgement({ fingerprint: alert.fingerprint, silenceId: ack.silenceId }))).code).toBe('conflict');
  });

  it('refuses a duration over ACK_MAX_DURATION and an unknown fingerprint, creating no silence', async () => {
    const alert = await waitForAlert(alerts, 'NodeClockSkew');
    const count = (await readSilences()).length;
    const tooLong = await failure(alerts.acknowledgeAlert({ fingerprint: alert.fingerprint, by: 'olivia', comment: 'c', durationMs: 12 * 60 * MIN + 1 }));
    expect(tooLong).toMatchObject({ code: 'bad-request', message: expect.stringContaining('at most 12 h') });
    expect(tooLong.toApiError().code).toBe('bad-request');
    const unknown = await failure(alerts.acknowledgeAlert({ fingerprint: '0123456789abcdef', by: 'olivia', comment: 'c', durationMs: MIN }));
    expect(unknown.toApiError().code).toBe('not-found');
    expect((await readSilences()).length).toBe(count);
  });

  it('counts a silence made elsewhere (a regex matcher) as the acknowledgement, and will not end it from the console', async () => {
    const now = Date.now();
    const body = { matchers: [{ name: 'alertname', value: 'External.*', isRegex: true, isEqual: true }], createdBy: 'amtool:bea', comment: 'probe maintenance', startsAt: new Date(now).toISOString(), endsAt: new Date(now + 20 * MIN).toISOString() };
    const { silenceID } = (await (await fetch(`${alertmanager.url}/api/v2/silences`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { silenceID: string };
    const probe = await waitForAlert(alerts, 'ExternalCallProbeFailing', (a) => a.ack !== null);
    expect(probe).toMatchObject({ state: 'suppressed', ack: { silenceId: silenceID, by: 'amtool:bea', comment: 'probe maintenance', endable: false } });
    const other = await waitForAlert(alerts, 'NodeClockSkew');
    expect((await failure(alerts.endAcknowledgement({ fingerprint: other.fingerprint, silenceId: silenceID }))).code).toBe('conflict');
    // It mutes every External* alert: its owner ends it in Alertmanager, not someone looking at one of them.
    const wider = await failure(alerts.endAcknowledgement({ fingerprint: probe.fingerprint, silenceId: silenceID }));
    expect(wider).toMatchObject({ code: 'conflict', message: expect.stringMatching(/covers more than this alert/) });
    await fetch(`${alertmanager.url}/api/v2/silence/${silenceID}`, { method: 'DELETE' });
  });
});

describe('Prometheus and Alertmanager together', () => {
  const breakerP2 = rules.find((r) => r.labels.section === 'circuit-breakers' && r.labels.severity === 'P2')!;
  const breakerP1 = rules.find((r) => r.labels.section === 'circuit-breakers' && r.labels.severity === 'P1')!;

  it('Prometheus delivers a firing catalog alert to Alertmanager, where it can be acknowledged', async () => {
    const alert = await waitForAlert(alerts, breakerP2.alert, () => true, 60_000);
    expect(alert).toMatchObject({ sectionId: 'circuit-breakers', severity: 'P2', state: 'firing' });
    expect(alert.labels.breaker).toBe('pms_connector');
    const ack = await alerts.acknowledgeAlert({ fingerprint: alert.fingerprint, by: 'olivia', comment: 'breaker open, apaleo down', durationMs: 10 * MIN });
    expect(await waitForAlert(alerts, breakerP2.alert, (a) => a.ack?.silenceId === ack.silenceId)).toMatchObject({ state: 'suppressed' });
  });

  it('without Alertmanager, the alerts come from Prometheus (firing and pending), matched to sections, read once for many viewers', async () => {
    const fallback = clientFor({});
    const firing = await waitForAlert(fallback, breakerP2.alert, (a) => a.state === 'firing', 60_000);
    expect(firing).toMatchObject({ sectionId: 'circuit-breakers', severity: 'P2', summary: breakerP2.annotations.summary, ack: null });
    expect(firing.startsAt).toBeLessThanOrEqual(Date.now());
    const views = await Promise.all(Array.from({ length: 5 }, () => fallback.getConsoleAlerts(sectionIds)));
    expect(views.every((v) => v.source === 'prometheus')).toBe(true);
    expect(views[0]!.alerts.find((a) => a.name === breakerP1.alert)).toMatchObject({ state: 'pending', sectionId: 'circuit-breakers' });
    // The same label set gives the same fingerprint on every read.
    expect(views[0]!.alerts.find((a) => a.name === breakerP2.alert)!.fingerprint).toBe(firing.fingerprint);

    const fresh = clientFor({});
    const before = await upstreamCount('prometheus');
    await Promise.all(Array.from({ length: 25 }, () => fresh.getConsoleAlerts(sectionIds)));
    expect(await upstreamCount('prometheus')).toBe(before + 1);

    const refused = await failure(fallback.acknowledgeAlert({ fingerprint: firing.fingerprint, by: 'olivia', comment: 'c', durationMs: MIN }));
    expect(refused).toMatchObject({ code: 'not-configured', message: 'acknowledging needs Alertmanager (ALERTMANAGER_URL)' });
    expect(refused.toApiError().code).toBe('unavailable');
  });
});

describe('when the upstream is down', () => {
  it('a stopped Alertmanager is an error naming it, not an empty list', async () => {
    const doomed = await startAlertmanager({ logDir });
    stops.push(() => doomed.stop());
    const client = clientFor({ ALERTMANAGER_URL: doomed.url, UPSTREAM_CACHE_TTL_MS: '1' });
    expect((await client.getConsoleAlerts(sectionIds)).alerts).toEqual([]);
    await doomed.stop();
    const error = await failure(client.getConsoleAlerts(sectionIds));
    expect(error).toMatchObject({ code: 'unreachable', upstream: 'alertmanager', message: `Alertmanager (127.0.0.1:${doomed.port}): connection refused` });
    expect(error.toApiError().code).toBe('upstream');
    expect((await failure(client.acknowledgeAlert({ fingerprint: 'abc', by: 'o', comment: 'c', durationMs: MIN }))).code).toBe('unreachable');
  });

  it('a Prometheus that does not answer is an error naming Prometheus', async () => {
    const port = await findFreePort();
    const error = await failure(createAlertsClient(alertsSettingsFromEnv(parseEnv({ PROMETHEUS_URL: `http://127.0.0.1:${port}` }))).getConsoleAlerts(sectionIds));
    expect(error).toMatchObject({ upstream: 'prometheus', message: `Prometheus (127.0.0.1:${port}): connection refused` });
  });
});
