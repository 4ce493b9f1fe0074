import type { Change } from '@/lib/actions/diff';
import { formatChangeValue } from '@/lib/client/action-format';

/**
 * The exact change, one "field: before → after" line per field, as the server's dry run computed it.
 * The same list the requester confirms and the approver approves.
 */
export function ActionDiffList({ changes, className = '' }: { changes: Change[]; className?: string }) {
  if (changes.length === 0) {
    return (
      <p data-testid="action-diff" data-empty="true" className={`rounded-md border border-dashed border-line px-3 py-2 text-sm text-muted ${className}`}>
        No field would change.
      </p>
    );
  }
  return (
    <ul data-testid="action-diff" aria-label="Changes" className={`divide-y divide-line rounded-md border border-line bg-canvas font-mono text-[12.5px] leading-relaxed ${className}`}>
      {changes.map((change) => (
        <li key={change.path} className="px-3 py-1 break-all">
          <span>{change.path}:</span> <span className="text-muted line-through decoration-muted/60">{formatChangeValue(change.before)}</span>
          <span> → </span>
          <span className="font-semibold">{formatChangeValue(change.after)}</span>
        </li>
      ))}
    </ul>
  );
}
