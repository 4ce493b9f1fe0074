import 'server-only';
import { recordAudit } from '@/lib/audit/log';
import type { Actor } from '@/lib/auth/actor';
import { ApiError } from '@/lib/api/errors';
import { isOpen } from '@/lib/incidents/lifecycle';
import { getIncident } from '@/lib/incidents/records';
import type { AlertsClient } from '@/lib/server/alertmanager/client';
import type { Store } from '@/lib/server/store/open-store';
import type { KeptAcknowledgementRow } from '@/lib/server/store/schema';
import { isShuttingDown } from '@/lib/server/shutdown';

// An acknowledgement made from an incident is kept alive while its alert still fires and ends by itself at
// verified recovery (issue 17, handover; as karma's companion kthxbye does), instead of expiring in the middle of
// the night and paging again for what is already being handled. The console extends the Alertmanager silence
// shortly before it ends and expires it once the incident is resolved (its sections held `ok`).

/** Extend when less than this is left; by this much each time (the silence never runs far ahead of the alert). */
export const KEEP_ALIVE = { extendWhenLeftMs: 15 * 60_000, extendByMs: 60 * 60_000 };
const SYSTEM: Actor = { actor: 'system', actorRole: null, clientAddress: null };

type Context = { store: Store; actor: Actor };

/**
 * Acknowledges an alert from an incident and keeps it alive: the incident must be open (a closed one could never
 * end it). Audited like any acknowledgement, with the incident.
 */
export async function acknowledgeForIncident(context: Context, alerts: AlertsClient, input: { incidentId: string; fingerprint: string; comment: string; durationMinutes: number }) {
  const incident = await getIncident(context.store.db, input.incidentId);
  if (!isOpen(incident.status)) throw new ApiError('conflict', `${incident.id} is ${incident.status}: an acknowledgement kept alive until its recovery needs an open incident`);
  const target = `alert ${input.fingerprint}`;
  try {
    const ack = await alerts.acknowledgeAlert({ fingerprint: input.fingerprint, by: context.actor.actor, comment: `${input.comment} (kept alive until ${incident.id} recovers)`, durationMs: input.durationMinutes * 60_000 });
    await context.store.db
      .insertInto('kept_acknowledgements')
      .values({ silence_id: ack.silenceId, fingerprint: input.fingerprint, alert_name: ack.alert.name, incident_id: incident.id, created_by: context.actor.actor, created_at: ack.at, extensions: 0, state: 'kept', ended_at: null, end_note: null })
      .execute();
    await recordAudit(context.store, { ...context.actor, action: 'alert.ack', target: `alert ${ack.alert.name} (${input.fingerprint})`, incident: incident.id, outcome: 'success', detail: { labels: ack.alert.labels, silenceId: ack.silenceId, comment: ack.comment, until: ack.until, keptAliveFor: incident.id } });
    return ack;
  } catch (error) {
    await recordAudit(context.store, { ...context.actor, action: 'alert.ack', target, incident: incident.id, outcome: 'failure', detail: { comment: input.comment, keptAliveFor: incident.id, error: error instanceof Error ? error.message : String(error) } });
    throw error;
  }
}

export async function listKeptAcknowledgements(store: Store): Promise<KeptAcknowledgementRow[]> {
  return store.db.selectFrom('kept_acknowledgements').selectAll().where('state', '=', 'kept').orderBy('created_at').execute();
}

async function end(store: Store, row: KeptAcknowledgementRow, note: string, now: number): Promise<string> {
  await store.db.updateTable('kept_acknowledgements').set({ state: 'ended', ended_at: now, end_note: note }).where('silence_id', '=', row.silence_id).where('state', '=', 'kept').execute();
  return note;
}

/**
 * One round: for each kept acknowledgement, end it when its incident is no longer open (the silence is expired:
 * recovery verified), let it go when the alert cleared or someone ended it in Alertmanager, and move its end an
 * hour on when little is left while the alert still fires. Every change to a silence is audited, by `system`.
 */
export async function tendKeptAcknowledgements(store: Store, alerts: AlertsClient, now = Date.now()): Promise<{ silenceId: string; outcome: string }[]> {
  const kept = await listKeptAcknowledgements(store);
  if (kept.length === 0) return [];
  const [silences, { alerts: firing }] = await Promise.all([alerts.listSilences(), alerts.listAlerts()]);
  const outcomes: { silenceId: string; outcome: string }[] = [];
  for (const row of kept) {
    const silence = silences.find((s) => s.id === row.silence_id);
    const target = `alert ${row.alert_name} (${row.fingerprint})`;
    const incident = await getIncident(store.db, row.incident_id).catch(() => null);
    let outcome: string;
    if (!silence || silence.state === 'expired' || silence.endsAt <= now) {
      outcome = await end(store, row, 'the silence ended in Alertmanager (expired, or ended by someone)', now);
    } else if (!incident || !isOpen(incident.status)) {
      await alerts.expireSilence(row.silence_id);
      outcome = await end(store, row, `ended at ${row.incident_id}'s recovery (${incident?.status ?? 'incident gone'})`, now);
      await recordAudit(store, { ...SYSTEM, action: 'alert.unack', target, incident: row.incident_id, outcome: 'success', detail: { silenceId: row.silence_id, acknowledgedBy: row.created_by, why: outcome } });
    } else if (!firing.some((a) => a.fingerprint === row.fingerprint)) {
      // The alert cleared: the silence runs out by itself; a new firing is news and should page.
      outcome = await end(store, row, 'the alert no longer fires: the silence runs out on its own', now);
    } else if (silence.endsAt - now < KEEP_ALIVE.extendWhenLeftMs) {
      const endsAt = now + KEEP_ALIVE.extendByMs;
      const { silenceId } = await alerts.createSilence({ id: silence.id, matchers: silence.matchers, createdBy: silence.createdBy, comment: silence.comment, startsAt: silence.startsAt, endsAt });
      await store.db.updateTable('kept_acknowledgements').set({ silence_id: silenceId, extensions: row.extensions + 1 }).where('silence_id', '=', row.silence_id).execute();
      await recordAudit(store, { ...SYSTEM, action: 'alert.ack', target, incident: row.incident_id, outcome: 'success', detail: { silenceId, previousSilenceId: silenceId === row.silence_id ? undefined : row.silence_id, extendedTo: endsAt, why: `kept alive: ${row.incident_id} is ${incident.status} and the alert still fires` } });
      outcome = `extended to ${new Date(endsAt).toISOString()}`;
    } else {
      outcome = 'kept';
    }
    outcomes.push({ silenceId: row.silence_id, outcome });
  }
  return outcomes;
}

const holder = globalThis as typeof globalThis & { __voicehiveKeptAcks?: ReturnType<typeof setInterval> };

/** Tends the kept acknowledgements every minute (once per process; a failed round is logged once and tried again). */
export function startKeptAcknowledgements(intervalMs: number, getStore: () => Promise<Store>, getAlerts: () => AlertsClient): void {
  if (holder.__voicehiveKeptAcks) return;
  let running = false;
  let lastError = '';
  const round = async () => {
    if (running || isShuttingDown() || !getAlerts().canAcknowledge) return;
    running = true;
    try {
      await tendKeptAcknowledgements(await getStore(), getAlerts());
      lastError = '';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastError) console.warn(`[alerts] keeping acknowledgements alive failed: ${message}`);
      lastError = message;
    } finally {
      running = false;
    }
  };
  holder.__voicehiveKeptAcks = setInterval(() => void round(), intervalMs);
  holder.__voicehiveKeptAcks.unref?.();
}
