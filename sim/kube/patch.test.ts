import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch';
import { applyMergePatch, applyStrategicMergePatch, PatchError, type Json } from './patch';

const deployment: Json = {
  metadata: { name: 'tts-router', annotations: { a: '1' } },
  spec: {
    template: {
      metadata: { labels: { app: 'tts-router' } },
      spec: {
        containers: [
          { name: 'tts-router', image: 'x:1', env: [{ name: 'CACHE_ENABLED', value: 'false' }, { name: 'LOG_LEVEL', value: 'INFO' }], ports: [{ containerPort: 8080 }] },
          { name: 'sidecar', image: 'y:1' },
        ],
      },
    },
  },
};
const containers = (doc: Json) => (doc as { spec: { template: { spec: { containers: { name: string; image: string; env?: { name: string; value?: string }[] }[] } } } }).spec.template.spec.containers;

describe('merge patch (RFC 7386)', () => {
  it('merges objects, removes nulls and replaces lists', () => {
    const result = applyMergePatch(deployment, { metadata: { annotations: { a: null, b: '2' } }, spec: { template: { spec: { containers: [{ name: 'only', image: 'z' }] } } } });
    expect((result as { metadata: { annotations: object } }).metadata.annotations).toEqual({ b: '2' });
    expect(containers(result).map((c) => c.name)).toEqual(['only']);
  });
});

describe('strategic merge patch', () => {
  it('merges containers and env by name, leaving the rest alone', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'tts-router', env: [{ name: 'CACHE_ENABLED', value: 'true' }, { name: 'NEW', value: 'x' }] }] } } } };
    const result = containers(applyStrategicMergePatch(deployment, patch));
    expect(result.map((c) => c.name)).toEqual(['tts-router', 'sidecar']);
    expect(result[0]!.image).toBe('x:1');
    expect(result[0]!.env).toEqual([
      { name: 'CACHE_ENABLED', value: 'true' },
      { name: 'LOG_LEVEL', value: 'INFO' },
      { name: 'NEW', value: 'x' },
    ]);
  });

  it('deletes an env entry with $patch: delete and ignores $setElementOrder', () => {
    const patch = { spec: { template: { spec: { $setElementOrder: null, containers: [{ name: 'tts-router', env: [{ name: 'LOG_LEVEL', $patch: 'delete' }] }] } } } };
    delete (patch.spec.template.spec as Record<string, unknown>).$setElementOrder;
    (patch.spec.template.spec as Record<string, unknown>)['$setElementOrder/containers'] = [{ name: 'tts-router' }, { name: 'sidecar' }];
    expect(containers(applyStrategicMergePatch(deployment, patch))[0]!.env).toEqual([{ name: 'CACHE_ENABLED', value: 'false' }]);
  });

  it('does not mutate its input and refuses a keyed list item without its key', () => {
    const before = JSON.stringify(deployment);
    applyStrategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: 'tts-router', image: 'x:2' }] } } } });
    expect(JSON.stringify(deployment)).toBe(before);
    expect(() => applyStrategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } })).toThrow(PatchError);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('adds, replaces, removes and tests', () => {
    const result = applyJsonPatch(deployment, [
      { op: 'test', path: '/metadata/name', value: 'tts-router' },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'x:2' },
      { op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'A', value: 'b' } },
      { op: 'remove', path: '/spec/template/spec/containers/1' },
      { op: 'add', path: '/metadata/annotations/kubectl.kubernetes.io~1restartedAt', value: 'now' },
    ]);
    expect(containers(result)).toHaveLength(1);
    expect(containers(result)[0]!.image).toBe('x:2');
    expect(containers(result)[0]!.env?.at(-1)).toEqual({ name: 'A', value: 'b' });
    expect((result as { metadata: { annotations: Record<string, string> } }).metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe('now');
  });

  it('fails whole on a failed test or a missing path', () => {
    expect(() => applyJsonPatch(deployment, [{ op: 'test', path: '/metadata/name', value: 'other' }])).toThrowError('testing value /metadata/name failed: test failed');
    expect(() => applyJsonPatch(deployment, [{ op: 'replace', path: '/spec/nope', value: 1 }])).toThrow(PatchError);
    expect(() => applyJsonPatch(deployment, [{ op: 'remove', path: '/spec/template/spec/containers/5' }])).toThrow(PatchError);
  });
});
