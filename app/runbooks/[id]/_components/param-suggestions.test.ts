import { describe, expect, it } from 'vitest';
import { actionSchema } from '@/lib/catalog/schema';
import type { SectionStatus } from '@/lib/severity/section-status';
import type { SignalStatus } from '@/lib/severity/types';
import { suggestParamValues } from './param-suggestions';

// Issue 15 point 12: a choice the live state points to is preselected (the open breaker), with why in words.
const reset = actionSchema.parse({ kind: 'http-post', target: { service: 'orchestrator', path: '/admin/circuit-breakers/{name}/reset' }, params: { name: { type: 'enum', values: ['pms_connector', 'tts', 'llm'] } } });
const clearVendor = actionSchema.parse({ kind: 'redis-del', target: { key: 'ratelimit:{vendor}' }, params: { vendor: { type: 'enum', values: ['apaleo', 'mews', 'opera'] } } });
const scale = actionSchema.parse({ kind: 'scale', target: { resource: 'deployment', name: 'orchestrator' }, params: { replicas: { type: 'integer', min: 1, max: 10, default: 5 } } });

function signal(id: string, series: SignalStatus['series'], extra: Partial<SignalStatus> = {}): SignalStatus {
  const worst = series.map((s) => s.severity).sort()[0] ?? 'ok';
  return { id, name: id, unit: 'count', severity: worst, value: null, series, firing: null, reason: null, ...extra };
}
function section(signals: SignalStatus[], overrides: Partial<SectionStatus> = {}): SectionStatus {
  const severity = signals.flatMap((s) => s.series.map((x) => x.severity)).find((s) => /^P/.test(s)) ?? 'ok';
  return { id: 'x', title: 'X', severity, signals, key: { signalId: 'a', name: 'a', unit: 'count', value: null, series: '' }, sparkline: [], firing: null, firingSince: null, firingSinceBound: null, respondBy: null, evaluatedAt: 0, stale: null, error: null, ...overrides };
}
const breakers = (tts: number, pms: number, ttsSeverity: 'ok' | 'P2' | 'P1' = 'ok', pmsSeverity: 'ok' | 'P2' | 'P1' = 'ok') =>
  signal('breaker-state', [{ name: 'llm', value: 0, severity: 'ok' }, { name: 'pms_connector', value: pms, severity: pmsSeverity }, { name: 'tts', value: tts, severity: ttsSeverity }], { states: { '0': 'closed', '1': 'half-open', '2': 'open' }, subject: '{series} breaker' });

describe('suggestParamValues', () => {
  it('preselects the open breaker, saying why in the state\'s word', () => {
    expect(suggestParamValues(reset, section([breakers(0, 2, 'ok', 'P2')]))).toEqual({ name: { value: 'pms_connector', why: 'preselected from the live state: pms_connector breaker is open now (P2)' } });
  });

  it('takes the worst of several firing series', () => {
    expect(suggestParamValues(reset, section([breakers(2, 2, 'P2', 'P1')])).name?.value).toBe('pms_connector');
    expect(suggestParamValues(reset, section([breakers(2, 2, 'P1', 'P2')])).name?.value).toBe('tts');
  });

  it('matches a series named by several labels by its first (vendor, outcome) and says "fires" without state words', () => {
    const status = section([signal('pms-errors', [{ name: 'opera error', value: 0.4, severity: 'P1' }, { name: 'apaleo ok', value: 0, severity: 'ok' }])]);
    expect(suggestParamValues(clearVendor, status)).toEqual({ vendor: { value: 'opera', why: 'preselected from the live state: pms-errors (opera error) fires now (P1)' } });
  });

  it('suggests nothing when nothing fires, the reading is stale or unknown, or no series names a choice; never for numbers', () => {
    expect(suggestParamValues(reset, section([breakers(0, 0)]))).toEqual({});
    expect(suggestParamValues(reset, section([breakers(0, 2, 'ok', 'P2')], { stale: { since: 0, error: 'down' } }))).toEqual({});
    expect(suggestParamValues(reset, section([breakers(0, 2, 'ok', 'P2')], { severity: 'unknown' }))).toEqual({});
    expect(suggestParamValues(reset, null)).toEqual({});
    expect(suggestParamValues(clearVendor, section([breakers(0, 2, 'ok', 'P2')]))).toEqual({});
    expect(suggestParamValues(scale, section([breakers(0, 2, 'ok', 'P2')]))).toEqual({});
  });
});
