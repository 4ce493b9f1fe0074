'use client';

import type { WorkloadMetrics, WorkloadPod } from '@/lib/api/workloads-types';
import { useNow } from '@/lib/client/use-now';
import { formatCpu, formatMemory, formatPodAge, shortenPodName } from '@/lib/client/workloads-format';

const th = 'px-2 py-1.5 font-medium first:pl-4 last:pr-4';
const td = 'px-2 py-1.5 align-top first:pl-4 last:pr-4';

/** OOMKilled is the one termination an on-call engineer must not miss: a word and a shape, not a colour. */
function TerminationCell({ pod }: { pod: WorkloadPod }) {
  if (pod.oomKilled) {
    return (
      <span className="inline-flex items-center gap-1 rounded border-2 border-sev-p1 px-1.5 font-bold whitespace-nowrap uppercase">
        <span aria-hidden="true" className="text-sev-p1">◆</span>OOMKilled
      </span>
    );
  }
  return <span className="text-muted">{pod.lastTerminationReason ?? '—'}</span>;
}

/**
 * Why there are no CPU and memory columns: a cluster without metrics.k8s.io is a fact, said quietly;
 * a metrics API that is down or cannot be read is a failure, said as one (usage unknown, never zero).
 */
function MetricsUnavailableNote({ metrics }: { metrics: Extract<WorkloadMetrics, { available: false }> }) {
  if (metrics.state === 'absent') {
    return (
      <p data-testid="metrics-unavailable" data-metrics-state="absent" className="border-t border-line px-4 py-1.5 text-xs text-muted">
        CPU and memory: not available in this cluster — {metrics.reason}
      </p>
    );
  }
  return (
    <p role="status" data-testid="metrics-unavailable" data-metrics-state={metrics.state} className="border-t border-line px-4 py-1.5 text-xs font-semibold">
      <span aria-hidden="true">⚠ </span>CPU and memory: unknown — {metrics.state === 'down' ? `the metrics API is down: ${metrics.reason}` : metrics.reason}
    </p>
  );
}

/** The matching pods as `kubectl get pods -o wide` and `kubectl top pods` would show them. */
export function PodTable({ pods, metrics, selector }: { pods: WorkloadPod[]; metrics: WorkloadMetrics; selector: string }) {
  const now = useNow();
  if (pods.length === 0) {
    return <p className="border-t border-line px-4 py-2.5 text-sm text-muted">No pod matches <code className="font-mono">{selector}</code>.</p>;
  }
  return (
    <div className="border-t border-line">
      <div className="relative overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Pods</caption>
          <thead className="text-left text-xs text-muted">
            <tr className="border-b border-line">
              <th scope="col" className={th}>Pod</th>
              <th scope="col" className={th}>Status</th>
              <th scope="col" className={`${th} text-right`}>Ready</th>
              <th scope="col" className={`${th} text-right`}>Restarts</th>
              <th scope="col" className={th}>Last termination</th>
              <th scope="col" className={`${th} text-right`}>Age</th>
              <th scope="col" className={th}>Node</th>
              {metrics.available ? (
                <>
                  <th scope="col" className={`${th} text-right`}>CPU</th>
                  <th scope="col" className={`${th} text-right`}>Memory</th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {pods.map((pod) => (
              <tr
                key={pod.name}
                data-testid="pod-row"
                data-name={pod.name}
                data-deployment={pod.deployment ?? ''}
                data-oom={pod.oomKilled ? 'true' : 'false'}
                className={`border-b border-line last:border-b-0 ${pod.oomKilled ? 'bg-sev-p1/10 shadow-[inset_4px_0_0_var(--sev-p1)]' : ''}`}
              >
                <th scope="row" className={`${td} text-left font-normal`}>
                  <span className="font-mono text-[13px]" title={pod.name}>{pod.deployment ? <span className="text-muted">{pod.deployment}-</span> : null}{shortenPodName(pod.name, pod.deployment)}</span>
                </th>
                <td className={`${td} whitespace-nowrap ${pod.status === 'Running' || pod.status === 'Succeeded' ? '' : 'font-semibold'}`}>{pod.status}</td>
                <td className={`${td} text-right tabular-nums`}>{pod.ready}</td>
                <td className={`${td} text-right tabular-nums ${pod.restarts > 0 ? 'font-semibold' : 'text-muted'}`}>{pod.restarts}</td>
                <td className={td}><TerminationCell pod={pod} /></td>
                <td className={`${td} text-right whitespace-nowrap tabular-nums`}>{formatPodAge(pod, now)}</td>
                <td className={`${td} text-muted`}>{pod.node ?? '—'}</td>
                {metrics.available ? (
                  <>
                    <td className={`${td} text-right tabular-nums whitespace-nowrap`}>{formatCpu(pod.cpuMillicores)}</td>
                    <td className={`${td} text-right tabular-nums whitespace-nowrap`}>{formatMemory(pod.memoryBytes)}</td>
                  </>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {metrics.available ? null : <MetricsUnavailableNote metrics={metrics} />}
    </div>
  );
}
