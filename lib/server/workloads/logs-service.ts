import 'server-only';
import type { LogPodRead, LogsResponse } from '@/lib/api/workloads-types';
import type { Panel } from '@/lib/catalog/schema';
import { getEnv } from '@/lib/env';
import { filterLogLines } from '@/lib/kubernetes/log-mask';
import { KUBERNETES_UPSTREAM, KubernetesError } from '../kubernetes/errors';
import { getKubernetes } from '../kubernetes/instance';
import { createSharedCache } from '../shared-cache';
import { chooseLogContainer, mergePodLogs, type PodLines } from './log-merge';

type LogsPanel = Extract<Panel, { kind: 'logs' }>;
type LogSource = Pick<LogsPanel, 'namespace' | 'selector' | 'filter' | 'tailLines'>;

/** Pods read per panel: a selector matching a large deployment must not fan out to hundreds of log reads. */
export const MAX_LOG_PODS = 10;
/** Lines asked of each pod: the catalog allows 5000, a browser panel needs fewer. */
export const MAX_TAIL_LINES = 2000;
/** Lines sent to the browser after filtering and merging: the newest. */
export const MAX_LOG_LINES = 500;

async function readLogs(source: LogSource): Promise<LogsResponse> {
  const k8s = getKubernetes();
  const { namespace, selector } = source;
  const tailLines = Math.min(source.tailLines, MAX_TAIL_LINES);
  // A failure to list the pods is the panel's error (thrown); a failure of one pod's log is that pod's.
  const matched = [...(await k8s.listPods(namespace, selector))].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const toRead = matched.slice(0, MAX_LOG_PODS);
  const reads = await Promise.all(
    toRead.map(async (pod): Promise<{ read: LogPodRead; lines: string[] }> => {
      const name = pod.metadata?.name ?? '';
      const container = chooseLogContainer(pod);
      try {
        // readPodLog masks e-mails, phones and card numbers before it returns: nothing here sees them.
        const lines = await k8s.readPodLog(namespace, name, { tailLines, container: container ?? undefined });
        return { read: { name, container, linesRead: lines.length, error: null }, lines };
      } catch (error) {
        if (!(error instanceof KubernetesError)) throw error;
        return { read: { name, container, linesRead: 0, error: error.message }, lines: [] };
      }
    }),
  );
  let filterError: string | null = null;
  const filtered: PodLines[] = reads.map(({ read, lines }) => {
    const result = filterLogLines(lines, source.filter);
    filterError ??= result.filterError ?? null;
    return { pod: read.name, lines: result.lines };
  });
  return {
    generatedAt: Date.now(),
    namespace,
    selector,
    filter: source.filter ?? null,
    filterError,
    tailLines,
    pods: reads.map((r) => r.read),
    podsNotRead: matched.slice(MAX_LOG_PODS).map((p) => p.metadata?.name ?? ''),
    ...mergePodLogs(filtered, MAX_LOG_LINES),
    masked: true,
  };
}

const holder = globalThis as typeof globalThis & { __voicehiveOpsLogTails?: ReturnType<typeof createSharedCache<LogsResponse>> };

/** Log reads are not list reads, so the adapter does not share them: one tail per source is shared here for the TTL. */
function getLogCache() {
  holder.__voicehiveOpsLogTails ??= createSharedCache<LogsResponse>({
    upstream: KUBERNETES_UPSTREAM,
    ttlMs: getEnv().UPSTREAM_CACHE_TTL_MS,
    sizeOf: (value) => value.lines.length + 1,
    maxSize: 20_000,
    load: (key) => readLogs(JSON.parse(key) as LogSource),
  });
  return holder.__voicehiveOpsLogTails;
}

/** The masked, filtered, merged tail of every pod the panel's selector matches. */
export function getLogTail(panel: LogsPanel): Promise<LogsResponse> {
  const { namespace, selector, filter, tailLines } = panel;
  return getLogCache().get(JSON.stringify({ namespace, selector, filter, tailLines }));
}
