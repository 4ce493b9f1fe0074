import { describe, expect, it } from 'vitest';
import { EnvError, parseDurationMs, parseEnv } from './env';

describe('parseEnv', () => {
  it('fills defaults, treating empty values as unset', () => {
    const env = parseEnv({ PROMETHEUS_URL: '', SIGNAL_WINDOW: undefined });
    expect(env.PROMETHEUS_URL).toBe('http://127.0.0.1:9090');
    expect(env.SIGNAL_WINDOW).toBe('5m');
    expect(env.POLL_INTERVAL_MS).toBe(10_000);
  });

  it('names every bad variable', () => {
    expect(() => parseEnv({ PROMETHEUS_URL: 'not a url', SIGNAL_WINDOW: '5 minutes', POLL_INTERVAL_MS: '-1' })).toThrow(EnvError);
    try {
      parseEnv({ PROMETHEUS_URL: 'not a url', SIGNAL_WINDOW: '5 minutes', POLL_INTERVAL_MS: '-1' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PROMETHEUS_URL/);
      expect(message).toMatch(/SIGNAL_WINDOW: must be a Prometheus duration/);
      expect(message).toMatch(/POLL_INTERVAL_MS/);
    }
  });
});

describe('parseDurationMs', () => {
  it('reads Prometheus durations', () => {
    expect(parseDurationMs('15s')).toBe(15_000);
    expect(parseDurationMs('5m')).toBe(300_000);
    expect(parseDurationMs('6h')).toBe(21_600_000);
    expect(() => parseDurationMs('5 m')).toThrow();
  });
});
