import type { Conditions } from '../conditions';
import { NAMESPACE, RETENTION_CRONJOB } from '../topology';
import { kubeTime, newMeta, type Store } from './store';
import { computePdbStatus } from './disruption';
import type { ConfigMap, CronJob, HorizontalPodAutoscaler, Job, PodDisruptionBudget } from './types';

/**
 * ConfigMaps, the retention CronJob with its last runs, the orchestrator's HPA and disruption budget. Keys are the ones
 * the runbooks' patch-configmap buttons set, seeded to values the buttons visibly change.
 */

const DAY = 86_400_000;

/** The LiveKit URL the livekit-down scenario leaves behind: the section's "update config" button puts the right one back. */
export const LEGACY_LIVEKIT_URL = 'wss://livekit-legacy.voicehive.com';

function configMaps(conditions: Conditions): Record<string, Record<string, Record<string, string>>> {
  return {
    [NAMESPACE]: {
      'rate-limit-config': { requests_per_minute: '60', burst: '20', window_seconds: '60', whitelist_enabled: 'true' },
      'circuit-breaker-config': { failure_threshold: '5', timeout: '60', half_open_max_calls: '3', recovery_timeout: '30' },
      'database-config': { max_connections: '40', pool_timeout_seconds: '30', statement_timeout_ms: '30000', host: 'postgresql.voicehive.svc.cluster.local', port: '5432', database: 'voicehive' },
      'security-config': { blocked_ips: '', allowed_regions: 'eu-central-1,eu-west-1', max_login_attempts: '5', audit_logging: 'false' },
      'livekit-config': {
        server_url: conditions.livekitUp ? 'wss://livekit.voicehive.com' : LEGACY_LIVEKIT_URL,
        region: 'eu-central',
        room_empty_timeout: '300',
        max_participants: '4',
      },
    },
    monitoring: {
      'alertmanager-config': { group_wait: '10s', group_interval: '5m', repeat_interval: '4h', receiver: 'slack-voiceai-alerts' },
      'alert-rules': { high_error_rate: '0.01', high_latency_p95: '0.5', low_call_success: '0.95', evaluation_interval: '30s' },
    },
  };
}

const jobSpec = (): Job['spec'] => ({
  backoffLimit: 2,
  completions: 1,
  parallelism: 1,
  template: {
    metadata: { labels: { app: RETENTION_CRONJOB } },
    spec: {
      restartPolicy: 'OnFailure',
      containers: [
        {
          name: 'cleanup',
          image: 'ghcr.io/voicehive/orchestrator:2.14.3',
          command: ['python', '-m', 'voicehive.jobs.retention', '--apply'],
          env: [{ name: 'RETENTION_DAYS', value: '90' }],
          resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        },
      ],
    },
  },
});

export function seedConfig(store: Store, nowMs: number, conditions: Conditions, created: number): void {
  for (const [namespace, maps] of Object.entries(configMaps(conditions))) {
    for (const [name, data] of Object.entries(maps)) {
      store.put<ConfigMap>('configmaps', { metadata: newMeta(name, namespace, created, { labels: { 'app.kubernetes.io/part-of': 'voicehive' } }), data });
    }
  }

  // The last three 02:00 UTC runs, named by their scheduled minute as the CronJob controller names them.
  const lastRun = Math.floor((nowMs - 2 * 3_600_000) / DAY) * DAY + 2 * 3_600_000;
  const cronJob: CronJob = {
    metadata: newMeta(RETENTION_CRONJOB, NAMESPACE, created, { generation: 1, labels: { app: RETENTION_CRONJOB } }),
    spec: {
      schedule: '0 2 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { app: RETENTION_CRONJOB } }, spec: jobSpec() },
    },
    status: { lastScheduleTime: kubeTime(lastRun), lastSuccessfulTime: kubeTime(lastRun + 94_000) },
  };
  const storedCron = store.put('cronjobs', cronJob);
  for (let day = 2; day >= 0; day--) {
    const at = lastRun - day * DAY;
    const name = `${RETENTION_CRONJOB}-${at / 60_000}`;
    const job: Job = {
      metadata: newMeta(name, NAMESPACE, at, {
        generation: 1,
        labels: { app: RETENTION_CRONJOB, 'batch.kubernetes.io/job-name': name, 'job-name': name },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: RETENTION_CRONJOB, uid: storedCron.metadata.uid, controller: true, blockOwnerDeletion: true }],
      }),
      spec: jobSpec(),
      status: {
        startTime: kubeTime(at),
        completionTime: kubeTime(at + 94_000),
        succeeded: 1,
        ready: 0,
        conditions: [
          { type: 'Complete', status: 'True', lastTransitionTime: kubeTime(at + 94_000) },
        ],
      },
    };
    store.put('jobs', job);
  }

  const hpa: HorizontalPodAutoscaler = {
    metadata: newMeta('orchestrator', NAMESPACE, created, { labels: { app: 'orchestrator' } }),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orchestrator' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
    status: { currentReplicas: 3, desiredReplicas: 3 },
  };
  store.put('horizontalpodautoscalers', hpa);

  // At least two orchestrators serve calls while pods are evicted (a drain, the "restart affected pods" button).
  const pdb: PodDisruptionBudget = {
    metadata: newMeta('orchestrator', NAMESPACE, created, { generation: 1, labels: { app: 'orchestrator' } }),
    spec: { minAvailable: 2, selector: { matchLabels: { app: 'orchestrator' } }, unhealthyPodEvictionPolicy: 'IfHealthyBudget' },
    status: {},
  };
  store.put('poddisruptionbudgets', { ...pdb, status: computePdbStatus(store, pdb, nowMs) });
}
