'use client';

import type { Panel } from '@/lib/catalog/schema';
import { decideLivePanelState } from '@/lib/client/live-panel-state';
import { usePmsPanel } from '@/lib/client/use-pms-panel';
import { decideTileVerdict, verdictRank } from '@/lib/pms/tile-lines';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { LivePanelHeader } from './live-panel-header';
import { PanelReadError, PanelStaleNote } from './live-panel-state';
import { PmsVendorTile } from './pms-vendor-tile';

type PmsPanelDefinition = Extract<Panel, { kind: 'pms-vendors' }>;

/** Each PMS vendor's health endpoint, probed by the console (up, degraded or down, and why), with its calls, breaker and rate limit. */
export function PmsVendorsPanel({ sectionId, panel, pollMs }: { sectionId: string; panel: PmsPanelDefinition; pollMs: number }) {
  const { data, error, isPending, receivedAt } = usePmsPanel(sectionId, panel.id, pollMs);
  const state = decideLivePanelState({ hasData: data !== undefined, error, isPending });
  const headingId = `panel-${panel.id}-title`;
  return (
    <Card as="section" id={`panel-${panel.id}`} data-testid="pms-vendors-panel" data-state={state} aria-labelledby={headingId} className="min-w-0">
      <LivePanelHeader headingId={headingId} title={panel.title} source={<>health endpoints probed by the console every {data ? Math.round(data.intervalMs / 1000) : '…'} s · calls from Prometheus · rate-limit keys from Redis</>} generatedAt={data?.generatedAt} pollMs={pollMs} stale={state === 'stale'} />
      {state === 'loading' ? <Skeleton className="m-4 h-20" /> : null}
      {state === 'error' ? <PanelReadError what="the PMS health" message={error ?? 'no answer'} /> : null}
      {data && !data.configured ? <p className="p-4 text-sm text-muted">No PMS health URL is configured (PMS_HEALTH_URLS): vendor health is unknown.</p> : null}
      {data && data.configured ? (
        <ul className={`grid gap-2 p-4 sm:grid-cols-2 xl:grid-cols-3 ${state === 'stale' ? 'opacity-60' : ''}`}>
          {[...data.vendors].sort((a, b) => verdictRank[decideTileVerdict(a, data)] - verdictRank[decideTileVerdict(b, data)]).map((vendor) => (
            <PmsVendorTile key={vendor.vendor} vendor={vendor} report={data} />
          ))}
        </ul>
      ) : null}
      {state === 'stale' && error ? <PanelStaleNote receivedAt={receivedAt} error={error} /> : null}
    </Card>
  );
}
