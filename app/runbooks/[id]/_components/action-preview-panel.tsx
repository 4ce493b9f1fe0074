'use client';

import { describeActionError, type ActionPreview } from '@/lib/client/action-api';
import { ActionDiffList } from '@/components/action-diff-list';
import { Button } from '@/components/ui/button';
import { Icon } from '@/components/ui/icon';

type Props = { preview: ActionPreview | null; previous: ActionPreview | null; loading: boolean; error: unknown; waitingForParams: boolean; onPreviewAgain: () => void };

/** What confirming would change, as the server's dry run says: the target, each field, and what to know first. */
export function ActionPreviewPanel({ preview, previous, loading, error, waitingForParams, onPreviewAgain }: Props) {
  if (error) {
    return (
      <div role="alert" data-testid="preview-error" className="rounded-md border border-sev-p0/60 p-3 text-sm">
        <p className="flex items-start gap-1.5 font-medium">
          <span aria-hidden="true" className="text-sev-p0">✕</span>
          No preview: {describeActionError(error)}
        </p>
        <Button size="sm" className="mt-2" onClick={onPreviewAgain}>
          Preview again
        </Button>
      </div>
    );
  }
  if (waitingForParams) return <p className="text-sm text-muted">Choose the parameters to see what would change.</p>;
  const shown = preview ?? previous;
  return (
    <div aria-busy={loading} data-testid="action-preview" className={`space-y-2 ${loading ? 'opacity-60' : ''}`}>
      {loading ? (
        <p role="status" className="flex items-center gap-1.5 text-sm text-muted">
          <Icon name="refresh" className="size-3.5 motion-safe:animate-spin" /> Asking the server for a dry run…
        </p>
      ) : null}
      {shown ? (
        <>
          <p className="text-sm">
            <span className="text-muted">Target: </span>
            <span data-testid="action-target" className="font-medium">{shown.target}</span>
          </p>
          <ActionDiffList changes={shown.changes} />
          {shown.warnings.length > 0 ? (
            <ul aria-label="Warnings" className="space-y-1">
              {shown.warnings.map((warning) => (
                <li key={warning} data-testid="action-warning" className="flex items-start gap-1.5 rounded-md border border-sev-p1/70 px-2 py-1.5 text-sm">
                  <Icon name="warning" className="mt-0.5 size-3.5 text-sev-p1" />
                  <span>{warning}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {shown.followUps && shown.followUps.length > 0 ? (
            <p data-testid="action-follow-ups" className="text-sm">
              <span className="text-muted">Takes effect after a restart: </span>
              {shown.followUps.map((f, i) => (
                <span key={f.stepId}>
                  {i > 0 ? ', ' : ''}
                  <a href={`#step-${f.stepId}`} className="font-medium text-accent underline underline-offset-2">
                    {f.title}
                  </a>
                </span>
              ))}{' '}
              <span className="text-muted">(its button, on this page)</span>
            </p>
          ) : null}
          {shown.nothingToChange ? (
            <p role="alert" data-testid="nothing-to-change" className="flex items-start gap-1.5 rounded-md border border-line px-2 py-1.5 text-sm font-medium">
              <span aria-hidden="true">⊘</span>
              <span>{shown.nothingToChange} There is nothing to confirm.</span>
            </p>
          ) : null}
          {shown.needsApproval ? (
            <p data-testid="needs-approval" className="flex items-center gap-1.5 text-sm font-medium">
              <span aria-hidden="true">◷</span> Needs approval by a second person
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
