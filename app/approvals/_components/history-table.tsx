'use client';

import type { ActionRun } from '@/lib/server/store/schema';
import { RelativeTime } from '@/components/relative-time';
import { RunOutcomeLabel } from '@/components/run-outcome-label';
import { summarizeRun } from './run-summary';
import { describeRunOutcome } from './split-runs';

type Props = { runs: ActionRun[]; sectionTitles: Record<string, string>; now: number };

/** What became of recent requests and runs: who asked, who decided, and how it ended. */
export function HistoryTable({ runs, sectionTitles, now }: Props) {
  if (runs.length === 0) return <p className="px-4 py-3 text-sm text-muted">No decided or executed requests yet.</p>;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Outcome</th>
            <th scope="col" className="px-2 py-2 font-medium">Action</th>
            <th scope="col" className="px-2 py-2 font-medium">Requested by</th>
            <th scope="col" className="px-2 py-2 font-medium">Decided by</th>
            <th scope="col" className="px-4 py-2 font-medium">When</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {runs.map((run) => {
            const summary = summarizeRun(run);
            return (
              <tr key={run.id} data-testid="history-row" data-run-id={run.id} className="align-top">
                <td className="px-4 py-2">
                  <RunOutcomeLabel outcome={describeRunOutcome(run, now)} />
                  {summary.message ? <p className="mt-1 max-w-xs text-xs break-words text-muted">{summary.message}</p> : null}
                </td>
                <td className="px-2 py-2">
                  <p className="font-medium">{run.title}</p>
                  <p className="text-xs text-muted">
                    {sectionTitles[run.section_id] ?? run.section_id} · {summary.target}
                    {summary.params ? ` · ${summary.params}` : ''}
                  </p>
                </td>
                <td className="px-2 py-2">
                  {run.requested_by} <span className="text-muted">({run.requested_role})</span>
                  {run.reason ? <p className="max-w-xs text-xs break-words text-muted">“{run.reason}”</p> : null}
                </td>
                <td className="px-2 py-2">
                  {run.decided_by ?? <span className="text-muted">{run.needs_approval ? '—' : 'no approval needed'}</span>}
                  {run.decision_comment ? <p className="max-w-xs text-xs break-words text-muted">“{run.decision_comment}”</p> : null}
                </td>
                <td className="px-4 py-2 whitespace-nowrap">
                  <RelativeTime at={run.updated_at} suffix=" ago" className="tabular-nums" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
