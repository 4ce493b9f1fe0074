import { Gauge, Registry } from 'prom-client';
import { deployments, NAMESPACE, type Deployment } from './topology';

/**
 * One tiny scrape target per deployment, so Prometheus' `up{job}` has real targets to count: each
 * serves only its build info, and a scenario can make some answer 503.
 */
export interface ServiceTarget {
  service: Deployment;
  registry: Registry;
}

/** The release each deployment runs (the Kubernetes double uses them as image tags). */
export const versions: Record<Deployment, string> = {
  orchestrator: '2.14.3',
  'media-agent': '2.14.3',
  'tts-router': '1.9.0',
  'riva-server': '2.17.0',
  connectors: '3.2.1',
  'livekit-agent': '1.6.4',
};

export function createServiceTargets(): Map<string, ServiceTarget> {
  const targets = new Map<string, ServiceTarget>();
  for (const service of deployments) {
    const registry = new Registry();
    const info = new Gauge({ name: 'voicehive_build_info', help: 'Build of the running service.', labelNames: ['namespace', 'service', 'version'] as const, registers: [registry] });
    info.set({ namespace: NAMESPACE, service, version: versions[service] }, 1);
    targets.set(service, { service, registry });
  }
  return targets;
}
