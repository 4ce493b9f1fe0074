import { RelativeTime } from '@/components/relative-time';
import type { ChainProblem } from '@/lib/audit/chain';

const SHOWN_PROBLEMS = 20;

/** Whether the hash chain holds, as a line of text with a shape (✓ / ✕), for the auditor reading the page. */
export function ChainStatus({ records, problems, checkedAt }: { records: number; problems: ChainProblem[]; checkedAt: number }) {
  if (problems.length === 0) {
    return (
      <p data-testid="chain-status" data-chain="verified" className="inline-flex items-center gap-1.5 rounded-md border border-sev-ok/60 px-2 py-1 text-sm">
        <span aria-hidden="true" className="text-sev-ok-fg">✓</span>
        Chain verified: {records} records
        <span className="text-xs text-muted">
          (checked <RelativeTime at={checkedAt} suffix=" ago" />)
        </span>
      </p>
    );
  }
  const first = problems[0]!;
  return (
    <div data-testid="chain-status" data-chain="broken" role="alert" className="rounded-md border border-sev-p0 bg-sev-p0/10 px-3 py-2 text-sm">
      <p className="flex items-center gap-1.5 font-semibold">
        <span aria-hidden="true" className="text-sev-p0">✕</span>
        Chain BROKEN at record {first.seq}: {first.problem}
      </p>
      {problems.length > 1 ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-muted hover:text-fg">All {problems.length} problems</summary>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs">
            {problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
              <li key={i}>
                record {p.seq}: {p.problem}
              </li>
            ))}
            {problems.length > SHOWN_PROBLEMS ? <li>…and {problems.length - SHOWN_PROBLEMS} more</li> : null}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
