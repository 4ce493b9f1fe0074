import { describe, expect, it } from 'vitest';
import { compareSinceRequest, nameChange } from './since-request';

describe('compareSinceRequest', () => {
  it('says nothing moved when the state the change starts from is the same (a restart time differs on every preview)', () => {
    const requested = { changes: [{ path: 'spec.template.metadata.annotations.kubectl.kubernetes.io/restartedAt', before: undefined, after: '2026-12-03T10:00:00Z' }], warnings: [] };
    const now = { changes: [{ path: 'spec.template.metadata.annotations.kubectl.kubernetes.io/restartedAt', before: undefined, after: '2026-12-03T10:05:00Z' }], warnings: [] };
    expect(compareSinceRequest(requested, now)).toMatchObject({ unchanged: true, moved: [] });
  });

  it('names a field that moved, fields added or gone, and warnings new or gone', () => {
    const requested = { changes: [{ path: 'spec.replicas', before: 3, after: 5 }], warnings: ['HorizontalPodAutoscaler orchestrator manages this deployment (3–10 replicas) and may change the count back.'] };
    const now = { changes: [{ path: 'spec.replicas', before: 4, after: 5 }, { path: 'spec.paused', before: true, after: false }], warnings: ['a new warning'] };
    expect(compareSinceRequest(requested, now)).toEqual({
      moved: [{ path: 'spec.replicas', then: '3', now: '4' }],
      added: ['spec.paused'],
      removed: [],
      newWarnings: ['a new warning'],
      goneWarnings: [requested.warnings[0]],
      unchanged: false,
    });
  });
});

describe('nameChange', () => {
  it('names the fields and the target', () => {
    expect(nameChange([{ path: 'spec.replicas', before: 3, after: 5 }], 'deployment/orchestrator in voicehive')).toBe('spec.replicas 3 → 5 on deployment/orchestrator in voicehive');
    expect(nameChange([], 'x')).toBe('no field change on x');
  });
});
