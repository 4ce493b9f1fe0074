import { healthyConditions, type Conditions } from '../conditions';
import type { KubeContext } from './context';
import { services } from './log-services';
import { randomFrom, unitOf } from './names';
import type { ApiPath } from './request';
import { resourceInfo } from './resources';
import { badRequest, notFound } from './status';
import type { ContainerStatus, Pod } from './types';

/**
 * pods/{name}/log: the container's output, generated line by line from the pod, the slot and what
 * the estate was doing at that moment (so a line reads the same on every request and lines from
 * before a remedy still show the incident). Like a rotated log file, only the last lines are kept.
 */

const KEPT_LINES = 2_000;

/** What the estate's conditions were at past moments, as the double saw them change. */
export interface ConditionsTimeline {
  note(conditions: Conditions, at: number): void;
  at(ms: number): Conditions;
}

export function createTimeline(): ConditionsTimeline {
  const entries: { at: number; conditions: Conditions }[] = [];
  return {
    note(conditions, at) {
      if (entries.at(-1)?.conditions === conditions) return;
      entries.push({ at, conditions });
      if (entries.length > 200) entries.shift();
    },
    at(ms) {
      let found = healthyConditions;
      for (const entry of entries) if (entry.at <= ms) found = entry.conditions;
      return found;
    },
  };
}

/** RFC 3339 with nanoseconds, as the kubelet stamps lines with `timestamps=true`. */
const stamp = (ms: number, jitter: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, milli: string) => `.${milli}${String(Math.floor(jitter * 999_999)).padStart(6, '0')}Z`);

function integerParam(query: URLSearchParams, name: string, min: number): number | null {
  const text = query.get(name);
  if (text === null) return null;
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < min) throw badRequest(`${name}: Invalid value: ${JSON.stringify(text)}: must be ${min === 0 ? 'greater than or equal to 0' : 'greater than 0'}`);
  return value;
}

/** The span of the container instance whose output is asked for. */
function windowOf(pod: Pod, status: ContainerStatus, previous: boolean, now: number): { from: number; to: number } {
  const name = `container "${status.name}" in pod "${pod.metadata.name}"`;
  const last = status.lastState.terminated;
  if (previous) {
    if (!last) throw badRequest(`previous terminated container "${status.name}" in pod "${pod.metadata.name}" not found`);
    return { from: Date.parse(last.startedAt ?? pod.status.startTime ?? ''), to: Date.parse(last.finishedAt ?? '') };
  }
  const { running, terminated, waiting } = status.state;
  if (running) return { from: Date.parse(running.startedAt), to: now };
  if (terminated) return { from: Date.parse(terminated.startedAt ?? pod.status.startTime ?? ''), to: Date.parse(terminated.finishedAt ?? '') };
  // A container in back-off shows what its last instance wrote.
  if (last) return { from: Date.parse(last.startedAt ?? pod.status.startTime ?? ''), to: Date.parse(last.finishedAt ?? '') };
  throw badRequest(`${name} is waiting to start: ${waiting?.reason ?? 'ContainerCreating'}`);
}

export function readLog(ctx: KubeContext, timeline: ConditionsTimeline, path: ApiPath, query: URLSearchParams): string {
  const pod = ctx.store.get<Pod>('pods', path.namespace!, path.name!);
  if (!pod) throw notFound(resourceInfo('pods'), path.name!);
  const names = pod.spec.containers.map((c) => c.name);
  const container = query.get('container') ?? (names.length === 1 ? names[0]! : null);
  if (container === null) throw badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`);
  const status = pod.status.containerStatuses?.find((s) => s.name === container);
  if (!names.includes(container) || !status) throw badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
  const tail = integerParam(query, 'tailLines', 0);
  const since = integerParam(query, 'sinceSeconds', 1);
  const limitBytes = integerParam(query, 'limitBytes', 1);
  const timestamps = query.get('timestamps') === 'true';
  const now = ctx.now();
  const { from, to } = windowOf(pod, status, query.get('previous') === 'true', now);
  const service = services[container] ?? services[pod.metadata.labels?.app ?? ''] ?? services.orchestrator!;
  const period = service.periodMs;
  const start = Math.max(from, since === null ? -Infinity : now - since * 1000);
  const oom = ctx.estate.getConditions().oomDeployment;
  const oomVictim = oom !== null && ctx.estate.pods[oom]?.[0] === pod.metadata.name;

  const first = Math.max(0, Math.floor((start - from) / period), Math.floor((to - from) / period) - KEPT_LINES);
  const lines: string[] = [];
  for (let k = first; ; k++) {
    const seed = `${pod.metadata.uid}/${container}/${k}`;
    const at = from + k * period + Math.floor(unitOf(seed) * period * 0.5);
    if (at > to) break;
    if (at < start) continue;
    const line = service.line({ c: timeline.at(at), r: randomFrom(seed), at, oomVictim });
    lines.push(timestamps ? `${stamp(at, unitOf(`${seed}#`))} ${line}` : line);
  }
  const kept = tail === null ? lines : tail === 0 ? [] : lines.slice(-tail);
  const text = kept.map((line) => `${line}\n`).join('');
  return limitBytes === null ? text : Buffer.from(text).subarray(0, limitBytes).toString();
}
