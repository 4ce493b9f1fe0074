import { Counter, Gauge } from 'prom-client';
import type { EstateModel, ModelDeps, TickContext } from './model';
import { createWander } from './random';
import { deployments, NAMESPACE, RETENTION_CRONJOB, workloads, type Deployment } from './topology';

const namespace = NAMESPACE;

/** kube-state-metrics and cAdvisor: replicas, restarts, limits, CPU and memory per container. */
export function createWorkloadModel({ registry, random, nowMs, pods }: ModelDeps): EstateModel {
  const registers = [registry];
  const podLabels = ['namespace', 'pod', 'container'] as const;
  const specReplicas = new Gauge({ name: 'kube_deployment_spec_replicas', help: 'Desired replicas.', labelNames: ['namespace', 'deployment'] as const, registers });
  const available = new Gauge({ name: 'kube_deployment_status_replicas_available', help: 'Available replicas.', labelNames: ['namespace', 'deployment'] as const, registers });
  const restarts = new Counter({ name: 'kube_pod_container_status_restarts_total', help: 'Container restarts.', labelNames: podLabels, registers });
  const lastTerminated = new Gauge({ name: 'kube_pod_container_status_last_terminated_reason', help: 'Why the container last terminated.', labelNames: [...podLabels, 'reason'] as const, registers });
  const limits = new Gauge({ name: 'kube_pod_container_resource_limits', help: 'Container limits.', labelNames: [...podLabels, 'resource'] as const, registers });
  const jobFailed = new Gauge({ name: 'kube_job_status_failed', help: 'Failed pods of a job.', labelNames: ['namespace', 'job_name'] as const, registers });
  const cpu = new Counter({ name: 'container_cpu_usage_seconds_total', help: 'CPU seconds used.', labelNames: podLabels, registers });
  const memory = new Gauge({ name: 'container_memory_working_set_bytes', help: 'Working set.', labelNames: podLabels, registers });

  const containers = deployments.flatMap((deployment) =>
    pods[deployment].map((pod) => ({
      deployment,
      labels: { namespace, pod, container: deployment },
      cpuShare: createWander(random, { initial: 0.35, min: 0.05, max: 0.75, pull: 0.05, noise: 0.01 }),
      memoryShare: createWander(random, { initial: random.between(0.5, 0.6), min: 0.3, max: 0.8, pull: 0.02, noise: 0.003 }),
    })),
  );
  for (const { deployment, labels } of containers) {
    restarts.inc(labels, 0);
    limits.set({ ...labels, resource: 'memory' }, workloads[deployment].memoryLimitBytes);
    limits.set({ ...labels, resource: 'cpu' }, workloads[deployment].cpuLimitCores);
  }
  // The retention cronjob's last three daily runs (02:00 UTC), named by their scheduled minute as the CronJob controller does.
  const lastRun = Math.floor((nowMs - 2 * 3_600_000) / 86_400_000) * 86_400_000 + 2 * 3_600_000;
  for (let day = 0; day < 3; day++) jobFailed.set({ namespace, job_name: `${RETENTION_CRONJOB}-${(lastRun - day * 86_400_000) / 60_000}` }, 0);

  let oom: { labels: (typeof containers)[number]['labels']; restartedAt: number; nextAt: number } | null = null;

  /** A crash loop: the container fills its memory, is OOMKilled, restarts, and does it again. */
  const tickOomLoop = (victim: Deployment | null, now: number) => {
    if (!victim) {
      // kube-state-metrics keeps the last termination reason until the container terminates again,
      // so the "OOMKilled in the last 15 minutes" rule keeps firing for 15 minutes after the loop ends.
      oom = null;
      return;
    }
    const target = containers.find((c) => c.deployment === victim);
    if (!target) return;
    if (!oom || oom.labels !== target.labels) oom = { labels: target.labels, restartedAt: now, nextAt: now };
    if (now >= oom.nextAt) {
      restarts.inc(oom.labels, 1);
      lastTerminated.set({ ...oom.labels, reason: 'OOMKilled' }, 1);
      // Every ~10 s, so any 15 s window holds a restart: this demo skips kubelet's growing back-off.
      oom.restartedAt = now;
      oom.nextAt = now + random.between(8_000, 11_000);
    }
  };

  return {
    tick({ dt, nowMs: now, shape, conditions: c }: TickContext) {
      tickOomLoop(c.oomDeployment, now);
      for (const deployment of deployments) {
        const { replicas } = workloads[deployment];
        specReplicas.set({ namespace, deployment }, replicas);
        available.set({ namespace, deployment }, deployment === c.oomDeployment ? replicas - 1 : replicas);
      }
      for (const { deployment, labels, cpuShare, memoryShare } of containers) {
        const { cpuLimitCores, memoryLimitBytes } = workloads[deployment];
        cpu.inc(labels, cpuLimitCores * cpuShare.step(0.28 + 0.2 * shape, dt) * dt);
        const share = memoryShare.step(0.55, dt);
        // The looping container climbs from 88 % to 98 % of its limit between kills.
        const filled = oom && oom.labels === labels ? 0.88 + 0.1 * Math.min(1, (now - oom.restartedAt) / (oom.nextAt - oom.restartedAt)) : share;
        memory.set(labels, Math.round(memoryLimitBytes * filled));
      }
    },
  };
}
