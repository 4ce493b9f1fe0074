'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeActionError, postCancellation, type ActionRun } from '@/lib/client/action-api';
import { actionQueryKeys } from '@/lib/client/action-query-keys';
import { describeError } from '@/lib/client/api';
import { isAwaitingDecision } from '@/lib/client/run-outcome';
import { useNow } from '@/lib/client/use-now';
import { useRunList } from '@/lib/client/use-run-list';
import { RunList } from '@/components/run-list';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';

/** Cancel, then a confirmation naming the request (and a word why, for the approvers and the audit log). */
function CancelControl({ run }: { run: ActionRun }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState('');
  const cancel = useMutation({
    mutationFn: () => postCancellation(run.id, comment.trim() || null),
    onSettled: () => queryClient.invalidateQueries({ queryKey: actionQueryKeys.all() }),
  });
  if (!asking) {
    return (
      <Button size="sm" onClick={() => setAsking(true)} aria-label={`Cancel request: ${run.title}`}>
        Cancel request…
      </Button>
    );
  }
  return (
    <form
      data-testid="cancel-form"
      className="space-y-2 rounded-md border border-line bg-surface-2 p-3"
      onSubmit={(event) => {
        event.preventDefault();
        cancel.mutate();
      }}
    >
      <p className="text-sm font-medium">Cancel “{run.title}”? It will not run, and the approvers will no longer see it as waiting.</p>
      <label className="block text-xs text-muted">
        Why (optional, kept in the audit log)
        <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} className="mt-1 block w-full rounded border border-line bg-surface px-2 py-1 text-sm text-fg" />
      </label>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" variant="primary" className="h-auto min-h-7 py-1" disabled={cancel.isPending} aria-busy={cancel.isPending}>
          {cancel.isPending ? 'Cancelling…' : `Yes, cancel “${run.title}”`}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => setAsking(false)} disabled={cancel.isPending}>
          Keep it
        </Button>
      </div>
      {cancel.error ? (
        <p role="alert" className="text-xs text-sev-p0">
          {describeActionError(cancel.error)}
        </p>
      ) : null}
    </form>
  );
}

/** The signed-in person's runs: waiting ones first (cancellable), then the rest, newest first. */
export function MyRequests({ sectionTitles, mayCancel, mayRequest }: { sectionTitles: Record<string, string>; mayCancel: boolean; mayRequest: boolean }) {
  const { runs, error, updatedAt } = useRunList({ mine: true });
  const now = useNow() ?? updatedAt;
  if (runs === undefined) {
    return error ? <p className="text-sm text-sev-unknown-fg">Your requests cannot be read: {describeError(error)}</p> : <Skeleton className="h-24 w-full" />;
  }
  const waiting = runs.filter((run) => isAwaitingDecision(run, now));
  const others = runs.filter((run) => !isAwaitingDecision(run, now));
  return (
    <div className="space-y-4">
      <Card as="section" aria-labelledby="waiting-heading" data-testid="my-waiting">
        <CardHeader id="waiting-heading" title={`Waiting for an approver (${waiting.length})`} />
        {waiting.length === 0 ? (
          <p className="px-4 py-3 text-sm text-muted">{mayRequest ? 'None of your requests is waiting.' : 'Your role cannot ask for changes, so nothing of yours waits here.'}</p>
        ) : (
          <RunList runs={waiting} now={now} sectionTitles={sectionTitles} renderActions={mayCancel ? (run) => <CancelControl run={run} /> : undefined} />
        )}
      </Card>
      <Card as="section" aria-labelledby="done-heading" data-testid="my-history">
        <CardHeader id="done-heading" title="Decided, run or withdrawn" />
        {others.length === 0 ? <p className="px-4 py-3 text-sm text-muted">Nothing yet.</p> : <RunList runs={others} now={now} sectionTitles={sectionTitles} />}
      </Card>
      {error ? <p className="text-xs text-sev-unknown-fg">Last refresh failed ({describeError(error)}); trying again.</p> : null}
    </div>
  );
}
