import type { LogPodRead, LogsResponse } from '@/lib/api/workloads-types';

/** Which pods were read, how many lines each gave, and each one's own failure (the others still show). */
export function LogPodList({ pods, notRead }: { pods: LogPodRead[]; notRead: string[] }) {
  return (
    <ul aria-label="Pods read" className="flex flex-wrap gap-x-3 gap-y-1 border-b border-line px-4 py-1.5 text-xs">
      {pods.map((pod) => (
        <li key={pod.name} data-testid="log-pod" data-name={pod.name} data-error={pod.error ? 'true' : 'false'} className={pod.error ? 'basis-full break-words text-sev-unknown-fg' : 'text-muted'}>
          <span aria-hidden="true">{pod.error ? '✕ ' : '✓ '}</span>
          <span className="font-mono">{pod.name}</span>
          {pod.container ? <span> ({pod.container})</span> : null}
          {pod.error ? <>: not read — {pod.error}</> : <> · {pod.linesRead} lines</>}
        </li>
      ))}
      {notRead.length > 0 ? <li className="basis-full text-muted">Not read (too many pods at once): {notRead.join(', ')}</li> : null}
      {pods.length === 0 && notRead.length === 0 ? <li className="text-muted">No pod matches the selector.</li> : null}
    </ul>
  );
}

/** The merged tail, oldest first and scrolled to the newest line (column-reverse keeps the view at the bottom). */
export function LogLines({ data }: { data: LogsResponse }) {
  if (data.lines.length === 0) {
    const read = data.pods.filter((p) => !p.error).length;
    return (
      <p className="px-4 py-3 text-sm text-muted">
        {data.filter ? `No line matches /${data.filter}/i` : 'No lines'} in the last {data.tailLines} lines of {read} pod{read === 1 ? '' : 's'}.
      </p>
    );
  }
  return (
    <div tabIndex={0} role="region" aria-label="Log lines" className="flex max-h-96 flex-col-reverse overflow-auto bg-canvas focus-visible:outline-2 focus-visible:outline-focus">
      <ol className="px-4 py-2 font-mono text-[12px] leading-relaxed">
        {data.lines.map((line, index) => (
          <li key={index} data-testid="log-line" data-pod={line.pod} className="flex gap-3 whitespace-pre-wrap break-all">
            <span className="shrink-0 text-muted select-none" title={line.pod}>{line.pod.slice(-5)}</span>
            <span className="min-w-0">{line.text}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
