// The patches behind the console's Kubernetes actions, built the way kubectl builds them. Pure.

/** The annotation `kubectl rollout restart` sets on the pod template; changing it rolls every pod. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** kubectl's `time.Now().Format(time.RFC3339)`: whole seconds, so two restarts in one second send the same patch. */
export function formatRestartTime(at: Date = new Date()): string {
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Strategic merge patch that restarts a Deployment's pods (a new ReplicaSet, rolled out as usual). */
export function restartPatch(at: Date | string = new Date()) {
  return { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: typeof at === 'string' ? at : formatRestartTime(at) } } } } };
}

/** Strategic merge patch of one container's memory limit: containers merge by name, the other resources stay. */
export function memoryLimitPatch(container: string, mebibytes: number) {
  return { spec: { template: { spec: { containers: [{ name: container, resources: { limits: { memory: `${mebibytes}Mi` } } }] } } } };
}

/**
 * Strategic merge patch that sets (or, with value null, removes) environment variables of one
 * container: containers merge by name and env entries by name, so nothing else is touched.
 */
export function setEnvPatch(container: string, values: Record<string, string | null>) {
  const env = Object.entries(values).map(([name, value]) => (value === null ? { name, $patch: 'delete' } : { name, value }));
  return { spec: { template: { spec: { containers: [{ name: container, env }] } } } };
}
