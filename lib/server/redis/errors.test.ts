import { describe, expect, it } from 'vitest';
import { createRedactor, RedisError, TIMED_OUT, toRedisError } from './errors';

const reply = (message: string) => Object.assign(new Error(message), { name: 'ReplyError' });
const network = (code: string, message: string) => Object.assign(new Error(message), { code });
const context = { label: '10.0.0.5:6379', timeoutMs: 2000, command: 'FLUSHDB', connectionError: null, redact: (t: string) => t };

describe('toRedisError', () => {
  it('maps timeouts, refusals, authentication and refused commands to codes and plain words', () => {
    expect(toRedisError(new Error(TIMED_OUT), context).message).toBe('Redis (10.0.0.5:6379): no answer within 2000 ms');
    expect(toRedisError(new Error('Command timed out'), context).code).toBe('timeout');
    expect(toRedisError(network('ETIMEDOUT', 'connect ETIMEDOUT'), context).code).toBe('timeout');
    expect(toRedisError(reply('WRONGPASS invalid username-password pair or user is disabled.'), context).message).toBe(
      'Redis (10.0.0.5:6379): authentication failed (WRONGPASS invalid username-password pair or user is disabled.)',
    );
    expect(toRedisError(reply("NOPERM this user has no permissions to run the 'flushdb' command"), context)).toMatchObject({ code: 'command', message: "Redis (10.0.0.5:6379): FLUSHDB refused: NOPERM this user has no permissions to run the 'flushdb' command" });
  });

  it('takes the cause from the connection when ioredis only says the connection closed', () => {
    const closed = new Error('Connection is closed.');
    expect(toRedisError(closed, { ...context, connectionError: network('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:6379') }).message).toBe('Redis (10.0.0.5:6379): connection refused');
    expect(toRedisError(closed, { ...context, connectionError: network('ENOTFOUND', 'getaddrinfo ENOTFOUND redis') }).message).toBe('Redis (10.0.0.5:6379): host not found (ENOTFOUND)');
    expect(toRedisError(closed, context)).toMatchObject({ code: 'unreachable', message: 'Redis (10.0.0.5:6379): the connection closed before an answer' });
  });

  it('maps not-configured to 503 and everything else to 502', () => {
    expect(new RedisError('not-configured', 'x', 'Redis is not configured (set REDIS_URL)').toApiError().code).toBe('unavailable');
    expect(toRedisError(new Error(TIMED_OUT), context).toApiError().code).toBe('upstream');
  });
});

describe('createRedactor', () => {
  it('hides the password as written in the URL and decoded', () => {
    const redact = createRedactor('redis://ops:p%40ss-word@10.0.0.5:6379/2');
    expect(redact('AUTH p@ss-word failed; url had p%40ss-word')).toBe('AUTH *** failed; url had ***');
    expect(createRedactor('redis://10.0.0.5:6379')('nothing to hide')).toBe('nothing to hide');
    // A bare % that is not an escape: kept as written rather than breaking every Redis call.
    expect(createRedactor('redis://:p%zzword@10.0.0.5:6379')('WRONGPASS p%zzword')).toBe('WRONGPASS ***');
  });
});
