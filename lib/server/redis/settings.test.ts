import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';
import { labelRedisUrl, redisSettingsFromEnv } from './settings';

describe('Redis settings', () => {
  it('is off without REDIS_URL, with a 2 s timeout by default', () => {
    expect(redisSettingsFromEnv(parseEnv({}))).toEqual({ url: null, timeoutMs: 2000, label: 'not configured', db: 0 });
  });

  it('labels the server as host:port[/db], never with the user name or password', () => {
    const settings = redisSettingsFromEnv(parseEnv({ REDIS_URL: 'redis://ops:s3cret-pw@10.0.0.5:6380/2', REDIS_TIMEOUT_MS: '750' }));
    expect(settings).toEqual({ url: 'redis://ops:s3cret-pw@10.0.0.5:6380/2', timeoutMs: 750, label: '10.0.0.5:6380/2', db: 2 });
    expect(settings.label).not.toMatch(/ops|s3cret/);
  });

  it('fills in the default port, leaves database 0 out of the label and keeps IPv6 brackets', () => {
    expect(labelRedisUrl('redis://:pw@redis.voicehive.svc')).toEqual({ label: 'redis.voicehive.svc:6379', db: 0 });
    expect(labelRedisUrl('rediss://redis.example:6390/0')).toEqual({ label: 'redis.example:6390', db: 0 });
    expect(labelRedisUrl('redis://[::1]:6390?db=3')).toEqual({ label: '[::1]:6390/3', db: 3 });
  });

  it('refuses a URL that is not redis:// or rediss://', () => {
    expect(() => parseEnv({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(EnvError);
  });
});
