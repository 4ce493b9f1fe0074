import 'server-only';
import { buildConsoleAlerts, findAcknowledgement, isExactSilenceFor, isSilenceActive, silenceMatches, toAcknowledgement, toExactMatchers } from '@/lib/alerts/match';
import { ACK_COMMENT_MAX_CHARS, type Acknowledgement, type AlertSource, type ConsoleAlerts, type RawAlert, type Silence } from '@/lib/alerts/types';
import { formatDuration } from '@/lib/format';
import { createSharedCache } from '../shared-cache';
import { ALERTMANAGER_UPSTREAM, refuse } from './errors';
import { createAlertsApi, isSilenceId, type AlertsApi } from './upstream';
import type { AlertsSettings } from './settings';

export const MAX_COMMENT_CHARS = ACK_COMMENT_MAX_CHARS;

/** Which alert an acknowledgement was about, for the audit record and the answer. */
export type AcknowledgedAlert = { fingerprint: string; name: string; labels: Record<string, string> };

export type AlertsClient = Pick<AlertsApi, 'createSilence' | 'expireSilence'> & {
  readonly source: AlertSource;
  /** Acknowledging is an Alertmanager silence: only with ALERTMANAGER_URL. */
  readonly canAcknowledge: boolean;
  readonly ackDefaultMs: number;
  readonly ackMaxMs: number;
  /** The active alerts, from the shared cache (one upstream read per UPSTREAM_CACHE_TTL_MS, however many ask). */
  listAlerts(): Promise<{ source: AlertSource; alerts: RawAlert[]; readAt: number }>;
  /** Alertmanager's silences, from the shared cache; refused without Alertmanager. */
  listSilences(): Promise<Silence[]>;
  getConsoleAlerts(sectionIds: ReadonlySet<string>): Promise<ConsoleAlerts>;
  acknowledgeAlert(input: { fingerprint: string; by: string; comment: string; durationMs: number }): Promise<Acknowledgement & { alert: AcknowledgedAlert }>;
  endAcknowledgement(input: { fingerprint: string; silenceId: string }): Promise<Acknowledgement & { alert: AcknowledgedAlert; endedAt: number }>;
};

const describeAlert = (alert: RawAlert): AcknowledgedAlert => ({ fingerprint: alert.fingerprint, name: alert.labels.alertname ?? '(no alertname)', labels: alert.labels });

function findAlert(alerts: readonly RawAlert[], fingerprint: string): RawAlert {
  const alert = alerts.find((a) => a.fingerprint === fingerprint);
  if (!alert) throw refuse('not-found', `no active alert with fingerprint ${JSON.stringify(fingerprint.slice(0, 64))} (it may have resolved)`);
  return alert;
}

/**
 * Active alerts with their sections and acknowledgements, and acknowledging them. Reads go through a short cache
 * shared by every viewer; writes look the alert up afresh (by fingerprint: the browser never sends labels) and
 * start a new cache generation so the next read shows the change.
 */
export function createAlertsClient(settings: AlertsSettings, api: AlertsApi = createAlertsApi(settings)): AlertsClient {
  const { cacheTtlMs: ttlMs, ackMaxMs } = settings;
  // Writes move reads to a new key instead of clearing the cache: clearing would abort a read in flight, and
  // every viewer waiting on it would get an error instead of the (slightly older) answer.
  let generation = 0;
  const cacheOptions = { ttlMs, sizeOf: () => 1, maxSize: 16 };
  const alertsCache = createSharedCache({
    ...cacheOptions,
    upstream: api.source === 'prometheus' ? 'prometheus' : ALERTMANAGER_UPSTREAM,
    load: async () => ({ ...(await api.listAlerts()), readAt: Date.now() }),
  });
  const silencesCache = createSharedCache({ ...cacheOptions, upstream: ALERTMANAGER_UPSTREAM, load: async () => ({ silences: await api.listSilences() }) });
  const invalidate = () => {
    generation += 1;
  };
  const readAlerts = () => alertsCache.get(`alerts:${generation}`);
  const listSilences = async () => (await silencesCache.get(`silences:${generation}`)).silences;
  const needAlertmanager = () => {
    if (!settings.alertmanager) throw refuse('not-configured', 'acknowledging needs Alertmanager (ALERTMANAGER_URL)');
  };

  return {
    source: api.source,
    canAcknowledge: settings.alertmanager !== null,
    ackDefaultMs: settings.ackDefaultMs,
    ackMaxMs,
    listAlerts: readAlerts,
    listSilences,

    async getConsoleAlerts(sectionIds) {
      // Both reads or an error: a list without its acknowledgements, or no list, must not pass for "no alerts".
      const [read, silences] = await Promise.all([readAlerts(), api.source === 'alertmanager' ? listSilences() : []]);
      return { source: read.source, alerts: buildConsoleAlerts(read.alerts, silences, sectionIds, Date.now()), readAt: read.readAt };
    },

    async createSilence(silence) {
      const created = await api.createSilence(silence);
      invalidate();
      return created;
    },

    async expireSilence(id) {
      await api.expireSilence(id);
      invalidate();
    },

    async acknowledgeAlert({ fingerprint, by, comment, durationMs }) {
      needAlertmanager();
      if (by.trim() === '') throw refuse('bad-request', 'an acknowledgement needs the name of who makes it');
      if (comment.trim() === '') throw refuse('bad-request', 'an acknowledgement needs a comment');
      if (comment.length > MAX_COMMENT_CHARS) throw refuse('bad-request', `the comment is longer than ${MAX_COMMENT_CHARS} characters`);
      if (!Number.isFinite(durationMs) || durationMs <= 0 || durationMs > ackMaxMs) {
        throw refuse('bad-request', `an acknowledgement lasts more than 0 and at most ${formatDuration(ackMaxMs)} (ACK_MAX_DURATION)`);
      }
      const [{ alerts }, silences] = await Promise.all([api.listAlerts(), api.listSilences()]);
      const alert = findAlert(alerts, fingerprint);
      // Two people pressing at once, or a page not yet refreshed: one acknowledgement, not two silences to end.
      const already = findAcknowledgement(alert.labels, silences, { silencedBy: alert.silencedBy });
      if (already) throw refuse('conflict', `the alert ${describeAlert(alert).name} is already acknowledged by ${already.by} (silence ${already.silenceId})`);
      const at = Date.now();
      const until = at + Math.round(durationMs);
      const { silenceId } = await api.createSilence({ matchers: toExactMatchers(alert.labels), createdBy: by, comment, startsAt: at, endsAt: until });
      invalidate();
      return { silenceId, by, at, until, comment, endable: true, alert: describeAlert(alert) };
    },

    async endAcknowledgement({ fingerprint, silenceId }) {
      needAlertmanager();
      if (!isSilenceId(silenceId)) throw refuse('bad-request', `${JSON.stringify(silenceId.slice(0, 60))} is not a silence id (a UUID)`);
      const [{ alerts }, silences] = await Promise.all([api.listAlerts(), api.listSilences()]);
      const alert = findAlert(alerts, fingerprint);
      const silence = silences.find((s) => s.id === silenceId);
      if (!silence) throw refuse('not-found', `Alertmanager has no silence ${silenceId}`);
      const now = Date.now();
      if (!isSilenceActive(silence, now)) throw refuse('conflict', `the acknowledgement (silence ${silenceId}) is not active: it has ended or not begun`);
      if (!silenceMatches(silence, alert.labels) && !alert.silencedBy.includes(silenceId)) {
        throw refuse('conflict', `silence ${silenceId} does not acknowledge the alert ${alert.labels.alertname ?? fingerprint}`);
      }
      // A broader silence (a maintenance window, a regex) mutes other alerts too: it is ended in Alertmanager, by whoever owns it.
      if (!isExactSilenceFor(silence, alert.labels)) {
        throw refuse('conflict', `silence ${silenceId} (by ${silence.createdBy}) covers more than this alert; end it in Alertmanager`);
      }
      await api.expireSilence(silenceId);
      invalidate();
      return { ...toAcknowledgement(silence, alert.labels), alert: describeAlert(alert), endedAt: now };
    },
  };
}
