import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { AdmissionWebhook } from './admission';
import type { Estate } from '../estate';
import { createKubeHandler, type AuditEvent } from './api';
import { createAuthenticator } from './authn';
import { loadRbacPolicy } from './authz';
import type { KubeContext } from './context';
import { createController } from './controller';
import { createDisruptionController } from './disruption';
import { createEventRecorder } from './events';
import { createHpaController } from './hpa';
import { createJobController } from './jobs';
import { createKubelet } from './kubelet';
import { createTimeline } from './logs';
import { createPodMetricsApi } from './metrics-api';
import type { MetricsApiState } from './metrics-availability';
import { seedCluster } from './seed';
import { createStore, type Store } from './store';
import type { Job } from './types';
import { RETENTION_CRONJOB } from '../topology';

/**
 * A Kubernetes API double for the estate: the resources the console reads and changes, served as
 * kube-apiserver serves them, with small controllers that roll pods out and report remedies to the
 * estate. A scenario switch re-seeds the cluster (resourceVersions keep growing).
 */

export const DEFAULT_KUBE_TOKEN = 'voicehive-sim-token';
export const DEFAULT_KUBE_ADMIN_TOKEN = 'voicehive-sim-kube-admin-token';
/** The console's manifests: the double authorizes its service account by their RBAC objects. */
export const DEFAULT_RBAC_DIR = path.resolve(__dirname, '../../deploy/kubernetes');

export interface KubeOptions {
  /** The console service account's bearer token (default `voicehive-sim-token`); it rotates with `rotateToken`. */
  token?: string;
  /** A bearer token in system:masters, for scenario code and tests (default `voicehive-sim-kube-admin-token`). */
  adminToken?: string;
  /** Where the RBAC manifests are (default deploy/kubernetes). */
  rbacDir?: string;
  /** The service account the token stands for (default voicehive-ops/voicehive-ops). */
  serviceAccount?: { namespace: string; name: string };
  /** Told of every authenticated request and whether RBAC allowed it. */
  audit?: (event: AuditEvent) => void;
  /** One controller step: each step a rollout replaces one pod (default 500 ms). */
  stepMs?: number;
  /** How long a deleted pod stays Terminating (default two steps). */
  graceMs?: number;
  /** How long a Job's pod runs before it succeeds (default four steps). */
  jobRunMs?: number;
  /** HPA sync period; 0 stops it from clamping replicas (default 15 s, kube-controller-manager's). */
  hpaSyncMs?: number;
  /** Admission webhooks the cluster has (those with side effects refuse dry runs). */
  admissionWebhooks?: AdmissionWebhook[];
  now?: () => number;
}

export interface KubeApi {
  /** Serves one request under /api or /apis. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Runs one controller step now (tests use it instead of waiting for the timer). */
  step(): void;
  /** Empties and re-seeds the cluster from the estate's current scenario. */
  reset(): void;
  /** Rotates the service account's token: the new one is accepted, the old one refused (401). */
  rotateToken(next: string): void;
  /** metrics.k8s.io served (default), absent (404) or down (503); a scenario switch keeps it. */
  metricsApi: { get(): MetricsApiState; set(state: MetricsApiState): void };
  store: Store;
  close(): void;
}

export type { AuditEvent } from './api';

export const isKubePath = (pathname: string): boolean => pathname === '/api' || pathname === '/apis' || pathname.startsWith('/api/') || pathname.startsWith('/apis/');

export function createKubeApi(estate: Estate, options: KubeOptions = {}): KubeApi {
  const { token = DEFAULT_KUBE_TOKEN, adminToken = DEFAULT_KUBE_ADMIN_TOKEN, rbacDir = DEFAULT_RBAC_DIR, serviceAccount = { namespace: 'voicehive-ops', name: 'voicehive-ops' } } = options;
  const { stepMs = 500, graceMs = 2 * stepMs, jobRunMs = 4 * stepMs, hpaSyncMs = 15_000, admissionWebhooks = [], now = Date.now } = options;
  const authn = createAuthenticator({ token, adminToken, serviceAccount });
  const rbac = loadRbacPolicy(rbacDir);
  const store = createStore();
  const events = createEventRecorder(store, now);
  const report = (remedy: Parameters<Estate['remediate']>[0]) => void estate.remediate(remedy);
  const controller = createController({ store, now, events, report, graceMs });
  const ctx: KubeContext = { store, estate, controller, events, now, graceMs, webhooks: admissionWebhooks };
  // The retention cleanup works on the database: with PostgreSQL down each attempt exits 1.
  const failure = (job: Job) => (job.spec.template.metadata?.labels?.app === RETENTION_CRONJOB && !estate.getConditions().pgUp ? 'could not connect to postgresql.voicehive.svc.cluster.local:5432' : null);
  const jobs = createJobController({ store, now, events, report, runMs: jobRunMs, failure });
  const hpa = createHpaController({ store, now, events, syncMs: hpaSyncMs });
  const disruption = createDisruptionController({ store, now });
  const kubelet = createKubelet({ store, now, events, conditions: () => estate.getConditions(), podNames: estate.pods });
  const timeline = createTimeline();
  const podMetrics = createPodMetricsApi(ctx);
  let metricsState: MetricsApiState = 'served';
  const metricsApi = { get: () => metricsState, set: (state: MetricsApiState) => void (metricsState = state) };

  const reset = () => {
    store.clear();
    controller.reset();
    seedCluster(store, { nowMs: now(), conditions: estate.getConditions(), podNames: estate.pods });
    timeline.note(estate.getConditions(), now());
  };
  // The kubelet first: pods created in the previous step become ready, and the controllers then write
  // the status that follows (each pod replacement writes a Deployment's status at least twice).
  const step = () => {
    kubelet.step();
    controller.step();
    jobs.step();
    hpa.step();
    kubelet.observe();
    disruption.step();
    timeline.note(estate.getConditions(), now());
    podMetrics.sample().catch(() => undefined); // a failed read only leaves the previous sample
  };

  reset();
  estate.onScenarioChange(reset);
  const timer = setInterval(step, stepMs);
  timer.unref();

  return {
    handle: createKubeHandler({ ctx, timeline, podMetrics, authn, rbac, metricsApi, audit: options.audit }),
    metricsApi,
    step,
    reset,
    rotateToken: (next) => authn.rotate(next),
    store,
    close: () => clearInterval(timer),
  };
}
