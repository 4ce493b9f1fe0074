import { describe, expect, it } from 'vitest';
import { diffObjects } from './diff';

const deployment = (replicas: number, env: Record<string, string>, rv = '10') => ({
  metadata: { name: 'orchestrator', resourceVersion: rv, generation: Number(rv) },
  spec: { replicas, template: { spec: { containers: [{ name: 'orchestrator', image: 'x:1', env: Object.entries(env).map(([name, value]) => ({ name, value })) }] } } },
  status: { readyReplicas: replicas },
});

describe('diffObjects', () => {
  it('lists the fields an action changes, before → after, and nothing the server changes on its own', () => {
    expect(diffObjects(deployment(3, { A: '1' }), deployment(5, { A: '1' }, '11'))).toEqual([{ path: 'spec.replicas', before: 3, after: 5 }]);
  });

  it('keys containers and env by name, so an added variable is one change', () => {
    expect(diffObjects(deployment(3, { A: '1' }), deployment(3, { A: '1', CACHE_ENABLED: 'true' }))).toEqual([
      { path: 'spec.template.spec.containers[orchestrator].env[CACHE_ENABLED].name', before: undefined, after: 'CACHE_ENABLED' },
      { path: 'spec.template.spec.containers[orchestrator].env[CACHE_ENABLED].value', before: undefined, after: 'true' },
    ]);
  });

  it('shows a ConfigMap key change and an annotation added', () => {
    expect(diffObjects({ data: { RATE_LIMIT_PER_MINUTE: '60' } }, { data: { RATE_LIMIT_PER_MINUTE: '120' } })).toEqual([{ path: 'data.RATE_LIMIT_PER_MINUTE', before: '60', after: '120' }]);
    const restarted = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-23T14:00:00Z' } } } } };
    expect(diffObjects({ spec: { template: { metadata: {} } } }, restarted)).toEqual([
      { path: 'spec.template.metadata.annotations.kubectl.kubernetes.io/restartedAt', before: undefined, after: '2026-11-23T14:00:00Z' },
    ]);
  });
});
