'use client';

import type { Panel } from '@/lib/catalog/schema';
import { decideLivePanelState } from '@/lib/client/live-panel-state';
import { useWorkloads } from '@/lib/client/use-live-workloads';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { DeploymentTable } from './deployment-table';
import { LivePanelHeader } from './live-panel-header';
import { PanelReadError, PanelStaleNote } from './live-panel-state';
import { PodTable } from './pod-table';
import { WarningEventList } from './warning-event-list';

type WorkloadsPanelDefinition = Extract<Panel, { kind: 'workloads' }>;

/** A workloads panel, live: deployments and their rollouts, pods, warning events, usage when served. */
export function WorkloadsPanel({ sectionId, panel, pollMs }: { sectionId: string; panel: WorkloadsPanelDefinition; pollMs: number }) {
  const { data, error, isPending, receivedAt } = useWorkloads({ id: sectionId, panelId: panel.id, pollMs });
  const state = decideLivePanelState({ hasData: data !== undefined, error, isPending });
  const headingId = `panel-${panel.id}-title`;
  return (
    <Card as="section" id={`panel-${panel.id}`} data-testid="workloads-panel" data-panel-id={panel.id} data-state={state} aria-labelledby={headingId} aria-busy={state === 'loading'} className="min-w-0">
      <LivePanelHeader
        headingId={headingId}
        title={panel.title}
        source={<>Kubernetes · namespace {panel.namespace} · <code className="font-mono">{panel.selector}</code></>}
        generatedAt={data?.generatedAt}
        pollMs={pollMs}
        stale={state === 'stale'}
      />
      {state === 'loading' ? (
        <div className="space-y-2 p-4">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-24 w-full" />
        </div>
      ) : null}
      {state === 'error' ? <PanelReadError what="the workloads" message={error ?? 'no answer'} /> : null}
      {data ? (
        <div className={state === 'stale' ? 'opacity-60' : ''}>
          <DeploymentTable deployments={data.deployments} selector={data.selector} />
          <PodTable pods={data.pods} metrics={data.metrics} selector={data.selector} />
          <WarningEventList events={data.events} omitted={data.eventsOmitted} />
        </div>
      ) : null}
      {state === 'stale' && error ? <PanelStaleNote receivedAt={receivedAt} error={error} /> : null}
    </Card>
  );
}
