import 'server-only';
export { createRedisClient, MAX_TTL_SECONDS, MAX_VALUE_CHARS } from './client';
export type { RedisClient, RedisKeyState } from './client';
export { REDIS_UPSTREAM, RedisError, toRedisError } from './errors';
export type { RedisErrorCode } from './errors';
export { getRedis } from './instance';
export { labelRedisUrl, redisSettingsFromEnv } from './settings';
export type { RedisSettings } from './settings';
