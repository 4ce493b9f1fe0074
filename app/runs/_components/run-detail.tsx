import Link from 'next/link';
import type { Action } from '@/lib/catalog/schema';
import { describeActionTarget, formatParams, parseRunJson, readRunDiff } from '@/lib/client/action-format';
import type { ActionRun } from '@/lib/server/store/schema';
import { ActionDiffList } from '@/components/action-diff-list';
import { RunTracker } from '@/components/run-tracker';
import { Card, CardHeader } from '@/components/ui/card';
import { Icon } from '@/components/ui/icon';

const utc = (at: number | null) => (at === null ? '—' : `${new Date(at).toISOString().replace('T', ' ').slice(0, 19)} UTC`);

/** One run in full: where and what, who asked and decided, the exact change and its warnings, and its state now (live). */
export function RunDetail({ run, sectionTitle, live }: { run: ActionRun; sectionTitle: string; live?: { pollMs: number; staleAfterMs: number } }) {
  const target = describeActionTarget(parseRunJson<Action['target']>(run.target, {}));
  const params = formatParams(parseRunJson<Record<string, unknown>>(run.params, {}));
  const warnings = parseRunJson<string[]>(run.warnings, []);
  return (
    <Card as="article" aria-labelledby="run-heading" data-testid="run-detail" data-run-id={run.id}>
      <CardHeader id="run-heading" title={run.title} level={2} />
      <div className="space-y-3 px-4 py-3">
        <RunTracker runId={run.id} live={live} />
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted">Section</dt>
          <dd>
            <Link href={`/runbooks/${encodeURIComponent(run.section_id)}#step-${encodeURIComponent(run.step_id)}`} className="text-accent hover:underline">
              {sectionTitle}
            </Link>
            {run.section_severity ? <span className="text-muted"> · {run.section_severity} when requested</span> : null}
          </dd>
          <dt className="text-muted">Target</dt>
          <dd className="break-words">{target}</dd>
          {params ? (
            <>
              <dt className="text-muted">Parameters</dt>
              <dd className="font-mono text-[13px] break-words">{params}</dd>
            </>
          ) : null}
          <dt className="text-muted">Requested</dt>
          <dd className="break-words">
            by{' '}
            <Link href={`/audit?actor=${encodeURIComponent(run.requested_by)}`} className="text-accent hover:underline">
              {run.requested_by}
            </Link>{' '}
            ({run.requested_role}) at {utc(run.requested_at)}
            {run.reason ? <> · “{run.reason}”</> : null}
          </dd>
          {run.decided_by ? (
            <>
              <dt className="text-muted">Decided</dt>
              <dd className="break-words">
                {run.status} by {run.decided_by} at {utc(run.decided_at)}
                {run.decision_comment ? <> · “{run.decision_comment}”</> : null}
              </dd>
            </>
          ) : null}
        </dl>
        <div>
          <h3 className="mb-1 text-xs font-semibold tracking-wider text-muted uppercase">The change (server dry run)</h3>
          <ActionDiffList changes={readRunDiff(run.diff)} />
        </div>
        {warnings.length > 0 ? (
          <ul aria-label="Warnings" className="space-y-1">
            {warnings.map((warning) => (
              <li key={warning} className="flex items-start gap-1.5 rounded-md border border-sev-p1/70 px-2 py-1.5 text-sm">
                <Icon name="warning" className="mt-0.5 size-3.5 shrink-0 text-sev-p1" />
                <span>{warning}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Card>
  );
}
