import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertSource, RawAlert, Silence, SilenceMatcher } from '@/lib/alerts/types';
import { ALERTMANAGER_UPSTREAM, AlertmanagerError, refuse } from './errors';
import { requestJson } from './http';
import { amAlertsSchema, amSilenceCreatedSchema, amSilencesSchema, prometheusAlertsSchema } from './schemas';
import type { AlertsSettings, Endpoint } from './settings';

/** `id`: an existing silence to update (Alertmanager moves the end of an active one with the same matchers in place). */
export type NewSilence = { id?: string; matchers: SilenceMatcher[]; createdBy: string; comment: string; startsAt: number; endsAt: number };

/** The upstream calls as they are, uncached: Alertmanager's API v2, or Prometheus's alerts API without it. */
export type AlertsApi = {
  readonly source: AlertSource;
  listAlerts(): Promise<{ source: AlertSource; alerts: RawAlert[] }>;
  listSilences(): Promise<Silence[]>;
  createSilence(silence: NewSilence): Promise<{ silenceId: string }>;
  expireSilence(id: string): Promise<void>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isSilenceId = (id: string) => UUID.test(id);

/** Prometheus has no fingerprint in its API: a hash of the sorted label set stands in, stable between reads. */
export function fingerprintLabels(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name]]);
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex').slice(0, 16);
}

const ALERTS_PATH = 'api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true';

async function listPrometheusAlerts(prometheus: Endpoint): Promise<RawAlert[]> {
  const answer = await requestJson(prometheus, 'prometheus', { method: 'GET', path: 'api/v1/alerts' }, prometheusAlertsSchema);
  const readAt = Date.now();
  return answer.data.alerts.flatMap((alert): RawAlert[] => {
    if (alert.state !== 'firing' && alert.state !== 'pending') return [];
    return [{ fingerprint: fingerprintLabels(alert.labels), labels: alert.labels, annotations: alert.annotations, startsAt: alert.activeAt ?? readAt, state: alert.state, silencedBy: [] }];
  });
}

function createAlertmanagerApi(alertmanager: Endpoint): AlertsApi {
  const call = <T>(method: 'GET' | 'POST' | 'DELETE', path: string, schema: z.ZodType<T>, body?: unknown) =>
    requestJson(alertmanager, ALERTMANAGER_UPSTREAM, { method, path, body }, schema);
  return {
    source: 'alertmanager',
    async listAlerts() {
      const answer = await call('GET', ALERTS_PATH, amAlertsSchema);
      const alerts = answer.map(
        (alert): RawAlert => ({
          fingerprint: alert.fingerprint,
          labels: alert.labels,
          annotations: alert.annotations,
          startsAt: alert.startsAt,
          // Unprocessed: received, not yet through the dispatcher; it is firing all the same.
          state: alert.status.state === 'suppressed' ? 'suppressed' : 'firing',
          silencedBy: alert.status.silencedBy,
        }),
      );
      return { source: 'alertmanager', alerts };
    },
    async listSilences() {
      const answer = await call('GET', 'api/v2/silences', amSilencesSchema);
      return answer.map((s): Silence => ({ id: s.id, matchers: s.matchers, startsAt: s.startsAt, endsAt: s.endsAt, updatedAt: s.updatedAt, createdBy: s.createdBy, comment: s.comment, state: s.status.state }));
    },
    async createSilence(silence) {
      if (silence.matchers.length === 0) throw refuse('bad-request', 'a silence needs at least one matcher');
      if (!(silence.endsAt > silence.startsAt)) throw refuse('bad-request', 'a silence must end after it starts');
      const body = { ...silence, startsAt: new Date(silence.startsAt).toISOString(), endsAt: new Date(silence.endsAt).toISOString() };
      const answer = await call('POST', 'api/v2/silences', amSilenceCreatedSchema, body);
      return { silenceId: answer.silenceID };
    },
    async expireSilence(id) {
      // Checked before it becomes part of a path.
      if (!isSilenceId(id)) throw refuse('bad-request', `${JSON.stringify(id.slice(0, 60))} is not a silence id (a UUID)`);
      try {
        await call('DELETE', `api/v2/silence/${id}`, z.unknown());
      } catch (error) {
        // 0.25 answers an unknown id with HTTP 500 "silence not found"; later versions with 404.
        if (error instanceof AlertmanagerError && error.code === 'http' && (error.status === 404 || /silence not found/i.test(error.message))) {
          throw refuse('not-found', `Alertmanager has no silence ${id}`);
        }
        throw error;
      }
    },
  };
}

function createPrometheusOnlyApi(prometheus: Endpoint): AlertsApi {
  const needsAlertmanager = async (): Promise<never> => {
    throw refuse('not-configured', 'acknowledging needs Alertmanager (ALERTMANAGER_URL)');
  };
  return {
    source: 'prometheus',
    listAlerts: async () => ({ source: 'prometheus', alerts: await listPrometheusAlerts(prometheus) }),
    listSilences: needsAlertmanager,
    createSilence: needsAlertmanager,
    expireSilence: needsAlertmanager,
  };
}

export function createAlertsApi(settings: Pick<AlertsSettings, 'alertmanager' | 'prometheus'>): AlertsApi {
  return settings.alertmanager ? createAlertmanagerApi(settings.alertmanager) : createPrometheusOnlyApi(settings.prometheus);
}
