import { describe, expect, it } from 'vitest';
import { assembleWorkloads, MAX_WARNING_EVENTS, type WorkloadObjects } from './assemble-workloads';

const now = Date.parse('2025-03-01T12:00:00Z');
const context = { namespace: 'voicehive', selector: 'app=media-agent', now };

const deployment = {
  metadata: { name: 'media-agent', namespace: 'voicehive', generation: 3 },
  spec: { replicas: 2 },
  status: { replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 3 },
};
const pod = (name: string, oom = false) => ({
  metadata: { name, creationTimestamp: '2025-03-01T11:00:00Z', labels: { 'pod-template-hash': '7d9f8' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'media-agent-7d9f8', controller: true }] },
  spec: { nodeName: 'node-1', containers: [{ name: 'media-agent' }] },
  status: {
    phase: 'Running',
    containerStatuses: [{ name: 'media-agent', ready: !oom, restartCount: oom ? 4 : 0, lastState: oom ? { terminated: { reason: 'OOMKilled', exitCode: 137 } } : {} }],
  },
});
const warning = (kind: string, name: string, reason: string, at: string) => ({ type: 'Warning', reason, message: `${reason} happened`, involvedObject: { kind, name }, lastTimestamp: at });

function objects(overrides: Partial<WorkloadObjects> = {}): WorkloadObjects {
  return {
    deployments: [deployment],
    replicaSets: [{ metadata: { name: 'media-agent-7d9f8' } }],
    pods: [pod('media-agent-7d9f8-bbbbb'), pod('media-agent-7d9f8-aaaaa', true)],
    warnings: [],
    metrics: { available: false, state: 'absent', reason: 'metrics.k8s.io is not served by this cluster (no metrics-server?) (HTTP 404)' },
    ...overrides,
  };
}

describe('assembleWorkloads', () => {
  it('shows each deployment with its rollout and its pods, OOMKilled flagged', () => {
    const result = assembleWorkloads(objects(), context);
    expect(result.deployments).toEqual([expect.objectContaining({ name: 'media-agent', desired: 2, ready: 1, generation: 3, observedGeneration: 3, rolloutStatus: 'progressing' })]);
    expect(result.pods.map((p) => [p.name, p.deployment, p.oomKilled])).toEqual([
      ['media-agent-7d9f8-aaaaa', 'media-agent', true],
      ['media-agent-7d9f8-bbbbb', 'media-agent', false],
    ]);
    expect(result.pods[0]).toMatchObject({ restarts: 4, lastTerminationReason: 'OOMKilled', ageSeconds: 3600, node: 'node-1', cpuMillicores: null });
  });

  it('keeps only warnings about these objects, matched by kind and name, newest first and at most the maximum', () => {
    const mine = Array.from({ length: MAX_WARNING_EVENTS + 3 }, (_, i) => warning('Pod', 'media-agent-7d9f8-aaaaa', 'BackOff', new Date(now - i * 1000).toISOString()));
    const warnings = [
      warning('Deployment', 'orchestrator', 'ProgressDeadlineExceeded', '2025-03-01T11:59:59Z'),
      warning('Node', 'media-agent-7d9f8-aaaaa', 'OOMKilling', '2025-03-01T11:59:59Z'),
      warning('ReplicaSet', 'media-agent-7d9f8', 'FailedCreate', '2025-03-01T11:59:58Z'),
      ...mine,
    ];
    const result = assembleWorkloads(objects({ warnings }), context);
    expect(result.events).toHaveLength(MAX_WARNING_EVENTS);
    expect(result.events.map((e) => e.object)).not.toContain('deployment/orchestrator');
    expect(result.events.map((e) => e.object)).not.toContain('node/media-agent-7d9f8-aaaaa');
    expect(result.events[0]).toMatchObject({ reason: 'BackOff', object: 'pod/media-agent-7d9f8-aaaaa', lastSeen: '2025-03-01T12:00:00.000Z' });
    expect(result.events.map((e) => e.lastSeen)).toEqual([...result.events.map((e) => e.lastSeen)].sort().reverse());
    expect(result.events.map((e) => e.reason)).toContain('FailedCreate');
    expect(result.eventsOmitted).toBe(4);
  });

  it('says why usage is not available instead of failing, and sums containers when it is', () => {
    expect(assembleWorkloads(objects(), context).metrics).toEqual({ available: false, state: 'absent', reason: expect.stringMatching(/not served by this cluster/) });
    const metrics = {
      available: true as const,
      pods: [{ name: 'media-agent-7d9f8-aaaaa', timestamp: '2025-03-01T11:59:50Z', window: '30s', containers: [{ name: 'a', cpuMillicores: 250, memoryBytes: 100 }, { name: 'b', cpuMillicores: 50, memoryBytes: null }] }],
    };
    const result = assembleWorkloads(objects({ metrics }), context);
    expect(result.metrics).toEqual({ available: true, sampledAt: '2025-03-01T11:59:50Z' });
    expect(result.pods.find((p) => p.name === 'media-agent-7d9f8-aaaaa')).toMatchObject({ cpuMillicores: 300, memoryBytes: 100 });
    expect(result.pods.find((p) => p.name === 'media-agent-7d9f8-bbbbb')).toMatchObject({ cpuMillicores: null, memoryBytes: null });
  });

  it('is empty, not an error, when nothing matches the selector', () => {
    const result = assembleWorkloads(objects({ deployments: [], replicaSets: [], pods: [], warnings: [warning('Pod', 'x', 'BackOff', '2025-03-01T11:00:00Z')] }), context);
    expect(result).toMatchObject({ deployments: [], pods: [], events: [], eventsOmitted: 0, selector: 'app=media-agent' });
  });
});
