import 'server-only';
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { KubernetesClient } from '@/lib/server/kubernetes/client';
import { assertBound, encodeBound, type Bound } from '../binding';
import { diffObjects } from '../diff';
import type { ResolvedAction } from '../resolve';
import { assertReadBack, describeTarget, requireTarget, writeFresh, type KindHandler } from './shared';

/**
 * A ConfigMap has no status: nothing but a person or a tool writes it, so its resourceVersion is part of
 * what is approved (two operators patching it at once: one gets the conflict), with the keys it changes.
 */
const boundOf = (cm: V1ConfigMap, keys: string[]): Bound => ({
  'metadata.uid': cm.metadata?.uid ?? null,
  'metadata.resourceVersion': cm.metadata?.resourceVersion ?? null,
  ...Object.fromEntries(keys.map((key) => [`data.${key}`, cm.data?.[key] ?? null])),
});

/** The deployments whose pods read the ConfigMap (env, envFrom, volumes): they need a restart to see the change. */
async function findConsumers(client: KubernetesClient, namespace: string, name: string) {
  return (await client.listDeployments(namespace, undefined, { fresh: true })).filter((d) => JSON.stringify(d.spec?.template?.spec ?? {}).includes(`"name":"${name}"`));
}

const valuesOf = (action: ResolvedAction) => action.action.values;

export const configMapChange: KindHandler = {
  async preview(client, action) {
    const t = requireTarget(action);
    const before = await client.readConfigMap(t.namespace, t.name);
    const after = await client.patchConfigMapMerge(t.namespace, t.name, valuesOf(action), { dryRun: true, resourceVersion: before.metadata?.resourceVersion ?? '' });
    const consumers = await findConsumers(client, t.namespace, t.name);
    const warnings = consumers.length > 0 ? [`Read by ${consumers.map((d) => `deployment ${d.metadata?.name}`).join(', ')}: restart it for the change to take effect.`] : [];
    const bound = boundOf(before, Object.keys(valuesOf(action)));
    return {
      changes: diffObjects(before, after),
      bound,
      version: encodeBound(bound),
      warnings,
      target: describeTarget('configmap', t),
      consumers: consumers.map((d) => ({ namespace: t.namespace, name: d.metadata?.name ?? '' })),
    };
  },

  async execute(client, action, approved) {
    const t = requireTarget(action);
    const target = describeTarget('configmap', t);
    return writeFresh(async () => {
      const cm = await client.readConfigMap(t.namespace, t.name);
      assertBound(target, approved.bound, boundOf(cm, Object.keys(valuesOf(action))));
      await client.patchConfigMapMerge(t.namespace, t.name, valuesOf(action), { resourceVersion: cm.metadata?.resourceVersion ?? '' });
      assertReadBack(target, approved.changes, await client.readConfigMap(t.namespace, t.name));
      return { message: `${target} updated` };
    }, 1);
  },

  async follow() {
    return { state: 'complete', message: 'applied' };
  },
};
