import 'server-only';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { loadIncidentConfig, type IncidentConfig } from '@/lib/incidents/config';

const holder = globalThis as typeof globalThis & { __voicehiveIncidentConfig?: IncidentConfig };

/** config/incidents.yaml (INCIDENTS_CONFIG), read once; start-up already refused a bad file. */
export function getIncidentConfig(): IncidentConfig {
  holder.__voicehiveIncidentConfig ??= loadIncidentConfig(path.resolve(/*turbopackIgnore: true*/ process.cwd(), getEnv().INCIDENTS_CONFIG));
  return holder.__voicehiveIncidentConfig;
}
