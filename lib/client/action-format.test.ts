import { describe, expect, it } from 'vitest';
import { formatChangeLine, formatParams, readRunDiff, readRunMessage } from './action-format';

describe('formatChangeLine', () => {
  it('reads "field: before → after"', () => {
    expect(formatChangeLine({ path: 'spec.replicas', before: 3, after: 5 })).toBe('spec.replicas: 3 → 5');
  });

  it('says when a field is added or removed, and shows text bare and structures as JSON', () => {
    expect(formatChangeLine({ path: 'spec.template.metadata.annotations.kubectl.kubernetes.io/restartedAt', before: undefined, after: '2025-01-01T00:00:00Z' })).toBe(
      'spec.template.metadata.annotations.kubectl.kubernetes.io/restartedAt: (not set) → 2025-01-01T00:00:00Z',
    );
    expect(formatChangeLine({ path: 'data.mode', before: 'on', after: '' })).toBe('data.mode: on → ""');
    expect(formatChangeLine({ path: 'x', before: { a: 1 }, after: null })).toBe('x: {"a":1} → null');
  });
});

describe('formatParams', () => {
  it('lists parameters, or null when there are none', () => {
    expect(formatParams({ replicas: 5, deployment: 'orchestrator' })).toBe('replicas = 5; deployment = orchestrator');
    expect(formatParams({ ips: ['10.0.0.1', '10.0.0.2'] })).toBe('ips = 10.0.0.1, 10.0.0.2');
    expect(formatParams({})).toBeNull();
  });
});

describe('reading a stored run', () => {
  it('reads the diff, ignoring what is not a change', () => {
    expect(readRunDiff('[{"path":"spec.replicas","before":3,"after":5},42]')).toEqual([{ path: 'spec.replicas', before: 3, after: 5 }]);
    expect(readRunDiff('not json')).toEqual([]);
    expect(readRunDiff('{}')).toEqual([]);
  });

  it('reads the result message', () => {
    expect(readRunMessage('{"message":"scaled to 5","finishedAt":1}')).toBe('scaled to 5');
    expect(readRunMessage(null)).toBeNull();
    expect(readRunMessage('{}')).toBeNull();
  });
});
