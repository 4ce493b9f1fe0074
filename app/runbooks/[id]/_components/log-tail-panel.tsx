'use client';

import type { LogsResponse } from '@/lib/api/workloads-types';
import type { Panel } from '@/lib/catalog/schema';
import { decideLivePanelState } from '@/lib/client/live-panel-state';
import { useLogTail } from '@/lib/client/use-live-workloads';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { LivePanelHeader } from './live-panel-header';
import { PanelReadError, PanelStaleNote } from './live-panel-state';
import { LogLines, LogPodList } from './log-tail-parts';

type LogsPanelDefinition = Extract<Panel, { kind: 'logs' }>;
type Props = { sectionId: string; panel: LogsPanelDefinition; pollMs: number };
/** Whether this person may read logs, and the least role that may (both from the permission table). */
export type LogAccess = { allowed: boolean; neededRole: string };

function describeSource(panel: LogsPanelDefinition) {
  return (
    <>
      Kubernetes · namespace {panel.namespace} · <code className="font-mono">{panel.selector}</code> · last {panel.tailLines} lines per pod
      {panel.filter ? <> · filter <code data-testid="log-filter" className="font-mono">/{panel.filter}/i</code></> : null}
    </>
  );
}

function LogSummary({ data }: { data: LogsResponse }) {
  const podCount = data.pods.length + data.podsNotRead.length;
  return (
    <p className="mt-0.5 text-xs text-muted">
      <span data-testid="log-masked-note" className="font-medium">Masked:</span> guests&apos; e-mail addresses, phone numbers and card numbers are replaced before the lines leave the server.
      {data.linesOmitted > 0 ? ` Showing the newest ${data.lines.length} of ${data.lines.length + data.linesOmitted} matching lines.` : ''}
      {data.podsNotRead.length > 0 ? ` ${data.pods.length} of ${podCount} pods read.` : ''}
      {data.sortedByTime ? '' : ' The lines carry no timestamps: shown pod by pod.'}
    </p>
  );
}

function LiveLogTail({ sectionId, panel, pollMs }: Props) {
  const { data, error, isPending, receivedAt } = useLogTail({ id: sectionId, panelId: panel.id, pollMs });
  const state = decideLivePanelState({ hasData: data !== undefined, error, isPending });
  const headingId = `panel-${panel.id}-title`;
  return (
    <Card as="section" id={`panel-${panel.id}`} data-testid="log-panel" data-panel-id={panel.id} data-access="allowed" data-state={state} aria-labelledby={headingId} aria-busy={state === 'loading'} className="min-w-0">
      <LivePanelHeader headingId={headingId} title={panel.title} source={describeSource(panel)} generatedAt={data?.generatedAt} pollMs={pollMs} stale={state === 'stale'}>
        {data ? <LogSummary data={data} /> : null}
      </LivePanelHeader>
      {state === 'loading' ? <Skeleton className="m-4 h-40" /> : null}
      {state === 'error' ? <PanelReadError what="the log tail" message={error ?? 'no answer'} /> : null}
      {data ? (
        <div className={state === 'stale' ? 'opacity-60' : ''}>
          {data.filterError ? <p role="alert" className="border-b border-line px-4 py-1.5 text-xs text-sev-unknown-fg">{data.filterError}; showing the lines unfiltered.</p> : null}
          <LogPodList pods={data.pods} notRead={data.podsNotRead} />
          <LogLines data={data} />
        </div>
      ) : null}
      {state === 'stale' && error ? <PanelStaleNote receivedAt={receivedAt} error={error} /> : null}
    </Card>
  );
}

/**
 * A log tail panel. A role without logs.read is told which role it needs, and nothing is requested
 * (the API would refuse it anyway: that refusal is the control, this is only the explanation).
 */
export function LogTailPanel({ access, ...props }: Props & { access: LogAccess }) {
  if (access.allowed) return <LiveLogTail {...props} />;
  const { panel } = props;
  const headingId = `panel-${panel.id}-title`;
  return (
    <Card as="section" id={`panel-${panel.id}`} data-testid="log-panel" data-panel-id={panel.id} data-access="denied" aria-labelledby={headingId} className="min-w-0">
      <LivePanelHeader headingId={headingId} title={panel.title} source={describeSource(panel)} generatedAt={undefined} pollMs={props.pollMs} stale={false} />
      <p className="px-4 py-3 text-sm text-muted">
        Log tails need the {access.neededRole} role. The runbook&apos;s command for this check is in the diagnosis list.
      </p>
    </Card>
  );
}
