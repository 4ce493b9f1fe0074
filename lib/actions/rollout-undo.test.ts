import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';
import { planUndo } from './rollout-undo';

const template = (image: string, hash?: string) => ({ metadata: { labels: { app: 'x', ...(hash ? { 'pod-template-hash': hash } : {}) } }, spec: { containers: [{ name: 'x', image }] } });
const deployment = (image: string): V1Deployment => ({
  metadata: { name: 'x', namespace: 'voicehive', uid: 'd-1', annotations: { 'deployment.kubernetes.io/revision': '3', 'kubernetes.io/change-cause': 'now' } },
  spec: { selector: { matchLabels: { app: 'x' } }, template: template(image) },
});
const rs = (name: string, revision: number, image: string, owner = 'd-1', annotations: Record<string, string> = {}): V1ReplicaSet => ({
  metadata: { name, uid: `rs-${name}`, annotations: { 'deployment.kubernetes.io/revision': String(revision), 'deployment.kubernetes.io/desired-replicas': '3', ...annotations }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'x', uid: owner, controller: true }] },
  spec: { selector: { matchLabels: { app: 'x' } }, template: template(image, name) },
});
const clientWith = (sets: V1ReplicaSet[]) => ({ listReplicaSets: async () => sets }) as unknown as KubernetesClient;

describe('planUndo (kubectl rollout undo)', () => {
  it('goes back to the second-newest revision the Deployment controls, with its annotations and the Deployment\'s own', async () => {
    const plan = await planUndo(clientWith([rs('a', 1, 'x:1'), rs('b', 2, 'x:2', 'd-1', { 'kubernetes.io/change-cause': 'then' }), rs('c', 3, 'x:3'), rs('z', 2, 'x:orphan', 'd-0')]), deployment('x:3'));
    expect(plan.to).toEqual({ name: 'b', uid: 'rs-b', revision: 2 });
    expect(plan.skip).toBeNull();
    expect(plan.operations).toEqual([
      { op: 'replace', path: '/spec/template', value: template('x:2') },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '3', 'kubernetes.io/change-cause': 'then' } },
    ]);
  });

  it('skips when the current template already matches that revision (pod-template-hash aside)', async () => {
    const plan = await planUndo(clientWith([rs('b', 2, 'x:2'), rs('c', 3, 'x:2-again')]), deployment('x:2'));
    expect(plan.skip).toBe('current template already matches revision 2');
  });

  it('refuses without a second revision', async () => {
    await expect(planUndo(clientWith([rs('c', 3, 'x:3')]), deployment('x:3'))).rejects.toMatchObject({ code: 'conflict', message: 'deployment voicehive/x: no rollout history found (nothing to go back to)' });
  });
});
