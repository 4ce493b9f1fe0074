import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { AlertmanagerError } from './errors';
import { alertsSettingsFromEnv, toEndpoint } from './settings';
import { fingerprintLabels } from './upstream';

describe('alerts settings', () => {
  it('reads Prometheus alone when ALERTMANAGER_URL is unset, with the ack durations in ms', () => {
    const settings = alertsSettingsFromEnv(parseEnv({ PROMETHEUS_URL: 'http://127.0.0.1:9090' }));
    expect(settings.alertmanager).toBeNull();
    expect(settings.prometheus.label).toBe('127.0.0.1:9090');
    expect(settings).toMatchObject({ ackDefaultMs: 3_600_000, ackMaxMs: 43_200_000 });
  });

  it('keeps a route prefix, moves credentials into a header and never names them', () => {
    const settings = alertsSettingsFromEnv(parseEnv({ ALERTMANAGER_URL: 'https://ops:s%40cret@am.example/alertmanager', ALERTMANAGER_TIMEOUT_MS: '750' }));
    const am = settings.alertmanager!;
    expect(am.baseUrl.href).toBe('https://am.example/alertmanager/');
    expect(new URL('api/v2/alerts', am.baseUrl).href).toBe('https://am.example/alertmanager/api/v2/alerts');
    expect(am.label).toBe('am.example:443');
    expect(am.timeoutMs).toBe(750);
    expect(am.authorization).toBe(`Basic ${Buffer.from('ops:s@cret').toString('base64')}`);
    expect(toEndpoint('http://[::1]:9093', 1000).label).toBe('[::1]:9093');
  });
});

describe('AlertmanagerError', () => {
  it('maps not configured to 503, refusals to 400/404/409 and upstream failures to 502', () => {
    const make = (code: ConstructorParameters<typeof AlertmanagerError>[0]) => new AlertmanagerError(code, 'alertmanager', 'GET x', null, 'Alertmanager (127.0.0.1:9093): connection refused');
    expect(make('not-configured').toApiError().code).toBe('unavailable');
    expect(make('bad-request').toApiError().code).toBe('bad-request');
    expect(make('not-found').toApiError().code).toBe('not-found');
    expect(make('conflict').toApiError().code).toBe('conflict');
    for (const code of ['unreachable', 'timeout', 'redirect', 'http', 'bad-answer', 'too-large'] as const) expect(make(code).toApiError().code).toBe('upstream');
    expect(make('unreachable').message).toBe('Alertmanager (127.0.0.1:9093): connection refused');
  });
});

describe('fingerprintLabels', () => {
  it('does not depend on label order and tells label sets apart', () => {
    expect(fingerprintLabels({ a: '1', b: '2' })).toBe(fingerprintLabels({ b: '2', a: '1' }));
    expect(fingerprintLabels({ a: '1', b: '2' })).not.toBe(fingerprintLabels({ a: '12' }));
    expect(fingerprintLabels({ a: '1' })).toMatch(/^[0-9a-f]{16}$/);
  });
});
