'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Action } from '@/lib/catalog/schema';
import { describeActionTarget, formatParams, parseRunJson, readRunMessage } from '@/lib/client/action-format';
import { describeRunOutcome, describeRunVerdict } from '@/lib/client/run-outcome';
import type { ActionRun } from '@/lib/server/store/schema';
import { RelativeTime } from './relative-time';
import { RunOutcomeLabel } from './run-outcome-label';

type Props = {
  runs: ActionRun[];
  now: number;
  /** Section titles by id, when the list spans sections (My requests); a section's own list leaves them out. */
  sectionTitles?: Record<string, string>;
  /** What a row may offer besides its facts (a Cancel button on one's own pending request). */
  renderActions?: (run: ActionRun) => ReactNode;
  /** A section's own list: its level now (its severity card's), said beside the newest verdict. */
  severityNow?: string;
};

/** Runs as a list of who asked for what, when, what became of it and whether the section recovered. */
export function RunList({ runs, now, sectionTitles, renderActions, severityNow }: Props) {
  const newestJudged = runs.find((run) => run.status === 'succeeded' && run.verdict)?.id;
  return (
    <ol className="divide-y divide-line">
      {runs.map((run) => {
        const target = describeActionTarget(parseRunJson<Action['target']>(run.target, {}));
        const params = formatParams(parseRunJson<Record<string, unknown>>(run.params, {}));
        const verdict = describeRunVerdict(run, run.id === newestJudged ? severityNow : undefined);
        const message = readRunMessage(run.result);
        return (
          <li key={run.id} data-testid="run-row" data-run-id={run.id} data-status={run.status} className="space-y-1 px-4 py-2.5 text-sm">
            <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <RunOutcomeLabel outcome={describeRunOutcome(run, now)} />
              {verdict ? (
                <span data-testid="run-verdict">
                  <RunOutcomeLabel outcome={verdict} />
                </span>
              ) : null}
              <Link href={`/runs?id=${encodeURIComponent(run.id)}`} className="font-medium hover:underline">
                {run.title}
              </Link>
            </p>
            <p className="text-xs break-words text-muted">
              {sectionTitles ? `${sectionTitles[run.section_id] ?? run.section_id} · ` : ''}
              {target}
              {params ? ` · ${params}` : ''}
            </p>
            <p className="text-xs text-muted">
              asked by <span className="font-medium text-fg">{run.requested_by}</span> ({run.requested_role}) <RelativeTime at={run.requested_at} suffix=" ago" className="tabular-nums" />
              {run.decided_by ? (
                <>
                  {' · '}
                  {run.status === 'cancelled' ? 'cancelled' : run.status === 'rejected' ? 'rejected' : 'approved'} by <span className="font-medium text-fg">{run.decided_by}</span>
                </>
              ) : null}
              {run.reason ? <span className="block break-words">“{run.reason}”</span> : null}
              {run.decision_comment ? <span className="block break-words">{run.decided_by}: “{run.decision_comment}”</span> : null}
            </p>
            {message ? <p className="text-xs break-words text-muted">{message}</p> : null}
            {renderActions ? renderActions(run) : null}
          </li>
        );
      })}
    </ol>
  );
}
