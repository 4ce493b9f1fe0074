const SUMMARY_LENGTH = 60;

/** A record's detail: one short line, and the whole JSON behind a native disclosure (no JavaScript needed). */
export function DetailCell({ detail }: { detail: Record<string, unknown> }) {
  const compact = JSON.stringify(detail);
  if (compact === '{}') return <span className="text-muted">—</span>;
  if (compact.length <= SUMMARY_LENGTH) return <code className="font-mono text-xs break-all">{compact}</code>;
  return (
    <details className="group max-w-md">
      <summary className="cursor-pointer font-mono text-xs break-all text-muted hover:text-fg">
        {compact.slice(0, SUMMARY_LENGTH)}…
        <span className="sr-only"> (show the whole detail)</span>
      </summary>
      <pre className="mt-1 max-h-64 overflow-auto rounded border border-line bg-canvas p-2 font-mono text-xs whitespace-pre-wrap break-all">{JSON.stringify(detail, null, 2)}</pre>
    </details>
  );
}
