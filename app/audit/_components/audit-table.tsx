import Link from 'next/link';
import type { AuditEntry } from '@/lib/audit/csv';
import { DetailFields, type AuditLinks } from './detail-fields';
import { LocalTime } from './local-time';
import { OutcomeLabel } from './outcome-label';

/**
 * The records, newest first, as a log: a line per record (when, outcome, who, what, on what), its detail
 * as fields under it, and links to the person's other records, the section, the step and the run. Whole
 * words wrap; the record number and hash are in the record's tooltip, the raw JSON one click away.
 */
export function AuditTable({ entries, links }: { entries: AuditEntry[]; links: AuditLinks }) {
  if (entries.length === 0) return <p className="px-4 py-6 text-sm text-muted">No records match these filters.</p>;
  return (
    <ol className="divide-y divide-line">
      {entries.map((e) => (
        <li key={e.seq} data-testid="audit-record" data-seq={e.seq} data-action={e.action} title={`record ${e.seq} · hash ${e.hash}`} className="space-y-1 px-4 py-2.5 text-sm">
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span className="text-xs whitespace-nowrap text-muted tabular-nums">
              <LocalTime at={e.at} />
            </span>
            <OutcomeLabel outcome={e.outcome} />
            <Link href={`/audit?actor=${encodeURIComponent(e.actor)}`} data-testid="audit-actor" className="font-medium break-words text-accent hover:underline">
              {e.actor}
            </Link>
            {e.actorRole ? <span className="text-xs text-muted">({e.actorRole})</span> : null}
            <code className="rounded bg-surface-2 px-1 font-mono text-xs">{e.action}</code>
            {e.target ? <span className="min-w-0 break-words">{e.target}</span> : null}
          </p>
          <div className="pl-0 md:pl-6">
            <DetailFields detail={e.detail} links={links} />
            {/* A <div>, not a <p>: the parser closes a <p> at <details>, and the page then no longer hydrates. */}
            <div className="mt-1 flex flex-wrap items-center gap-x-3 text-xs text-muted">
              {e.clientAddress ? <span>from <span className="font-mono">{e.clientAddress}</span></span> : null}
              {Object.keys(e.detail).length > 0 ? (
                <details className="inline">
                  <summary className="cursor-pointer hover:text-fg">raw record</summary>
                  <pre className="mt-1 max-h-64 overflow-auto rounded border border-line bg-canvas p-2 font-mono text-xs whitespace-pre-wrap break-words">{JSON.stringify(e.detail, null, 2)}</pre>
                </details>
              ) : null}
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}
