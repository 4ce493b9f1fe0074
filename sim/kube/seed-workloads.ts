import { versions } from '../targets';
import { deployments, NAMESPACE, workloads, type Deployment } from '../topology';
import type { Container, EnvVar } from './types';

/**
 * The workloads of the estate as their manifests would declare them. Env var names are the ones the
 * runbooks' set-env buttons change (CACHE_ENABLED, PMS_FALLBACK_MODE …), seeded to their "off" values.
 */

export interface WorkloadSeed {
  namespace: string;
  name: string;
  replicas: number;
  /** Selector and pod labels. */
  labels: Record<string, string>;
  container: Container;
  /** The image of the revision before this one (what `rollout undo` goes back to). */
  previousImage: string;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export const formatBytes = (bytes: number): string => (bytes % GiB === 0 ? `${bytes / GiB}Gi` : `${Math.round(bytes / MiB)}Mi`);
const formatCores = (cores: number): string => (Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`);

function resources(cores: number, bytes: number, extra: Record<string, string> = {}) {
  return {
    limits: { cpu: formatCores(cores), memory: formatBytes(bytes), ...extra },
    requests: { cpu: formatCores(cores / 4), memory: formatBytes(bytes / 2), ...extra },
  };
}

const literal = (values: Record<string, string>): EnvVar[] => Object.entries(values).map(([name, value]) => ({ name, value }));
const secret = (name: string, secretName: string, key: string): EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secretName, key } } });
const svc = (name: string, port: number) => `${name}.${NAMESPACE}.svc.cluster.local:${port}`;

/** Env and port of each VoiceHive deployment's one container. */
const apps: Record<Deployment, { port: number; env: EnvVar[]; image?: string; gpu?: boolean; configMaps?: string[] }> = {
  orchestrator: {
    port: 8000,
    env: [
      ...literal({ LOG_LEVEL: 'INFO', AUDIT_LOGGING: 'false', CACHE_ENABLED: 'false', CACHE_TTL: '60', FALLBACK_MODE: 'false', PMS_FALLBACK_MODE: 'false', MEMORY_OPTIMIZATION: 'false', GC_THRESHOLD: '700' }),
      ...literal({ REDIS_URL: `redis://${svc('redis', 6379)}/0` }),
      secret('DATABASE_URL', 'database-credentials', 'url'),
      secret('JWT_SECRET_KEY', 'jwt-secret', 'secret'),
    ],
    // Read at start-up (envFrom), as the runbooks assume: a ConfigMap change needs a restart to apply.
    configMaps: ['rate-limit-config', 'circuit-breaker-config', 'database-config', 'security-config'],
  },
  'media-agent': { port: 8080, env: literal({ LOG_LEVEL: 'INFO', LIVEKIT_URL: `ws://${svc('livekit', 7880)}`, MAX_CONCURRENT_CALLS: '25', LLM_PROVIDER: 'openai', ORCHESTRATOR_URL: `http://${svc('orchestrator', 8000)}` }) },
  'tts-router': { port: 8080, env: literal({ LOG_LEVEL: 'INFO', CACHE_ENABLED: 'false', DEFAULT_PROVIDER: 'riva', FALLBACK_PROVIDER: 'elevenlabs', RIVA_URL: svc('riva-server', 50051), TTS_ENDPOINT: 'global' }) },
  'riva-server': { port: 50051, image: 'nvcr.io/nvidia/riva/riva-speech', gpu: true, env: literal({ NVIDIA_VISIBLE_DEVICES: 'all', RIVA_MODEL_REPO: '/data/models' }) },
  connectors: { port: 8080, env: literal({ LOG_LEVEL: 'INFO', CIRCUIT_BREAKER_ENABLED: 'false', PMS_TIMEOUT_SECONDS: '10', PMS_VENDORS: 'apaleo,mews,opera,cloudbeds,protel' }) },
  'livekit-agent': { port: 8081, env: literal({ LOG_LEVEL: 'INFO', LIVEKIT_URL: 'wss://livekit.voicehive.com', AGENT_NAME: 'voicehive-agent' }), configMaps: ['livekit-config'] },
};

/** The release before `version` (2.14.3 → 2.14.2, 1.9.0 → 1.8.5). */
export function previousVersion(version: string): string {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, '').split('.').map(Number);
  const before = patch > 0 ? `${major}.${minor}.${patch - 1}` : `${major}.${Math.max(0, minor - 1)}.5`;
  return version.startsWith('v') ? `v${before}` : before;
}

const probe = (port: number | string) => ({ httpGet: { path: '/health', port, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 });

function container(name: string, image: string, rest: Partial<Container>): Container {
  return { name, image, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', ...rest };
}

function voicehiveSeed(name: Deployment): WorkloadSeed {
  const app = apps[name];
  const { cpuLimitCores, memoryLimitBytes, replicas } = workloads[name];
  const repository = app.image ?? `ghcr.io/voicehive/${name}`;
  const version = versions[name];
  const grpc = name === 'riva-server';
  return {
    namespace: NAMESPACE,
    name,
    replicas,
    labels: { app: name },
    previousImage: `${repository}:${previousVersion(version)}`,
    container: container(name, `${repository}:${version}`, {
      ports: [{ name: grpc ? 'grpc' : 'http', containerPort: app.port, protocol: 'TCP' }],
      env: app.env,
      ...(app.configMaps ? { envFrom: app.configMaps.map((name) => ({ configMapRef: { name } })) } : {}),
      resources: resources(cpuLimitCores, memoryLimitBytes, app.gpu ? { 'nvidia.com/gpu': '1' } : {}),
      readinessProbe: grpc ? { tcpSocket: { port: app.port }, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 } : probe('http'),
    }),
  };
}

/** Deployments outside the VoiceHive namespace that runbooks restart. */
const platformSeeds: WorkloadSeed[] = [
  {
    namespace: 'kube-system',
    name: 'coredns',
    replicas: 2,
    labels: { 'k8s-app': 'kube-dns' },
    previousImage: 'registry.k8s.io/coredns/coredns:v1.10.1',
    container: container('coredns', 'registry.k8s.io/coredns/coredns:v1.11.1', {
      args: ['-conf', '/etc/coredns/Corefile'],
      ports: [
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
        { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
      ],
      resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
      readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    }),
  },
  {
    namespace: 'monitoring',
    name: 'prometheus',
    replicas: 1,
    labels: { app: 'prometheus' },
    previousImage: 'quay.io/prometheus/prometheus:v2.52.0',
    container: container('prometheus', 'quay.io/prometheus/prometheus:v2.53.0', {
      args: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.retention.time=15d'],
      ports: [{ name: 'web', containerPort: 9090, protocol: 'TCP' }],
      resources: resources(2, 4 * GiB),
      readinessProbe: { httpGet: { path: '/-/ready', port: 'web', scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 3 },
    }),
  },
];

export const workloadSeeds = (): WorkloadSeed[] => [...deployments.map(voicehiveSeed), ...platformSeeds];

/** The StatefulSets whose pods runbooks delete (postgresql-0) and the console lists (app=redis). */
export const statefulSeeds = (): WorkloadSeed[] => [
  {
    namespace: NAMESPACE,
    name: 'postgresql',
    replicas: 1,
    labels: { app: 'postgresql' },
    previousImage: 'docker.io/library/postgres:16.2',
    container: container('postgresql', 'docker.io/library/postgres:16.3', {
      ports: [{ name: 'postgresql', containerPort: 5432, protocol: 'TCP' }],
      env: [...literal({ POSTGRES_DB: 'voicehive', PGDATA: '/var/lib/postgresql/data/pgdata' }), secret('POSTGRES_PASSWORD', 'database-credentials', 'password')],
      resources: resources(2, 4 * GiB),
      readinessProbe: { exec: { command: ['pg_isready', '-U', 'postgres'] }, periodSeconds: 10, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 6 },
    }),
  },
  {
    namespace: NAMESPACE,
    name: 'redis',
    replicas: 1,
    labels: { app: 'redis' },
    previousImage: 'docker.io/library/redis:7.2.4',
    container: container('redis', 'docker.io/library/redis:7.2.5', {
      args: ['--appendonly', 'yes', '--maxmemory', '768mb'],
      ports: [{ name: 'redis', containerPort: 6379, protocol: 'TCP' }],
      resources: resources(1, GiB),
      readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 5, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 },
    }),
  },
];
