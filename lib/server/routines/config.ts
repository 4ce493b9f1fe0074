import 'server-only';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { loadRoutinesConfig, type Routine, type RoutinesConfig } from '@/lib/routines/config';

const holder = globalThis as typeof globalThis & { __voicehiveRoutinesConfig?: RoutinesConfig };

/** config/routines.yaml (ROUTINES_CONFIG), read once; start-up already refused a bad file. */
export function getRoutinesConfig(): RoutinesConfig {
  holder.__voicehiveRoutinesConfig ??= loadRoutinesConfig(path.resolve(/*turbopackIgnore: true*/ process.cwd(), getEnv().ROUTINES_CONFIG));
  return holder.__voicehiveRoutinesConfig;
}

export function findRoutine(id: string): Routine | undefined {
  return getRoutinesConfig().routines.find((r) => r.id === id);
}
