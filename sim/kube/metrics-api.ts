import type { KubeContext } from './context';
import { toWire, toWireList } from './context';
import { unitOf } from './names';
import { isTerminating } from './pods';
import type { ApiPath } from './request';
import { parseLabelSelector } from './selectors';
import { notFound } from './status';
import { kubeTime, type KubeObject } from './store';
import type { Pod } from './types';

/**
 * metrics.k8s.io/v1beta1 PodMetrics as metrics-server serves them (cpu in nanocores, memory in Ki),
 * read from the workload model's cAdvisor series, so `top pods` agrees with the memory/CPU panels.
 * Pods the model does not know (new after a restart) get their deployment's average.
 */

const INFO = { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics', listKind: 'PodMetricsList', resource: 'pods' };
const SAMPLE_EVERY_MS = 2_000;
/** A request reads the series afresh unless the last read is this recent. */
const FRESH_MS = 250;
const KEEP_MS = 60_000;

type Usage = { cpuCores: number; memoryBytes: number };
type Sample = { at: number; cpu: Map<string, number>; memory: Map<string, number> };

/** What metrics-server would see for workloads the estate does not model. */
const fallback: Record<string, Usage> = {
  postgresql: { cpuCores: 0.35, memoryBytes: 1.2 * 2 ** 30 },
  redis: { cpuCores: 0.04, memoryBytes: 310 * 2 ** 20 },
  coredns: { cpuCores: 0.008, memoryBytes: 31 * 2 ** 20 },
  prometheus: { cpuCores: 0.42, memoryBytes: 2.6 * 2 ** 30 },
  cleanup: { cpuCores: 0.1, memoryBytes: 180 * 2 ** 20 },
};

export interface PodMetricsApi {
  /** Reads the cAdvisor series (at most every 2 s); the controller's timer calls it. */
  sample(maxAgeMs?: number): Promise<void>;
  list(path: ApiPath, query: URLSearchParams): Promise<Record<string, unknown>>;
  get(path: ApiPath): Promise<Record<string, unknown>>;
}

export function createPodMetricsApi(ctx: KubeContext): PodMetricsApi {
  const samples: Sample[] = [];
  // The estate's counters started at zero when the double was made: a base for the first rate.
  const birth: Sample = { at: ctx.now(), cpu: new Map(), memory: new Map() };

  async function read(name: string): Promise<Map<string, number>> {
    const metric = ctx.estate.registry.getSingleMetric(name);
    const values = metric ? (await metric.get()).values : [];
    return new Map(values.map((v) => [String(v.labels.pod), v.value]));
  }

  async function sample(maxAgeMs = SAMPLE_EVERY_MS): Promise<void> {
    const at = ctx.now();
    if (samples.length > 0 && at - samples.at(-1)!.at < maxAgeMs) return;
    samples.push({ at, cpu: await read('container_cpu_usage_seconds_total'), memory: await read('container_memory_working_set_bytes') });
    while (samples.length > 2 && (at - samples[0]!.at > KEEP_MS || samples.length > 120)) samples.shift();
  }

  function usageOf(pod: Pod): Usage {
    const newest = samples.at(-1);
    const oldest = samples[0] && newest && newest.at - samples[0].at >= 5_000 ? samples[0] : birth;
    const name = pod.metadata.name;
    const memory = newest?.memory.get(name);
    const seconds = newest ? (newest.at - oldest.at) / 1000 : 0;
    const cpuNow = newest?.cpu.get(name);
    const cpuThen = oldest === birth ? 0 : oldest.cpu.get(name);
    if (memory !== undefined && cpuNow !== undefined && cpuThen !== undefined && seconds > 0) return { cpuCores: (cpuNow - cpuThen) / seconds, memoryBytes: memory };
    return { cpuCores: NaN, memoryBytes: memory ?? NaN };
  }

  /** Usage of every container of the pods, a deployment's known pods standing in for its new ones. */
  function usages(pods: Pod[], all: Pod[]): Map<string, Usage> {
    const known = all.map((p) => ({ app: p.spec.containers[0]?.name ?? '', usage: usageOf(p) })).filter((k) => !Number.isNaN(k.usage.cpuCores));
    const result = new Map<string, Usage>();
    for (const pod of pods) {
      const own = usageOf(pod);
      const app = pod.spec.containers[0]?.name ?? '';
      const peers = known.filter((k) => k.app === app);
      const wobble = 0.9 + 0.2 * unitOf(`${pod.metadata.uid}${Math.floor(ctx.now() / 15_000)}`);
      const mean = (pick: (u: Usage) => number) => peers.reduce((sum, k) => sum + pick(k.usage), 0) / peers.length;
      if (!Number.isNaN(own.cpuCores)) result.set(pod.metadata.name, own);
      else if (peers.length > 0) result.set(pod.metadata.name, { cpuCores: mean((u) => u.cpuCores) * wobble, memoryBytes: mean((u) => u.memoryBytes) * wobble });
      else {
        const base = fallback[app] ?? { cpuCores: 0.05, memoryBytes: 64 * 2 ** 20 };
        result.set(pod.metadata.name, { cpuCores: base.cpuCores * wobble, memoryBytes: base.memoryBytes * wobble });
      }
    }
    return result;
  }

  function toPodMetrics(pod: Pod, usage: Usage): KubeObject {
    const now = ctx.now();
    return {
      metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, labels: { ...pod.metadata.labels }, creationTimestamp: kubeTime(now), uid: '', resourceVersion: '' },
      timestamp: kubeTime(now - 10_000),
      window: '15.0s',
      containers: pod.spec.containers.map((c) => ({ name: c.name, usage: { cpu: `${Math.max(0, Math.round(usage.cpuCores * 1e9))}n`, memory: `${Math.round(usage.memoryBytes / 1024)}Ki` } })),
    };
  }

  // metrics-server reports only running pods; metadata has no uid or resourceVersion there.
  const strip = (o: KubeObject) => ({ ...o, metadata: { name: o.metadata.name, namespace: o.metadata.namespace, labels: o.metadata.labels, creationTimestamp: o.metadata.creationTimestamp } }) as unknown as KubeObject;
  const running = (namespace: string | null) => ctx.store.list<Pod>('pods', namespace).filter((p) => p.status.phase === 'Running' && !isTerminating(p));

  return {
    sample,
    async list(path, query) {
      await sample(FRESH_MS);
      const matches = parseLabelSelector(query.get('labelSelector'));
      const all = running(path.namespace);
      const pods = all.filter((p) => matches(p.metadata.labels));
      const usage = usages(pods, all);
      return toWireList(INFO, '', pods.map((p) => strip(toPodMetrics(p, usage.get(p.metadata.name)!))));
    },
    async get(path) {
      await sample(FRESH_MS);
      const all = running(path.namespace);
      const pod = all.find((p) => p.metadata.name === path.name);
      if (!pod) throw notFound(INFO, path.name!);
      return toWire(INFO, strip(toPodMetrics(pod, usages([pod], all).get(pod.metadata.name)!)));
    },
  };
}
