// Issue 17 (handover): an acknowledgement made from an incident is kept alive while its alert fires and ends by
// itself at verified recovery, instead of expiring in the night. Against a real Alertmanager (Debian's) with
// alerts pushed as Prometheus pushes them, and a throwaway SQLite store. Time is passed to the tending round
// (`now`), so "little left" is a fact of the test, not a wait.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsClient } from '@/lib/server/alertmanager/client';
import type { Store } from '@/lib/server/store/open-store';
import { startAlertmanager } from '@/scripts/stack/alertmanager';
import { useThrowawayStore } from './signed-in';

const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicehive-kept-acks-'));
let alertmanager: Awaited<ReturnType<typeof startAlertmanager>>;
let alerts: AlertsClient;
let store: Store;
let kept: typeof import('@/lib/server/kept-acknowledgements');
let records: typeof import('@/lib/incidents/records');
const operator = { actor: 'olivia', actorRole: 'operator', clientAddress: '127.0.0.1' };
const MIN = 60_000;

type AmSilence = { id: string; status: { state: string }; endsAt: string; comment: string };
const silence = async (id: string) => ((await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as AmSilence[]).find((s) => s.id === id)!;
const push = async (labels: Record<string, string>, endsAt?: string) => {
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ labels, annotations: { summary: 'test' }, ...(endsAt ? { endsAt } : {}) }]) });
  expect(response.status).toBe(200);
};
const fingerprintOf = async (alertname: string) => {
  for (let i = 0; i < 100; i++) {
    const found = (await alerts.listAlerts()).alerts.find((a) => a.labels.alertname === alertname);
    if (found) return found.fingerprint;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`alert ${alertname} never showed`);
};
const declare = async (section: string) => (await records.declareIncident(store, operator, { title: `t ${section}`, summary: 's', severity: 'P1', sections: [section], alerts: [], startedAt: null, startedEvidence: null })).incident;

beforeAll(async () => {
  useThrowawayStore();
  alertmanager = await startAlertmanager({ logDir });
  const { createAlertsClient } = await import('@/lib/server/alertmanager/client');
  const { alertsSettingsFromEnv } = await import('@/lib/server/alertmanager/settings');
  const { parseEnv } = await import('@/lib/env');
  // A 1 ms read cache: each tending round reads what Alertmanager holds now.
  alerts = createAlertsClient(alertsSettingsFromEnv(parseEnv({ PROMETHEUS_URL: 'http://127.0.0.1:1', ALERTMANAGER_URL: alertmanager.url, UPSTREAM_CACHE_TTL_MS: '1' })));
  store = await (await import('@/lib/server/store/store')).getStore();
  kept = await import('@/lib/server/kept-acknowledgements');
  records = await import('@/lib/incidents/records');
});
afterAll(async () => {
  await alertmanager?.stop();
});

describe('an acknowledgement kept alive from an incident', () => {
  it('is extended while the alert fires and the incident is open, then ended by the console when the incident resolves', async () => {
    await push({ alertname: 'KeptRedisDown', section: 'redis', severity: 'P0' });
    const fingerprint = await fingerprintOf('KeptRedisDown');
    const incident = await declare('redis');
    const ack = await kept.acknowledgeForIncident({ store, actor: operator }, alerts, { incidentId: incident.id, fingerprint, comment: 'restoring the primary', durationMinutes: 30 });
    expect((await silence(ack.silenceId)).comment).toContain(`kept alive until ${incident.id} recovers`);

    // 20 minutes on, more than a quarter of an hour is left: nothing to do.
    expect(await kept.tendKeptAcknowledgements(store, alerts, ack.at + 10 * MIN)).toEqual([{ silenceId: ack.silenceId, outcome: 'kept' }]);
    // 20 minutes on, ten are left: its end moves an hour on, the same silence in Alertmanager.
    const now = Date.now();
    const [extended] = await kept.tendKeptAcknowledgements(store, alerts, ack.until - 10 * MIN);
    expect(extended!.outcome).toMatch(/^extended to /);
    const row = await store.db.selectFrom('kept_acknowledgements').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'kept', extensions: 1 });
    const after = await silence(row.silence_id);
    expect(after.status.state).toBe('active');
    expect(Date.parse(after.endsAt)).toBeGreaterThan(ack.until);
    expect(Date.parse(after.endsAt)).toBeGreaterThanOrEqual(now + 45 * MIN);

    // The incident resolves (its sections held ok): the console ends the silence, by system, audited.
    await store.db.updateTable('incidents').set({ status: 'resolved', resolved_at: Date.now() }).where('id', '=', incident.id).execute();
    const [ended] = await kept.tendKeptAcknowledgements(store, alerts);
    expect(ended!.outcome).toMatch(new RegExp(`^ended at ${incident.id}'s recovery`));
    expect((await silence(row.silence_id)).status.state).toBe('expired');
    const audit = await store.db.selectFrom('audit_log').selectAll().where('action', '=', 'alert.unack').where('incident', '=', incident.id).execute();
    expect(audit.map((a) => [a.actor, a.outcome])).toEqual([['system', 'success']]);
    // Ended once: the next round has nothing to tend.
    expect(await kept.tendKeptAcknowledgements(store, alerts)).toEqual([]);
  });

  it('is let go when the alert clears (a new firing should page), and when someone ends the silence in Alertmanager', async () => {
    await push({ alertname: 'KeptQueueBacklog', section: 'queue-backlog', severity: 'P2' });
    await push({ alertname: 'KeptDiskFull', section: 'disk', severity: 'P1' });
    const [queue, disk] = [await fingerprintOf('KeptQueueBacklog'), await fingerprintOf('KeptDiskFull')];
    const [queueIncident, diskIncident] = [await declare('queue-backlog'), await declare('disk')];
    const a = await kept.acknowledgeForIncident({ store, actor: operator }, alerts, { incidentId: queueIncident.id, fingerprint: queue, comment: 'draining', durationMinutes: 30 });
    const b = await kept.acknowledgeForIncident({ store, actor: operator }, alerts, { incidentId: diskIncident.id, fingerprint: disk, comment: 'cleaning', durationMinutes: 30 });
    await push({ alertname: 'KeptQueueBacklog', section: 'queue-backlog', severity: 'P2' }, new Date(Date.now() - 1000).toISOString());
    await fetch(`${alertmanager.url}/api/v2/silence/${b.silenceId}`, { method: 'DELETE' });
    for (let i = 0; i < 100 && (await alerts.listAlerts()).alerts.some((x) => x.fingerprint === queue); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const outcomes = await kept.tendKeptAcknowledgements(store, alerts, a.until - 5 * MIN);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { silenceId: a.silenceId, outcome: 'the alert no longer fires: the silence runs out on its own' },
        { silenceId: b.silenceId, outcome: 'the silence ended in Alertmanager (expired, or ended by someone)' },
      ]),
    );
    // Not extended: the cleared alert's silence still ends when it was going to.
    expect(Date.parse((await silence(a.silenceId)).endsAt)).toBe(a.until);
  });

  it('is refused for an incident that is not open, with nothing made in Alertmanager', async () => {
    await push({ alertname: 'KeptDnsFailing', section: 'dns', severity: 'P1' });
    const fingerprint = await fingerprintOf('KeptDnsFailing');
    const incident = await declare('dns');
    await store.db.updateTable('incidents').set({ status: 'closed' }).where('id', '=', incident.id).execute();
    const before = ((await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as unknown[]).length;
    await expect(kept.acknowledgeForIncident({ store, actor: operator }, alerts, { incidentId: incident.id, fingerprint, comment: 'x', durationMinutes: 30 })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/is closed/) });
    expect(((await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as unknown[]).length).toBe(before);
    await expect(kept.acknowledgeForIncident({ store, actor: operator }, alerts, { incidentId: 'INC-2026-999', fingerprint, comment: 'x', durationMinutes: 30 })).rejects.toMatchObject({ code: 'not-found' });
  });
});
