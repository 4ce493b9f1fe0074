'use client';

import Link from 'next/link';
import type { ActionRun } from '@/lib/server/store/schema';
import { ActionDiffList } from '@/components/action-diff-list';
import { ChangedSinceRequest, RequestWarnings, SectionSeverityNow } from './approval-context';
import { DecisionForm, type DecisionOutcome } from './decision-form';
import { ExpiresIn, RequestedAt } from './request-times';
import { summarizeRun } from './run-summary';
import { nameChange } from '@/lib/client/since-request';
import { MaintenanceWarning } from '@/components/maintenance-warning';

type Props = { run: ActionRun; sectionTitle: string; own: boolean; onDecided: (outcome: DecisionOutcome) => void; live: { pollMs: number; staleAfterMs: number } };

/**
 * One request waiting for a second person: what, where, who and why, the exact change with the warnings
 * the requester was shown, the section's severity then and now, what changed since, and the decision.
 */
export function ApprovalRow({ run, sectionTitle, own, onDecided, live }: Props) {
  const summary = summarizeRun(run);
  const headingId = `request-${run.id}`;
  return (
    <li>
      <article data-testid="approval-row" data-run-id={run.id} aria-labelledby={headingId} className="grid gap-4 px-4 py-4 lg:grid-cols-[minmax(0,1fr)_minmax(260px,360px)]">
        <div className="min-w-0 space-y-3">
          <div>
            <h3 id={headingId} className="text-base font-semibold">{run.title}</h3>
            <p className="text-sm text-muted">
              <Link href={`/runbooks/${encodeURIComponent(run.section_id)}#step-${encodeURIComponent(run.step_id)}`} className="text-accent hover:underline">
                {sectionTitle}
              </Link>
            </p>
          </div>
          <MaintenanceWarning sectionId={run.section_id} />
          <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
            <dt className="text-muted">Target</dt>
            <dd className="break-words">{summary.target}</dd>
            {summary.params ? (
              <>
                <dt className="text-muted">Parameters</dt>
                <dd className="font-mono text-[13px] break-words">{summary.params}</dd>
              </>
            ) : null}
            <dt className="text-muted">Requested by</dt>
            <dd>
              {run.requested_by} <span className="text-muted">({run.requested_role})</span>
            </dd>
            <dt className="text-muted">Reason</dt>
            <dd className="break-words">{run.reason ?? <span className="text-muted">none given</span>}</dd>
            <dt className="text-muted">Requested</dt>
            <dd>
              <RequestedAt at={run.requested_at} />
            </dd>
            {run.temporary_minutes ? (
              <>
                <dt className="text-muted">Lasts</dt>
                <dd data-testid="request-duration">
                  {run.temporary_minutes} minutes, then the console sets the previous values back
                </dd>
              </>
            ) : null}
            <dt className="text-muted">Expires</dt>
            <dd>{run.expires_at === null ? <span className="text-muted">never</span> : <ExpiresIn at={run.expires_at} />}</dd>
            <dt className="text-muted">Section</dt>
            <dd>
              <SectionSeverityNow run={run} {...live} />
            </dd>
          </dl>
          <div>
            <h4 className="mb-1 text-xs font-semibold tracking-wider text-muted uppercase">The change (server dry run)</h4>
            <ActionDiffList changes={summary.diff} />
            <div className="mt-2">
              <RequestWarnings run={run} />
            </div>
          </div>
          <ChangedSinceRequest run={run} />
        </div>
        <DecisionForm runId={run.id} title={run.title} change={nameChange(summary.diff, summary.target)} own={own} onDecided={onDecided} />
      </article>
    </li>
  );
}
