/** The shape of the VoiceHive estate the simulator models: names shared with the contract. */

export const NAMESPACE = 'voicehive';

export const deployments = ['orchestrator', 'media-agent', 'tts-router', 'riva-server', 'connectors', 'livekit-agent'] as const;
export type Deployment = (typeof deployments)[number];

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Replicas and container limits per deployment (one container per pod, named after it). */
export const workloads: Record<Deployment, { replicas: number; memoryLimitBytes: number; cpuLimitCores: number }> = {
  orchestrator: { replicas: 3, memoryLimitBytes: 2 * GiB, cpuLimitCores: 2 },
  'media-agent': { replicas: 4, memoryLimitBytes: 4 * GiB, cpuLimitCores: 4 },
  'tts-router': { replicas: 2, memoryLimitBytes: 1 * GiB, cpuLimitCores: 1 },
  'riva-server': { replicas: 2, memoryLimitBytes: 16 * GiB, cpuLimitCores: 8 },
  connectors: { replicas: 2, memoryLimitBytes: 1 * GiB, cpuLimitCores: 1 },
  'livekit-agent': { replicas: 3, memoryLimitBytes: 512 * MiB, cpuLimitCores: 1 },
};

/** Services answering HTTP API requests, with their peak request rate per second. */
export const apiServices: readonly (readonly [Deployment, number])[] = [
  ['orchestrator', 120],
  ['connectors', 40],
  ['tts-router', 30],
  ['media-agent', 20],
  ['livekit-agent', 10],
];

export const pmsVendors = ['apaleo', 'mews', 'opera', 'cloudbeds', 'protel'] as const;
export type PmsVendor = (typeof pmsVendors)[number];

export const breakers = ['pms_connector', 'tts', 'llm'] as const;
export type Breaker = (typeof breakers)[number];

export const queues = ['calls', 'transcripts', 'notifications'] as const;
export type Queue = (typeof queues)[number];

export const backupStores = ['postgres', 'redis', 'recordings'] as const;
export type BackupStore = (typeof backupStores)[number];

export const callFailureReasons = ['sip', 'livekit', 'asr', 'tts', 'llm', 'pms', 'timeout'] as const;
export type CallFailureReason = (typeof callFailureReasons)[number];

/** Providers named in the seeds: Riva and ElevenLabs speak, OpenAI answers with Groq as fallback. */
export const ttsProviders: readonly (readonly [string, number])[] = [
  ['riva', 0.7],
  ['elevenlabs', 0.3],
];
export const llmProviders: readonly (readonly [string, number])[] = [
  ['openai', 0.85],
  ['groq', 0.15],
];

export const piiSources = ['orchestrator', 'connectors', 'media-agent'] as const;

export interface Filesystem {
  instance: string;
  mountpoint: string;
  sizeBytes: number;
}

export const filesystems: readonly Filesystem[] = ['node-1', 'node-2', 'node-3'].flatMap((instance) => [
  { instance, mountpoint: '/', sizeBytes: 100 * GiB },
  { instance, mountpoint: '/var/lib/recordings', sizeBytes: 2048 * GiB },
]);

/** The cronjob the GDPR section watches; its jobs are named like kube's, `<cronjob>-<minute stamp>`. */
export const RETENTION_CRONJOB = 'data-retention-cleanup';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Pod names as a ReplicaSet makes them (`<deployment>-<hash>-<suffix>`), stable for a seed. */
export function namePods(deployment: Deployment, count: number, next: () => number): string[] {
  const pickChars = (length: number) => Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)] ?? 'x').join('');
  const hash = pickChars(10);
  return Array.from({ length: count }, () => `${deployment}-${hash}-${pickChars(5)}`);
}

/**
 * TLS endpoints the blackbox exporter probes (issue 19: `probe_ssl_earliest_cert_expiry`, tracked live on the
 * rotations register), with the days each certificate has left when the simulator starts: one well ahead, one
 * inside the usual 30-day renewal window, so the demo shows both.
 */
export const tlsProbes: readonly { instance: string; daysLeft: number }[] = [
  { instance: 'https://api.voicehive.example', daysLeft: 74 },
  { instance: 'https://livekit.voicehive.example', daysLeft: 19 },
  { instance: 'https://webhooks.voicehive.example', daysLeft: 143 },
];
