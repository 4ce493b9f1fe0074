import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { classifyAnswer, formatTimeout, parseComponents, parseHealthBody } from './health-result';

describe('classifyAnswer', () => {
  const base = { latencyMs: 100, timeoutMs: 5000 };
  it('is up for a 2xx with an ok or absent body status', () => {
    expect(classifyAnswer({ ...base, httpStatus: 200 })).toEqual({ state: 'up' });
    expect(classifyAnswer({ ...base, httpStatus: 204, bodyStatus: 'OK' })).toEqual({ state: 'up' });
    expect(classifyAnswer({ ...base, httpStatus: 200, bodyStatus: 'healthy' })).toEqual({ state: 'up' });
  });
  it('is degraded for a degraded (or unrecognised) body status, or a slow answer', () => {
    expect(classifyAnswer({ ...base, httpStatus: 200, bodyStatus: 'degraded' })).toMatchObject({ state: 'degraded', note: 'the body says status "degraded"' });
    expect(classifyAnswer({ ...base, httpStatus: 200, bodyStatus: 'maintenance' }).state).toBe('degraded');
    expect(classifyAnswer({ httpStatus: 200, latencyMs: 2600, timeoutMs: 5000 })).toMatchObject({ state: 'degraded', note: expect.stringMatching(/slow: answered in 2600 ms \(over half the 5 s timeout\)/) });
    expect(classifyAnswer({ httpStatus: 200, latencyMs: 2500, timeoutMs: 5000 }).state).toBe('up');
  });
  it('is down for any other status, or a 2xx whose body says down', () => {
    expect(classifyAnswer({ ...base, httpStatus: 503 })).toEqual({ state: 'down', error: 'HTTP 503' });
    expect(classifyAnswer({ ...base, httpStatus: 404 }).state).toBe('down');
    expect(classifyAnswer({ ...base, httpStatus: 302 }).state).toBe('down');
    expect(classifyAnswer({ ...base, httpStatus: 200, bodyStatus: 'down' }).state).toBe('down');
  });
});

describe('parseHealthBody', () => {
  it('reads status and components from JSON', () => {
    expect(parseHealthBody(JSON.stringify({ status: 'ok', components: { database: 'ok', api: { status: 'degraded' } } }))).toEqual({
      bodyStatus: 'ok',
      components: [
        { name: 'database', status: 'ok' },
        { name: 'api', status: 'degraded' },
      ],
    });
    expect(parseComponents([{ name: 'db', status: 'ok' }, { id: 'queue', status: 'down' }, { nonsense: 1 }])).toEqual([
      { name: 'db', status: 'ok' },
      { name: 'queue', status: 'down' },
    ]);
  });
  it('accepts bodies that are not JSON, or not an object', () => {
    expect(parseHealthBody('<html>OK</html>')).toEqual({});
    expect(parseHealthBody('{"status": "ok", "compon')).toEqual({});
    expect(parseHealthBody('[1,2]')).toEqual({});
    expect(parseHealthBody('')).toEqual({});
  });
  it('bounds what it keeps', () => {
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`c${i}`, 'ok']));
    expect(parseHealthBody(JSON.stringify({ status: 'x'.repeat(500), components: many }))).toMatchObject({
      bodyStatus: expect.stringMatching(/^x{99}…$/),
      components: expect.any(Array),
    });
    expect(parseComponents(many)).toHaveLength(50);
  });
});

describe('formatTimeout', () => {
  it('speaks seconds when it can', () => {
    expect(formatTimeout(5000)).toBe('5 s');
    expect(formatTimeout(300)).toBe('300 ms');
    expect(formatTimeout(1500)).toBe('1500 ms');
  });
});

describe('PMS configuration', () => {
  it('defaults to no vendors and safe limits', () => {
    const env = parseEnv({});
    expect(env.PMS_HEALTH_URLS).toEqual([]);
    expect(env).toMatchObject({ PMS_TIMEOUT_MS: 5000, PMS_MAX_BODY_BYTES: 65536, PMS_ALLOW_PRIVATE_TARGETS: false, PMS_PROBE_INTERVAL_MS: 30000 });
  });
  it('reads vendor=url pairs', () => {
    const env = parseEnv({ PMS_HEALTH_URLS: 'apaleo=https://api.apaleo.example/health, mews=http://127.0.0.1:9400/pms/mews/health?a=b', PMS_ALLOW_PRIVATE_TARGETS: 'true' });
    expect(env.PMS_HEALTH_URLS).toEqual([
      { name: 'apaleo', url: 'https://api.apaleo.example/health' },
      { name: 'mews', url: 'http://127.0.0.1:9400/pms/mews/health?a=b' },
    ]);
    expect(env.PMS_ALLOW_PRIVATE_TARGETS).toBe(true);
  });
  it.each(['Apaleo=https://x.example', 'apaleo=ftp://x.example', 'apaleo', 'a=https://x.example,a=https://y.example', 'a=https://user:pw@x.example', 'a=javascript:alert(1)'])(
    'refuses %s',
    (value) => {
      expect(() => parseEnv({ PMS_HEALTH_URLS: value })).toThrow(/PMS_HEALTH_URLS/);
    },
  );
});
