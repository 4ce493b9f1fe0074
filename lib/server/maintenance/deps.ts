import 'server-only';
import { getEnv, parseDurationMs } from '@/lib/env';
import { getAlerts } from '@/lib/server/alertmanager';
import { getCatalog } from '@/lib/server/catalog';
import type { MaintenanceDeps } from './windows';

/** The process's Alertmanager client, the configured limits and the catalog's sections. */
export function maintenanceDeps(): MaintenanceDeps {
  const env = getEnv();
  return {
    alerts: getAlerts(),
    approvalOverMs: parseDurationMs(env.MAINTENANCE_APPROVAL_OVER),
    maxMs: parseDurationMs(env.MAINTENANCE_MAX_DURATION),
    sectionIds: new Set(getCatalog().byId.keys()),
  };
}
