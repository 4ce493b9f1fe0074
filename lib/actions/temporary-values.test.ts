import { describe, expect, it } from 'vitest';
import type { Action } from '@/lib/catalog/schema';
import { chooseTemporaryMinutes, describeDifferences, readBoundValues } from './temporary-values';

const action = (temporary?: Action['temporary']) => ({ kind: 'set-env', target: {}, values: {}, params: {}, role: 'operator', approval: false, idempotent: false, temporary }) as Action;

describe('chooseTemporaryMinutes', () => {
  it('gives a temporary step its default when none is chosen, and the chosen duration within its maximum', () => {
    expect(chooseTemporaryMinutes(action({ defaultMinutes: 30, maxMinutes: 120 }), 'x', undefined)).toBe(30);
    expect(chooseTemporaryMinutes(action({ defaultMinutes: 30, maxMinutes: 120 }), 'x', 120)).toBe(120);
  });
  it('refuses a duration above the maximum, and any duration on a step that is not temporary, naming the field', () => {
    expect(() => chooseTemporaryMinutes(action({ defaultMinutes: 30, maxMinutes: 120 }), 'Debug', 121)).toThrow(/durationMinutes: must be at most 120 minutes for "Debug"/);
    expect(() => chooseTemporaryMinutes(action(), 'Restart', 5)).toThrow(/durationMinutes: "Restart" is not a temporary change/);
    expect(chooseTemporaryMinutes(action(), 'Restart', null)).toBeNull();
  });
});

describe('readBoundValues', () => {
  it('reads an environment variable from where the preview binds it, and a missing one as null', () => {
    const bound = { 'metadata.uid': 'u', 'spec.template.spec.containers[orchestrator].env[LOG_LEVEL].value': 'INFO', 'spec.template.spec.containers[orchestrator].env[AUDIT_LOGGING].value': null };
    expect(readBoundValues('set-env', bound, ['LOG_LEVEL', 'AUDIT_LOGGING'])).toEqual({ LOG_LEVEL: 'INFO', AUDIT_LOGGING: null });
  });
  it('reads a ConfigMap key, and refuses a name the preview did not read (it could not be set back)', () => {
    expect(readBoundValues('patch-configmap', { 'data.requests_per_minute': '60' }, ['requests_per_minute'])).toEqual({ requests_per_minute: '60' });
    expect(() => readBoundValues('set-env', {}, ['LOG_LEVEL'])).toThrow(/did not read LOG_LEVEL/);
  });
});

describe('describeDifferences', () => {
  it('names each value that differs, with "(not set)" for an absent one', () => {
    expect(describeDifferences({ A: 'true', B: null }, { A: 'maybe', B: null })).toEqual(['A is "maybe", not "true"']);
    expect(describeDifferences({ A: 'x' }, { A: null })).toEqual(['A is (not set), not "x"']);
  });
});
