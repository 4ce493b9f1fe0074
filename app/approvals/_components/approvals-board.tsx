'use client';

import { useState } from 'react';
import type { ActionRun } from '@/lib/server/store/schema';
import { describeError } from '@/lib/client/api';
import { useActionRuns } from '@/lib/client/use-action-runs';
import { useNow } from '@/lib/client/use-now';
import { formatClock } from '@/lib/format';
import { Card, CardHeader } from '@/components/ui/card';
import { ApprovalRow } from './approval-row';
import type { DecisionOutcome } from './decision-form';
import { HistoryTable } from './history-table';
import { splitRuns } from './split-runs';

type Props = { initialRuns: ActionRun[]; renderedAt: number; me: string; sectionTitles: Record<string, string>; live: { pollMs: number; staleAfterMs: number } };

/**
 * Pending requests and the history, polled every 5 s so new requests appear. The last decision's outcome
 * stays at the top: its row may already have moved to the history (or vanished) when the answer arrives.
 */
export function ApprovalsBoard({ initialRuns, renderedAt, me, sectionTitles, live }: Props) {
  const { runs, error, updatedAt } = useActionRuns({ runs: initialRuns, renderedAt });
  const now = useNow() ?? renderedAt;
  const [notice, setNotice] = useState<DecisionOutcome | null>(null);
  const { pending, history } = splitRuns(runs, now);

  return (
    <div className="space-y-4">
      {notice ? (
        <p role={notice.ok ? 'status' : 'alert'} data-testid="decision-notice" data-ok={notice.ok} className={`flex items-start gap-1.5 rounded-md border px-3 py-2 text-sm ${notice.ok ? 'border-sev-ok/60' : 'border-sev-p0/60'}`}>
          <span aria-hidden="true">{notice.ok ? '✓' : '✕'}</span>
          <span>{notice.message}</span>
        </p>
      ) : null}
      {error ? (
        <p role="status" className="text-sm text-muted">
          Could not refresh the list ({describeError(error)}); showing it as of {formatClock(updatedAt)}.
        </p>
      ) : null}

      <Card as="section" aria-labelledby="pending-heading">
        <CardHeader id="pending-heading" title={`Waiting for a decision (${pending.length})`} />
        {pending.length === 0 ? (
          <p className="px-4 py-3 text-sm text-muted">Nothing is waiting for approval.</p>
        ) : (
          <ul className="divide-y divide-line">
            {pending.map((run) => (
              <ApprovalRow key={run.id} run={run} sectionTitle={sectionTitles[run.section_id] ?? run.section_id} own={run.requested_by === me} onDecided={setNotice} live={live} />
            ))}
          </ul>
        )}
      </Card>

      <Card as="section" aria-labelledby="history-heading">
        <CardHeader id="history-heading" title="History" />
        <HistoryTable runs={history} sectionTitles={sectionTitles} now={now} />
      </Card>
    </div>
  );
}
