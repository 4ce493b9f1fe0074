'use client';

import { useQuery } from '@tanstack/react-query';
import { postPreview } from '@/lib/client/action-api';
import { parseRunJson, readRunDiff } from '@/lib/client/action-format';
import { describeError } from '@/lib/client/api';
import { compareSinceRequest } from '@/lib/client/since-request';
import { useLiveOverview } from '@/lib/client/use-live-overview';
import type { ActionRun } from '@/lib/server/store/schema';
import type { Severity } from '@/lib/severity/types';
import { describeWhy } from '@/components/describe-status';
import { SeverityBadge } from '@/components/severity-badge';
import { Button } from '@/components/ui/button';
import { Icon } from '@/components/ui/icon';

const severities = new Set(['P0', 'P1', 'P2', 'P3', 'ok', 'unknown']);
const asSeverity = (value: string | null): Severity | null => (value && severities.has(value) ? (value as Severity) : null);

/** The preview's warnings as the requester saw them: the approver approves knowing the same things. */
export function RequestWarnings({ run }: { run: ActionRun }) {
  const warnings = parseRunJson<string[]>(run.warnings, []);
  if (run.warnings === null) return <p className="text-xs text-muted">Warnings were not kept for this request (made before the console kept them).</p>;
  if (warnings.length === 0) return <p data-testid="request-warnings" data-count="0" className="text-xs text-muted">The preview gave no warning.</p>;
  return (
    <ul data-testid="request-warnings" data-count={warnings.length} aria-label="Warnings the requester was shown" className="space-y-1">
      {warnings.map((warning) => (
        <li key={warning} data-testid="request-warning" className="flex items-start gap-1.5 rounded-md border border-sev-p1/70 px-2 py-1.5 text-sm">
          <Icon name="warning" className="mt-0.5 size-3.5 shrink-0 text-sev-p1" />
          <span>{warning}</span>
        </li>
      ))}
    </ul>
  );
}

/** The section's severity when the request was made, and now (live): a request made for a P1 that has since cleared reads differently. */
export function SectionSeverityNow({ run, pollMs, staleAfterMs }: { run: ActionRun; pollMs: number; staleAfterMs: number }) {
  const { live, failure } = useLiveOverview({ pollMs, staleAfterMs });
  const then = asSeverity(run.section_severity);
  const status = live?.sections.find((s) => s.id === run.section_id);
  return (
    <div data-testid="section-severity" data-then={then ?? ''} data-now={status?.severity ?? ''} className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      <span className="flex items-center gap-1.5">
        <span className="text-muted">when requested</span>
        {then ? <SeverityBadge severity={then} size="sm" /> : <span className="text-muted">not recorded</span>}
      </span>
      <span className="flex items-center gap-1.5">
        <span className="text-muted">now</span>
        {status ? <SeverityBadge severity={status.severity} size="sm" /> : <span className="text-sev-unknown-fg">{failure ? `cannot be read (${failure})` : 'reading…'}</span>}
      </span>
      {status ? <span className="basis-full text-xs text-muted">{describeWhy(status)}</span> : null}
    </div>
  );
}

/**
 * What changed since the request: a fresh dry run (as the approver, so it is audited as theirs) compared
 * with the one the request was made on. The approval itself checks again on the server; this says it first.
 */
export function ChangedSinceRequest({ run }: { run: ActionRun }) {
  const params = parseRunJson<Record<string, string | number | string[]>>(run.params, {});
  const query = useQuery({
    queryKey: ['approval-preview', run.id],
    queryFn: ({ signal }) => postPreview({ section: run.section_id, step: run.step_id, params }, signal),
    staleTime: Infinity,
    retry: false,
  });
  const since = query.data ? compareSinceRequest({ changes: readRunDiff(run.diff), warnings: parseRunJson<string[]>(run.warnings, []) }, query.data) : null;
  return (
    <div data-testid="since-request" data-state={query.isPending ? 'checking' : query.error ? 'unknown' : since?.unchanged ? 'unchanged' : 'changed'} className="space-y-1 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <h4 className="text-xs font-semibold tracking-wider text-muted uppercase">Since the request</h4>
        <Button size="sm" variant="ghost" onClick={() => void query.refetch()} disabled={query.isFetching}>
          {query.isFetching ? 'Checking…' : 'Check again'}
        </Button>
      </div>
      {query.isPending ? (
        <p className="text-muted">Making a fresh dry run…</p>
      ) : query.error ? (
        <p className="text-sev-unknown-fg">Cannot tell: the fresh dry run failed ({describeError(query.error)}). Approving checks again on the server.</p>
      ) : since?.unchanged ? (
        <p>
          <span aria-hidden="true">✓ </span>Nothing changed: the object is as the requester saw it, with the same warnings.
        </p>
      ) : since ? (
        <ul className="list-disc space-y-0.5 pl-5">
          {since.moved.map((m) => (
            <li key={m.path}>
              <span className="font-mono text-[12.5px]">{m.path}</span> was {m.then} when requested, is {m.now} now
            </li>
          ))}
          {since.added.map((path) => (
            <li key={path}>
              now also changes <span className="font-mono text-[12.5px]">{path}</span>
            </li>
          ))}
          {since.removed.map((path) => (
            <li key={path}>
              no longer changes <span className="font-mono text-[12.5px]">{path}</span>
            </li>
          ))}
          {since.newWarnings.map((w) => (
            <li key={w}>new warning: {w}</li>
          ))}
          {since.goneWarnings.map((w) => (
            <li key={w}>no longer warned: {w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
