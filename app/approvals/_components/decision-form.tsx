'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { describeActionError, postDecision } from '@/lib/client/action-api';
import { actionQueryKeys } from '@/lib/client/action-query-keys';
import { Button } from '@/components/ui/button';

export type DecisionOutcome = { ok: boolean; message: string };

type Props = { runId: string; title: string; /** The change in words, named by the confirmation. */ change: string; own: boolean; onDecided: (outcome: DecisionOutcome) => void };

/**
 * Approve or reject, with an optional comment. The server decides who may (not the requester, one
 * winner among approvers, not after expiry or a change to the object); its refusal is shown as it says it.
 */
export function DecisionForm({ runId, title, change, own, onDecided }: Props) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Approving runs the change at once: the first press asks to confirm it, by name.
  const [confirming, setConfirming] = useState(false);
  const commentId = `comment-${runId}`;
  const ownId = `own-${runId}`;

  async function decide(decision: 'approve' | 'reject') {
    setSending(decision);
    setError(null);
    try {
      await postDecision(runId, { decision, comment: comment.trim() || null });
      onDecided({ ok: true, message: `${decision === 'approve' ? 'Approved' : 'Rejected'}: ${title}` });
    } catch (failure) {
      const message = describeActionError(failure);
      setError(message);
      onDecided({ ok: false, message: `Not ${decision === 'approve' ? 'approved' : 'rejected'}: ${title}. ${message}` });
    } finally {
      setSending(null);
      setConfirming(false);
      // Decided, or refused because someone else decided or it lapsed: either way the lists are out of date.
      void queryClient.invalidateQueries({ queryKey: actionQueryKeys.all() });
      router.refresh();
    }
  }

  return (
    <div className="space-y-2">
      {own ? (
        <p id={ownId} data-testid="own-request" className="flex items-center gap-1.5 text-sm font-medium">
          <span aria-hidden="true">⊘</span> your request — another approver must decide
        </p>
      ) : (
        <div>
          <label htmlFor={commentId} className="text-sm font-medium">
            Comment <span className="font-normal text-muted">(optional, kept in the audit log)</span>
          </label>
          <textarea id={commentId} maxLength={500} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} className="mt-1 block w-full rounded-md border border-line bg-canvas p-2 text-sm" />
        </div>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" data-testid="approve-button" disabled={own || sending !== null || confirming} aria-describedby={own ? ownId : undefined} onClick={() => setConfirming(true)}>
          Approve…
        </Button>
        <Button data-testid="reject-button" disabled={own || sending !== null} aria-describedby={own ? ownId : undefined} aria-busy={sending === 'reject'} onClick={() => decide('reject')}>
          {sending === 'reject' ? 'Rejecting…' : 'Reject'}
        </Button>
      </div>
      {confirming ? (
        <div role="group" aria-label="Confirm the approval" data-testid="approve-confirm" className="space-y-2 rounded-md border border-accent/70 bg-surface-2 p-3 text-sm">
          <p>
            Approve and run now: <strong>{title}</strong> — {change}?
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="primary" className="h-auto min-h-7 py-1 text-left" data-testid="approve-confirm-button" disabled={sending !== null} aria-busy={sending === 'approve'} onClick={() => decide('approve')}>
              {sending === 'approve' ? 'Approving…' : `Yes, approve: ${change}`}
            </Button>
            <Button variant="ghost" disabled={sending !== null} onClick={() => setConfirming(false)}>
              Back
            </Button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p role="alert" data-testid="decision-error" className="flex items-start gap-1.5 text-sm">
          <span aria-hidden="true" className="text-sev-p0">✕</span>
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}
