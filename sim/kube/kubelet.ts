import type { Conditions } from '../conditions';
import type { Deployment as DeploymentName } from '../topology';
import { involve, type EventRecorder } from './events';
import { hexOf, unitOf } from './names';
import { isStarting, setReady } from './pods';
import { kubeTime, type Store } from './store';
import type { Pod } from './types';

/**
 * What the kubelets report while a scenario runs, so pods and events tell the same story as the
 * metrics: the oom-loop victim (the first pod of the deployment, as in workload-model.ts) is
 * OOMKilled every ~10 s, a down database crash-loops, and failing probes leave Warning events.
 */

export interface KubeletDeps {
  store: Store;
  now(): number;
  events: EventRecorder;
  conditions(): Conditions;
  podNames: Readonly<Record<DeploymentName, readonly string[]>>;
}

interface Loop {
  reason: 'OOMKilled' | 'Error';
  exitCode: number;
  periodMs: number;
  probe?: string;
}

const ns = 'voicehive';
const PROBE_EVERY_MS = 15_000;

export function createKubelet({ store, now, events, conditions, podNames }: KubeletDeps): { step(): void; observe(): void } {
  const crashes = new Map<string, { last: number; next: number }>();
  const lastProbe = new Map<string, number>();
  // Pods seen starting at the end of a step; their containers pass readiness on the next one.
  let starting = new Set<string>();

  const kubelet = (pod: Pod) => ({ component: 'kubelet', host: pod.spec.nodeName });

  function crash(pod: Pod, loop: Loop, at: number): void {
    const copy = structuredClone(pod);
    const status = copy.status.containerStatuses?.[0];
    if (!status) return;
    const startedAt = status.state.running?.startedAt ?? status.lastState.terminated?.finishedAt ?? copy.status.startTime;
    status.restartCount += 1;
    status.lastState = { terminated: { reason: loop.reason, exitCode: loop.exitCode, ...(startedAt ? { startedAt } : {}), finishedAt: kubeTime(at), containerID: status.containerID } };
    status.containerID = `containerd://${hexOf(`${pod.metadata.uid}/${status.restartCount}`, 64)}`;
    status.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=${status.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})` } };
    setReady(copy, false, at);
    store.put('pods', copy);
    const container = involve('Pod', 'v1', pod, `spec.containers{${status.name}}`);
    if (loop.reason === 'OOMKilled') {
      const node = { kind: 'Node', apiVersion: 'v1', name: pod.spec.nodeName ?? 'node-1', uid: pod.spec.nodeName };
      const pid = 1000 + Math.floor(unitOf(`${pod.metadata.uid}${status.restartCount}`) * 30000);
      events.record(node, 'Warning', 'OOMKilling', `Memory cgroup out of memory: Killed process ${pid} (python) total-vm:6291456kB, anon-rss:4180112kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8452kB oom_score_adj:984`, { component: 'kernel-monitor', host: pod.spec.nodeName });
    }
    if (loop.probe) events.record(container, 'Warning', 'Unhealthy', loop.probe, kubelet(pod));
    events.record(container, 'Warning', 'BackOff', `Back-off restarting failed container ${status.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, kubelet(pod));
  }

  /** The container starts again after its back-off (still not ready: it dies before passing readiness). */
  function restart(pod: Pod, at: number): void {
    const copy = structuredClone(pod);
    const status = copy.status.containerStatuses?.[0];
    if (!status?.state.waiting) return;
    status.state = { running: { startedAt: kubeTime(at) } };
    status.started = true;
    store.put('pods', copy);
    const container = involve('Pod', 'v1', pod, `spec.containers{${status.name}}`);
    events.record(container, 'Normal', 'Pulled', `Container image "${pod.spec.containers[0]?.image}" already present on machine`, kubelet(pod));
    events.record(container, 'Normal', 'Created', `Created container ${status.name}`, kubelet(pod));
    events.record(container, 'Normal', 'Started', `Started container ${status.name}`, kubelet(pod));
  }

  function recover(pod: Pod, at: number): void {
    const copy = structuredClone(pod);
    const status = copy.status.containerStatuses?.[0];
    if (status?.state.waiting) status.state = { running: { startedAt: kubeTime(at) } };
    setReady(copy, true, at);
    store.put('pods', copy);
  }

  function probeWarning(pod: Pod, message: string, at: number): void {
    // The first failure of each pod comes within 2 s, staggered, then one every period.
    const last = lastProbe.get(pod.metadata.uid) ?? at - PROBE_EVERY_MS + 2_000 * unitOf(pod.metadata.name);
    if (!lastProbe.has(pod.metadata.uid)) lastProbe.set(pod.metadata.uid, last);
    if (at - last < PROBE_EVERY_MS) return;
    lastProbe.set(pod.metadata.uid, at);
    const name = pod.spec.containers[0]?.name ?? '';
    events.record(involve('Pod', 'v1', pod, `spec.containers{${name}}`), 'Warning', 'Unhealthy', message, kubelet(pod));
  }

  /** A container started and its readiness probe passed: the pod is Running and ready. */
  function start(pod: Pod, at: number): void {
    const copy = structuredClone(pod);
    for (const status of copy.status.containerStatuses ?? []) {
      status.started = true;
      status.state = { running: { startedAt: kubeTime(at) } };
    }
    setReady(copy, true, at);
    store.put('pods', copy);
  }

  return {
    observe() {
      starting = new Set(store.list<Pod>('pods').filter((p) => isStarting(p) && !p.metadata.deletionTimestamp).map((p) => p.metadata.uid));
    },
    step() {
      const at = now();
      for (const pod of store.list<Pod>('pods')) if (starting.has(pod.metadata.uid) && isStarting(pod) && !pod.metadata.deletionTimestamp) start(pod, at);
      starting.clear();
      const c = conditions();
      const loops = new Map<string, Loop>();
      const victim = c.oomDeployment ? podNames[c.oomDeployment][0] : undefined;
      if (victim) loops.set(victim, { reason: 'OOMKilled', exitCode: 137, periodMs: 9_500 });
      if (!c.pgUp) loops.set('postgresql-0', { reason: 'Error', exitCode: 1, periodMs: 30_000, probe: 'Readiness probe failed: /var/run/postgresql:5432 - no response' });
      if (!c.redisUp) loops.set('redis-0', { reason: 'Error', exitCode: 1, periodMs: 30_000, probe: 'Readiness probe failed: Could not connect to Redis at 127.0.0.1:6379: Connection refused' });

      for (const pod of store.list<Pod>('pods', ns)) {
        if (pod.metadata.deletionTimestamp) continue;
        const uid = pod.metadata.uid;
        const loop = loops.get(pod.metadata.name);
        if (loop) {
          const seen = crashes.get(uid);
          if (!seen || at >= seen.next) {
            crash(pod, loop, at);
            crashes.set(uid, { last: at, next: at + loop.periodMs * (0.85 + 0.3 * unitOf(`${uid}${at}`)) });
          } else if (at - seen.last >= 2_000) restart(pod, at);
        } else if (crashes.delete(uid)) recover(pod, at);

        const app = pod.metadata.labels?.app;
        if (app === 'media-agent' && c.callSuccessRatio < 0.95) probeWarning(pod, 'Readiness probe failed: HTTP probe failed with statuscode: 503', at);
        if (app === 'livekit-agent' && !c.livekitUp) {
          probeWarning(pod, `Readiness probe failed: Get "http://${pod.status.podIP}:8081/health": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, at);
        }
      }
    },
  };
}
