import 'server-only';
import { getEnv } from '@/lib/env';
import { createRedisClient, type RedisClient } from './client';
import { redisSettingsFromEnv } from './settings';

const holder = globalThis as typeof globalThis & { __voicehiveOpsRedis?: RedisClient };

/** The process-wide Redis adapter: one connection for every route and action (Next may load this module more than once). */
export function getRedis(): RedisClient {
  holder.__voicehiveOpsRedis ??= createRedisClient(redisSettingsFromEnv(getEnv()));
  return holder.__voicehiveOpsRedis;
}
