'use client';

import dynamic from 'next/dynamic';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Action } from '@/lib/catalog/schema';
import { useLiveSection } from '@/lib/client/use-live-section';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { suggestParamValues } from './param-suggestions';
import { RunTracker } from '@/components/run-tracker';

// The request form checks its inputs with the server's zod schema (~30 kB gzip): a chunk of its own, fetched
// when someone points at or focuses a button they may press, or at the latest when its dialog opens. A viewer,
// or anyone reading the page, never downloads it.
const loadActionRequestForm = () => import('./action-request-form');
const ActionRequestForm = dynamic(() => loadActionRequestForm().then((m) => m.ActionRequestForm), {
  ssr: false,
  loading: () => <Skeleton className="h-24 w-full" />,
});

type Props = {
  sectionId: string;
  step: { id: string; title: string };
  action: Action;
  /** Decided on the server from the person's role; a disabled button says which role it needs. */
  enabled: boolean;
  note: string | null;
  live: { pollMs: number; staleAfterMs: number };
};

/**
 * A remediation button, its dialog (preview → confirm → follow the run) and, once the dialog is closed,
 * the run's state under the step. Escape or Cancel closes the dialog; the run goes on without it.
 */
export function ActionButton({ sectionId, step, action, enabled, note, live }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const trackerRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [session, setSession] = useState(0);
  const [run, setRun] = useState<{ id: string; session: number } | null>(null);
  // The same query as the page's severity card: no extra request, and the reason box follows the live level.
  const { status } = useLiveSection({ id: sectionId, ...live });
  // The choice the live state points to (the open breaker), preselected in the dialog (issue 15 point 12).
  const suggestions = useMemo(() => suggestParamValues(action, status), [action, status]);
  const titleId = `action-${step.id}-title`;
  const noteId = `action-${step.id}-note`;
  const buttonId = `action-${step.id}-button`;
  const tracking = open && run?.session === session;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (open && dialog && !dialog.open) dialog.showModal();
  }, [open]);

  useEffect(() => {
    if (tracking) trackerRef.current?.focus();
  }, [tracking]);

  function openDialog() {
    setSession((n) => n + 1);
    setOpen(true);
  }

  // Fetching the form's chunk early makes the dialog open with the form, not a placeholder (a failure here is
  // retried by the dialog's own load).
  function warmForm() {
    if (enabled) loadActionRequestForm().catch(() => undefined);
  }

  const closeDialog = () => dialogRef.current?.close();

  return (
    <div className="mt-2 space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button id={buttonId} variant="primary" data-testid="action-button" data-step-id={step.id} disabled={!enabled} aria-describedby={note ? noteId : undefined} aria-haspopup="dialog" onClick={openDialog} onPointerEnter={warmForm} onFocus={warmForm}>
          {step.title}
        </Button>
        {note ? (
          <span id={noteId} className="text-xs text-muted">
            {note}
          </span>
        ) : null}
      </div>
      {run && !open ? <RunTracker runId={run.id} live={live} /> : null}
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        onClose={() => {
          setOpen(false);
          // Back to the button that opened it, so a keyboard user carries on where they were.
          document.getElementById(buttonId)?.focus();
        }}
        className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-black/50"
      >
        {open ? (
          <div className="max-h-[85vh] overflow-y-auto">
            <div className="flex items-start justify-between gap-3 border-b border-line px-4 py-3">
              <h2 id={titleId} className="text-base font-semibold">
                {step.title}
              </h2>
              <Button variant="ghost" size="sm" aria-label="Close" onClick={closeDialog}>
                ✕
              </Button>
            </div>
            <div className="px-4 py-3">
              {tracking && run ? (
                <div className="space-y-3">
                  <RunTracker runId={run.id} focusRef={trackerRef} live={live} />
                  <div className="flex justify-end border-t border-line pt-3">
                    <Button onClick={closeDialog}>Close</Button>
                  </div>
                </div>
              ) : (
                <ActionRequestForm key={session} sectionId={sectionId} stepId={step.id} action={action} severity={status?.severity ?? 'unknown'} onRequested={(id) => setRun({ id, session })} onCancel={closeDialog} suggestions={suggestions} />
              )}
            </div>
          </div>
        ) : null}
      </dialog>
    </div>
  );
}
