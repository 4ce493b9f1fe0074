import { describe, expect, it } from 'vitest';
import { actionSchema, type Action } from '@/lib/catalog/schema';
import { chooseConfirmLabel, decideStepControl } from './step-action';

const restart = actionSchema.parse({ kind: 'rollout-restart', target: { namespace: 'voicehive', resource: 'deployment', name: 'media-agent' } });
const undo = actionSchema.parse({ kind: 'rollout-undo', target: { resource: 'deployment', name: 'orchestrator' }, role: 'approver' });
const wired = (kinds: Action['kind'][]) => (kind: Action['kind']) => kinds.includes(kind);

describe('decideStepControl', () => {
  it('keeps the manual step while the kind is not wired, whoever looks', () => {
    expect(decideStepControl(restart, 'admin', wired([]))).toEqual({ kind: 'manual' });
    expect(decideStepControl(undefined, 'admin', wired(['rollout-restart']))).toEqual({ kind: 'manual' });
  });

  it('enables the button for the role the catalog names and above', () => {
    for (const role of ['operator', 'approver', 'admin'] as const) {
      expect(decideStepControl(restart, role, wired(['rollout-restart']))).toEqual({ kind: 'button', enabled: true });
    }
    expect(decideStepControl(undo, 'approver', wired(['rollout-undo']))).toEqual({ kind: 'button', enabled: true });
  });

  it('shows the button disabled, with the role needed, to anyone below', () => {
    expect(decideStepControl(restart, 'viewer', wired(['rollout-restart']))).toEqual({ kind: 'button', enabled: false, note: 'needs operator' });
    expect(decideStepControl(undo, 'operator', wired(['rollout-undo']))).toEqual({ kind: 'button', enabled: false, note: 'needs approver' });
    expect(decideStepControl(restart, 'display', wired(['rollout-restart']))).toMatchObject({ enabled: false });
  });

  it('never lets a viewer request, even when the catalog names viewer', () => {
    const lax = { ...restart, role: 'viewer' as const };
    expect(decideStepControl(lax, 'viewer', wired(['rollout-restart']))).toEqual({ kind: 'button', enabled: false, note: 'needs operator' });
  });
});

describe('chooseConfirmLabel', () => {
  it('names the change, or the request when a second person must approve', () => {
    expect(chooseConfirmLabel('rollout-restart', false)).toBe('Restart');
    expect(chooseConfirmLabel('rollout-undo', false)).toBe('Roll back');
    expect(chooseConfirmLabel('scale', true)).toBe('Request approval');
  });
});
