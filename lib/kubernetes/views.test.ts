import { describe, expect, it } from 'vitest';
import { deploymentView, eventView, podView, rolloutStatusOf, type DeploymentLike } from './views';

const deployment = (over: { spec?: DeploymentLike['spec']; status?: DeploymentLike['status']; generation?: number } = {}): DeploymentLike => ({
  metadata: { name: 'orchestrator', namespace: 'voicehive', generation: over.generation ?? 4 },
  spec: { replicas: 3, ...over.spec },
  status: { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 4, ...over.status },
});

describe('deploymentView', () => {
  it('shows counts and a complete rollout', () => {
    expect(deploymentView(deployment())).toEqual({
      name: 'orchestrator',
      namespace: 'voicehive',
      desired: 3,
      updated: 3,
      ready: 3,
      available: 3,
      generation: 4,
      observedGeneration: 4,
      rolloutStatus: 'complete',
      rolloutReason: '3 of 3 replicas available, rollout complete',
    });
  });

  it('is progressing while the spec is not observed, replicas are not updated, old ones remain or new ones are not available', () => {
    expect(rolloutStatusOf(deployment({ generation: 5 }))).toEqual({ status: 'progressing', reason: 'waiting for the deployment spec update to be observed' });
    expect(rolloutStatusOf(deployment({ status: { updatedReplicas: 1 } })).reason).toBe('1 of 3 new replicas have been updated');
    expect(rolloutStatusOf(deployment({ status: { replicas: 4 } })).reason).toBe('1 old replicas are pending termination');
    expect(rolloutStatusOf(deployment({ status: { availableReplicas: 2 } })).reason).toBe('2 of 3 updated replicas are available');
    expect(rolloutStatusOf(deployment({ spec: { paused: true }, status: { updatedReplicas: 0 } })).reason).toMatch(/paused/);
  });

  it('has failed when the progress deadline is exceeded', () => {
    const failed = deployment({
      status: { updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "orchestrator-5d8" has timed out progressing.' }] },
    });
    expect(rolloutStatusOf(failed)).toEqual({ status: 'failed', reason: 'progress deadline exceeded: ReplicaSet "orchestrator-5d8" has timed out progressing.' });
  });

  it('is unknown without a status, and defaults replicas to 1 like the API server', () => {
    const view = deploymentView({ metadata: { name: 'x', generation: 1 }, spec: {} });
    expect(view.rolloutStatus).toBe('unknown');
    expect(view.desired).toBe(1);
    expect(view.observedGeneration).toBeNull();
  });
});

describe('podView', () => {
  const now = Date.parse('2024-06-10T12:00:00Z');

  it('shows readiness, restarts, age, node and owning deployment', () => {
    const view = podView(
      {
        metadata: {
          name: 'orchestrator-5d8f7c9b4-x2x9q',
          creationTimestamp: new Date('2024-06-10T11:00:00Z'),
          labels: { 'pod-template-hash': '5d8f7c9b4' },
          ownerReferences: [{ kind: 'ReplicaSet', name: 'orchestrator-5d8f7c9b4', controller: true }],
        },
        spec: { nodeName: 'node-a', containers: [{ name: 'orchestrator' }, { name: 'sidecar' }] },
        status: {
          phase: 'Running',
          containerStatuses: [
            { name: 'orchestrator', ready: true, restartCount: 2, state: { running: {} } },
            { name: 'sidecar', ready: false, restartCount: 1, state: { running: {} } },
          ],
        },
      },
      now,
    );
    expect(view).toEqual({
      name: 'orchestrator-5d8f7c9b4-x2x9q',
      phase: 'Running',
      status: 'Running',
      ready: '1/2',
      restarts: 3,
      lastTerminationReason: null,
      oomKilled: false,
      createdAt: '2024-06-10T11:00:00.000Z',
      ageSeconds: 3600,
      node: 'node-a',
      deployment: 'orchestrator',
    });
  });

  it('flags OOMKilled and shows CrashLoopBackOff as the status', () => {
    const view = podView(
      {
        metadata: { name: 'media-agent-abc-1', creationTimestamp: '2024-06-10T11:59:00Z', ownerReferences: [{ kind: 'ReplicaSet', name: 'media-agent-abc' }] },
        spec: { containers: [{ name: 'media-agent' }] },
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'media-agent',
              ready: false,
              restartCount: 7,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2024-06-10T11:59:30Z' } },
            },
          ],
        },
      },
      now,
    );
    expect(view).toMatchObject({ status: 'CrashLoopBackOff', ready: '0/1', restarts: 7, lastTerminationReason: 'OOMKilled', oomKilled: true, ageSeconds: 60, deployment: 'media-agent', node: null });
  });

  it('shows Terminating, and no deployment for pods without a ReplicaSet', () => {
    const view = podView({ metadata: { name: 'postgresql-0', deletionTimestamp: '2024-06-10T12:00:00Z', ownerReferences: [{ kind: 'StatefulSet', name: 'postgresql' }] }, status: { phase: 'Running' } }, now);
    expect(view).toMatchObject({ status: 'Terminating', deployment: null, ready: '0/0', ageSeconds: null });
  });
});

describe('eventView', () => {
  it('summarises a core/v1 event', () => {
    expect(
      eventView({
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
        count: 12,
        lastTimestamp: new Date('2024-06-10T11:58:00Z'),
        involvedObject: { kind: 'Pod', name: 'media-agent-abc-1' },
      }),
    ).toEqual({ type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container', object: 'pod/media-agent-abc-1', count: 12, lastSeen: '2024-06-10T11:58:00.000Z' });
  });

  it('reads series and eventTime from events recorded through events.k8s.io', () => {
    const view = eventView({ type: 'Warning', reason: 'FailedScheduling', eventTime: '2024-06-10T11:00:00.000000Z', series: { count: 4, lastObservedTime: '2024-06-10T11:30:00.000000Z' }, involvedObject: { kind: 'Pod', name: 'p' } });
    expect(view).toMatchObject({ count: 4, lastSeen: '2024-06-10T11:30:00.000Z' });
  });
});
