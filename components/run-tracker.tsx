'use client';

import type { Ref } from 'react';
import { describeError } from '@/lib/client/api';
import { describeRunStatus, type RunTone } from '@/lib/client/run-status';
import { useNow } from '@/lib/client/use-now';
import { useRunStatus } from '@/lib/client/use-run-status';

const tones: Record<RunTone, string> = {
  wait: 'border-line',
  busy: 'border-accent/60',
  good: 'border-sev-ok/70 text-sev-ok-fg',
  bad: 'border-sev-p0/60',
};

/**
 * A requested run followed to its end: approval, execution, rollout, and whether the section recovered.
 * A live region, so the changes are announced; each state has its own words and glyph, never colour alone.
 */
export function RunTracker({ runId, focusRef }: { runId: string; focusRef?: Ref<HTMLDivElement> }) {
  const query = useRunStatus(runId);
  const now = useNow();
  const problem = query.error ?? query.failureReason;

  if (!query.data) {
    return (
      <div ref={focusRef} tabIndex={-1} role="status" data-testid="run-status" data-state="loading" data-run-id={runId} className="rounded-md border border-line px-3 py-2 text-sm">
        {problem ? `Requested; its state cannot be read yet: ${describeError(problem)}` : 'Requested. Reading its state…'}
      </div>
    );
  }

  const view = describeRunStatus(query.data, now ?? query.dataUpdatedAt);
  return (
    <div ref={focusRef} tabIndex={-1} role="status" data-testid="run-status" data-state={view.state} data-run-id={runId} className={`rounded-md border border-l-4 px-3 py-2 text-sm ${tones[view.tone]}`}>
      <p className="flex items-start gap-1.5 font-semibold text-fg">
        {view.glyph ? <span aria-hidden="true">{view.glyph}</span> : null}
        <span>{view.text}</span>
      </p>
      {view.detail ? <p className="mt-0.5 text-muted">{view.detail}</p> : null}
      {problem ? <p className="mt-0.5 text-xs text-muted">Last refresh failed ({describeError(problem)}); trying again.</p> : null}
    </div>
  );
}
