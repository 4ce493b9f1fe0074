'use client';

import type { Ref } from 'react';
import { describeError } from '@/lib/client/api';
import { describeRunStatus, type RunTone } from '@/lib/client/run-status';
import { useLiveSection } from '@/lib/client/use-live-section';
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
export function RunTracker({ runId, focusRef, live }: { runId: string; focusRef?: Ref<HTMLDivElement>; live?: { pollMs: number; staleAfterMs: number } }) {
  const query = useRunStatus(runId);
  const now = useNow();
  // The section's level from the very query its severity card polls (shared, no second request on its page):
  // the run's words follow the card after the run itself stopped changing (issue 15 point 3).
  const sectionId = query.data?.run.section_id ?? '';
  const section = useLiveSection({ id: sectionId, pollMs: live?.pollMs ?? 0, staleAfterMs: live?.staleAfterMs ?? 0, enabled: Boolean(live && sectionId) });
  const severityNow = live ? section.status?.severity : undefined;
  const problem = query.error ?? query.failureReason;

  if (!query.data) {
    return (
      <div ref={focusRef} tabIndex={-1} role="status" data-testid="run-status" data-state="loading" data-run-id={runId} className="rounded-md border border-line px-3 py-2 text-sm">
        {problem ? `Requested; its state cannot be read yet: ${describeError(problem)}` : 'Requested. Reading its state…'}
      </div>
    );
  }

  const view = describeRunStatus(query.data, now ?? query.dataUpdatedAt, severityNow);
  return (
    <div ref={focusRef} tabIndex={-1} role="status" data-testid="run-status" data-state={view.state} data-severity-now={severityNow ?? ('severity' in query.data.verification ? query.data.verification.severity : undefined)} data-run-id={runId} className={`rounded-md border border-l-4 px-3 py-2 text-sm ${tones[view.tone]}`}>
      <p className="flex items-start gap-1.5 font-semibold text-fg">
        {view.glyph ? <span aria-hidden="true">{view.glyph}</span> : null}
        <span>{view.text}</span>
      </p>
      {view.detail ? <p className="mt-0.5 text-muted">{view.detail}</p> : null}
      {problem ? <p className="mt-0.5 text-xs text-muted">Last refresh failed ({describeError(problem)}); trying again.</p> : null}
    </div>
  );
}
