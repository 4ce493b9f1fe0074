import type { PmsPanelReport, PmsVendorTile as Tile } from '@/lib/pms/panel-report';
import { decideTileVerdict, describeBreaker, describeRateLimit, describeTraffic, type TileLine, type TileVerdict } from '@/lib/pms/tile-lines';

// The verdict as a word and a shape as well as a colour.
const verdictStyle: Record<TileVerdict, { glyph: string; word: string; className: string }> = {
  up: { glyph: '✓', word: 'up', className: 'border-sev-ok text-sev-ok-fg' },
  degraded: { glyph: '▲', word: 'degraded', className: 'border-sev-p2 text-fg' },
  failing: { glyph: '▲', word: 'calls failing', className: 'border-sev-p1 text-fg' },
  down: { glyph: '✕', word: 'down', className: 'border-sev-p0 text-sev-p0' },
  unknown: { glyph: '?', word: 'calls unknown', className: 'border-sev-unknown text-sev-unknown-fg' },
};

function Line({ line, testId }: { line: TileLine | null; testId: string }) {
  if (!line) return null;
  return (
    <p data-testid={testId} data-alarm={line.alarm || undefined} className={`mt-1 text-xs ${line.alarm ? 'font-semibold text-fg' : 'text-muted'}`}>
      {line.alarm ? <span aria-label="problem">▲ </span> : null}
      {line.text}
    </p>
  );
}

/** One vendor: its health probe, and what the estate says about it (calls, breaker, rate-limit key). */
export function PmsVendorTile({ vendor, report }: { vendor: Tile; report: PmsPanelReport }) {
  const verdict = decideTileVerdict(vendor, report);
  const style = verdictStyle[verdict];
  const components = vendor.components ?? [];
  return (
    <li data-testid="pms-vendor" data-vendor={vendor.vendor} data-state={vendor.state} data-verdict={verdict} className={`rounded-md border-2 p-3 ${style.className}`}>
      <p className="flex items-center justify-between gap-2">
        <span className="font-semibold text-fg">{vendor.vendor}</span>
        <span className="text-sm font-bold uppercase">
          <span aria-hidden="true">{style.glyph}</span> {style.word}
        </span>
      </p>
      <p className="mt-1 text-xs text-muted">
        health {vendor.state}: {vendor.httpStatus !== null ? `HTTP ${vendor.httpStatus}` : 'no answer'}
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
      <Line testId="pms-vendor-traffic" line={describeTraffic(vendor.traffic, report.trafficError, report.window)} />
      <Line testId="pms-vendor-breaker" line={describeBreaker(report.breaker)} />
      <Line testId="pms-vendor-rate-limit" line={describeRateLimit(vendor.rateLimit)} />
      <p className="mt-1 flex flex-wrap justify-between gap-2 text-[11px] text-muted">
        <span>
          last hour: {vendor.history.filter((h) => h.state !== 'up').length} of {vendor.history.length} probes not up
        </span>
        {vendor.statusPage ? (
          <a href={vendor.statusPage} target="_blank" rel="noopener noreferrer" className="underline">
            {vendor.vendor} status page ↗
          </a>
        ) : null}
      </p>
    </li>
  );
}
