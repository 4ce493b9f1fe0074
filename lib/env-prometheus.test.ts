import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

function refusal(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('PROMETHEUS_* settings', () => {
  it('accepts a path prefix, each way to authenticate, and a CA for https, with a 16 MiB answer cap by default', () => {
    const env = parseEnv({ PROMETHEUS_URL: 'https://mimir.example/prometheus', PROMETHEUS_BEARER_TOKEN_FILE: '/var/run/secrets/prometheus/token', PROMETHEUS_CA_FILE: '/etc/ssl/mon-ca.pem' });
    expect(env).toMatchObject({ PROMETHEUS_URL: 'https://mimir.example/prometheus', PROMETHEUS_MAX_BODY_BYTES: 16 * 1024 * 1024 });
    expect(parseEnv({ PROMETHEUS_BEARER_TOKEN: 'glc_abc.DEF-123' }).PROMETHEUS_BEARER_TOKEN).toBe('glc_abc.DEF-123');
    expect(parseEnv({ PROMETHEUS_BASIC_AUTH_USER: '123456', PROMETHEUS_BASIC_AUTH_PASSWORD_FILE: '/run/pw' }).PROMETHEUS_BASIC_AUTH_USER).toBe('123456');
    expect(parseEnv({ PROMETHEUS_MAX_BODY_BYTES: '67108864' }).PROMETHEUS_MAX_BODY_BYTES).toBe(67_108_864);
  });

  it('refuses credentials inside the URL, naming the variables to use and never the password', () => {
    const message = refusal({ PROMETHEUS_URL: 'https://ops:s3cret-pw@mon.example/prometheus/' });
    expect(message).toMatch(/PROMETHEUS_URL: must not carry credentials: set PROMETHEUS_BASIC_AUTH_USER and PROMETHEUS_BASIC_AUTH_PASSWORD \(or _PASSWORD_FILE\), or PROMETHEUS_BEARER_TOKEN/);
    expect(message).not.toContain('s3cret-pw');
  });

  it('refuses a URL that is not http(s), or has a query', () => {
    expect(refusal({ PROMETHEUS_URL: 'ftp://mon.example/' })).toMatch(/PROMETHEUS_URL: must be an http:\/\/ or https:\/\/ URL/);
    expect(refusal({ PROMETHEUS_URL: 'https://mon.example/prometheus?tenant=a' })).toMatch(/PROMETHEUS_URL: must not have a query or fragment/);
  });

  it('refuses a token together with basic auth, two sources of one secret, and half of basic auth', () => {
    expect(refusal({ PROMETHEUS_BEARER_TOKEN: 't0ken', PROMETHEUS_BASIC_AUTH_USER: 'u', PROMETHEUS_BASIC_AUTH_PASSWORD: 'p' })).toMatch(/PROMETHEUS_BEARER_TOKEN: set a bearer token or basic auth for Prometheus, not both/);
    expect(refusal({ PROMETHEUS_BEARER_TOKEN: 't0ken', PROMETHEUS_BEARER_TOKEN_FILE: '/t' })).toMatch(/PROMETHEUS_BEARER_TOKEN_FILE: set PROMETHEUS_BEARER_TOKEN or PROMETHEUS_BEARER_TOKEN_FILE, not both/);
    expect(refusal({ PROMETHEUS_BASIC_AUTH_USER: 'u', PROMETHEUS_BASIC_AUTH_PASSWORD: 'p', PROMETHEUS_BASIC_AUTH_PASSWORD_FILE: '/p' })).toMatch(/PROMETHEUS_BASIC_AUTH_PASSWORD_FILE: set .* not both/);
    expect(refusal({ PROMETHEUS_BASIC_AUTH_USER: 'u' })).toMatch(/PROMETHEUS_BASIC_AUTH_PASSWORD: PROMETHEUS_BASIC_AUTH_PASSWORD or PROMETHEUS_BASIC_AUTH_PASSWORD_FILE is required/);
    expect(refusal({ PROMETHEUS_BASIC_AUTH_PASSWORD: 'p' })).toMatch(/PROMETHEUS_BASIC_AUTH_USER: is required/);
    expect(refusal({ PROMETHEUS_BASIC_AUTH_USER: 'a:b', PROMETHEUS_BASIC_AUTH_PASSWORD: 'p' })).toMatch(/PROMETHEUS_BASIC_AUTH_USER: must not contain ":"/);
  });

  it('refuses a token a header cannot carry, a CA for plain http, and a cap below 64 KiB', () => {
    const message = refusal({ PROMETHEUS_BEARER_TOKEN: 'two words' });
    expect(message).toMatch(/PROMETHEUS_BEARER_TOKEN: must be a token without spaces or control characters/);
    expect(message).not.toContain('two words');
    expect(refusal({ PROMETHEUS_URL: 'http://prometheus.monitoring:9090', PROMETHEUS_CA_FILE: '/ca.pem' })).toMatch(/PROMETHEUS_CA_FILE: applies only to an https:\/\/ PROMETHEUS_URL/);
    expect(refusal({ PROMETHEUS_MAX_BODY_BYTES: '1000' })).toMatch(/PROMETHEUS_MAX_BODY_BYTES/);
  });
});
