'use client';

import type { Panel } from '@/lib/catalog/schema';
import { decideLivePanelState } from '@/lib/client/live-panel-state';
import { usePmsHealth, type PmsVendorHealthView } from '@/lib/client/use-pms-health';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { LivePanelHeader } from './live-panel-header';
import { PanelReadError, PanelStaleNote } from './live-panel-state';

type PmsPanelDefinition = Extract<Panel, { kind: 'pms-vendors' }>;

// State as a word and a shape as well as a colour.
const stateStyle: Record<string, { glyph: string; className: string }> = {
  up: { glyph: '✓', className: 'border-sev-ok text-sev-ok-fg' },
  degraded: { glyph: '▲', className: 'border-sev-p2 text-fg' },
  down: { glyph: '✕', className: 'border-sev-p0 text-sev-p0' },
};

function VendorTile({ vendor }: { vendor: PmsVendorHealthView }) {
  const style = stateStyle[vendor.state] ?? { glyph: '?', className: 'border-sev-unknown text-sev-unknown-fg' };
  const components = vendor.components ?? [];
  return (
    <li data-testid="pms-vendor" data-vendor={vendor.vendor} data-state={vendor.state} className={`rounded-md border-2 p-3 ${style.className}`}>
      <p className="flex items-center justify-between gap-2">
        <span className="font-semibold text-fg">{vendor.vendor}</span>
        <span className="text-sm font-bold uppercase">
          <span aria-hidden="true">{style.glyph}</span> {vendor.state}
        </span>
      </p>
      <p className="mt-1 text-xs text-muted">
        {vendor.httpStatus !== null ? `HTTP ${vendor.httpStatus}` : 'no answer'}
        {vendor.latencyMs !== null ? ` · ${vendor.latencyMs} ms` : ''}
        {vendor.bodyStatus ? ` · says "${vendor.bodyStatus}"` : ''}
      </p>
      {vendor.error ? <p className="mt-1 text-sm text-fg">{vendor.error}</p> : null}
      {vendor.note ? <p className="mt-1 text-sm text-fg">{vendor.note}</p> : null}
      {components.length > 0 ? (
        <ul className="mt-1 flex flex-wrap gap-1 text-xs text-fg">
          {components.map((c) => (
            <li key={c.name} className="rounded border border-line px-1">
              {c.name}: {c.status}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="mt-1 text-[11px] text-muted">
        last hour: {vendor.history.filter((h) => h.state !== 'up').length} of {vendor.history.length} probes not up
      </p>
    </li>
  );
}

/** Each PMS vendor's health endpoint, probed by the console: up, degraded or down, and why. */
export function PmsVendorsPanel({ panel, pollMs }: { panel: PmsPanelDefinition; pollMs: number }) {
  const { data, error, isPending, receivedAt } = usePmsHealth(pollMs);
  const state = decideLivePanelState({ hasData: data !== undefined, error, isPending });
  const headingId = `panel-${panel.id}-title`;
  return (
    <Card as="section" id={`panel-${panel.id}`} data-testid="pms-vendors-panel" data-state={state} aria-labelledby={headingId} className="min-w-0">
      <LivePanelHeader headingId={headingId} title={panel.title} source={<>health endpoints, probed by the console every {data ? Math.round(data.intervalMs / 1000) : '…'} s</>} generatedAt={data?.generatedAt} pollMs={pollMs} stale={state === 'stale'} />
      {state === 'loading' ? <Skeleton className="m-4 h-20" /> : null}
      {state === 'error' ? <PanelReadError what="the PMS health" message={error ?? 'no answer'} /> : null}
      {data && !data.configured ? <p className="p-4 text-sm text-muted">No PMS health URL is configured (PMS_HEALTH_URLS): vendor health is unknown.</p> : null}
      {data && data.configured ? (
        <ul className={`grid gap-2 p-4 sm:grid-cols-2 xl:grid-cols-3 ${state === 'stale' ? 'opacity-60' : ''}`}>
          {[...data.vendors].sort((a, b) => rank(a.state) - rank(b.state)).map((vendor) => (
            <VendorTile key={vendor.vendor} vendor={vendor} />
          ))}
        </ul>
      ) : null}
      {state === 'stale' && error ? <PanelStaleNote receivedAt={receivedAt} error={error} /> : null}
    </Card>
  );
}

/** Worst first: the failing vendor is the first thing read. */
function rank(state: string): number {
  return state === 'down' ? 0 : state === 'degraded' ? 1 : state === 'up' ? 3 : 2;
}
