import 'server-only';
import { getEnv } from '@/lib/env';
import { createServiceAdminClient, type ServiceAdminClient } from './client';
import { serviceAdminSettingsFromEnv } from './settings';

const holder = globalThis as typeof globalThis & { __voicehiveOpsServiceAdmin?: ServiceAdminClient };

export function getServiceAdmin(): ServiceAdminClient {
  holder.__voicehiveOpsServiceAdmin ??= createServiceAdminClient(serviceAdminSettingsFromEnv(getEnv()));
  return holder.__voicehiveOpsServiceAdmin;
}
