// Kubernetes naming rules, checked before a name is put in a request path.

/** RFC 1123 label: namespaces, and names that become labels (Job names). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: most object names (Deployments, Pods, ConfigMaps, CronJobs). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

export function isObjectName(value: string): boolean {
  return value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** A container name (RFC 1123 label). */
export const isContainerName = isDnsLabel;

/**
 * A label selector as kubectl accepts it (`app=x`, `app in (a,b)`, `!canary`, `tier notin (x)`):
 * printable ASCII only and bounded; the API server parses it and answers 400 when it is malformed.
 */
export function isLabelSelector(value: string): boolean {
  return value.length <= 1024 && /^[A-Za-z0-9 _.\-/=!,()]*$/.test(value);
}

/** A ConfigMap key. */
export function isConfigMapKey(value: string): boolean {
  return value.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(value);
}
