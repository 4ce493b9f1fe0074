'use client';

import { isExpired } from '@/lib/severity/staleness';
import type { SeverityTable } from '@/lib/catalog/load';
import { useLiveOverview } from '@/lib/client/use-live-overview';
import { SectionTile } from './section-tile';
import { PlaceholderTile } from './placeholder-tile';
import { StaleBanner } from '@/components/stale-banner';
import { StatusBar } from './status-bar';
import { TileGroup } from './tile-group';

type Props = {
  pollMs: number;
  staleAfterMs: number;
  severityTable: SeverityTable;
  /** Section ids and titles from the catalog, shown as placeholders until the first answer. */
  placeholders: { id: string; title: string }[];
};

export function OverviewBoard({ pollMs, staleAfterMs, severityTable, placeholders }: Props) {
  const { live, failure, oldestReading } = useLiveOverview({ pollMs, staleAfterMs });
  const sections = live?.sections ?? [];
  // The server marks sections stale when its upstream fails; the browser when the console does.
  const serverStale = sections.find((s) => s.stale)?.stale ?? null;
  const staleReason = failure ?? serverStale?.error ?? null;
  // Firing and unknown sections get large tiles; healthy ones a compact grid below, still live.
  const attention = sections.filter((s) => s.severity !== 'ok');
  const healthy = sections.filter((s) => s.severity === 'ok');

  return (
    <div className="space-y-3">
      <StatusBar counts={live?.counts ?? null} oldestReading={oldestReading} pollMs={pollMs} severityTable={severityTable} stale={staleReason !== null} />
      {staleReason !== null ? (
        <StaleBanner reason={staleReason} since={oldestReading} staleAfterMs={staleAfterMs} fromBrowser={failure !== null} expired={sections.some(isExpired)} />
      ) : null}
      <h1 className="sr-only">Estate overview</h1>
      {live ? (
        <>
          <TileGroup title="Needs attention" count={attention.length} wide>
            {attention.length === 0 ? (
              <p className="col-span-full rounded-lg border border-line bg-surface px-4 py-3 text-sm text-muted">
                <span aria-hidden="true" className="text-sev-ok-fg">✓ </span>No section is firing and every signal can be read.
              </p>
            ) : (
              attention.map((s) => (
                <li key={s.id} className="flex">
                  <SectionTile status={s} briefStale={staleReason !== null} />
                </li>
              ))
            )}
          </TileGroup>
          {healthy.length > 0 ? (
            <TileGroup title="Within thresholds" count={healthy.length}>
              {healthy.map((s) => (
                <li key={s.id} className="flex">
                  <SectionTile status={s} compact briefStale={staleReason !== null} />
                </li>
              ))}
            </TileGroup>
          ) : null}
        </>
      ) : (
        <TileGroup title="Sections" count={placeholders.length} wide>
          {placeholders.map((p) => (
            <li key={p.id} className="flex">
              <PlaceholderTile id={p.id} title={p.title} error={failure} />
            </li>
          ))}
        </TileGroup>
      )}
    </div>
  );
}
