import 'server-only';
import { getEnv } from '@/lib/env';
import { createAlertsClient, type AlertsClient } from './client';
import { alertsSettingsFromEnv } from './settings';

const holder = globalThis as typeof globalThis & { __voicehiveOpsAlerts?: AlertsClient };

/** The process-wide alerts client: one shared cache for every viewer and route (Next may load this module more than once). */
export function getAlerts(): AlertsClient {
  holder.__voicehiveOpsAlerts ??= createAlertsClient(alertsSettingsFromEnv(getEnv()));
  return holder.__voicehiveOpsAlerts;
}
