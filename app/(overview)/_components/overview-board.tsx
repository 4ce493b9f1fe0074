'use client';

import { isExpired } from '@/lib/severity/staleness';
import type { SeverityTable } from '@/lib/catalog/load';
import { useLiveOverview } from '@/lib/client/use-live-overview';
import { SectionTile } from './section-tile';
import { PlaceholderTile } from './placeholder-tile';
import { StaleBanner } from '@/components/stale-banner';
import { StatusBar } from './status-bar';
import { TileGroup } from './tile-group';
import { useAlerts } from '@/lib/client/use-alerts';
import { useNow } from '@/lib/client/use-now';
import { groupByArea, isFiltering, matchesFilters, matchesSearch } from '@/lib/overview/filters';
import type { SectionStatus } from '@/lib/severity/section-status';
import { OverviewFilterBar } from './overview-filters';
import { AckMarker, type TileMaintenance } from './tile-markers';
import { useOverviewFilters } from './use-overview-filters';

type Props = {
  pollMs: number;
  staleAfterMs: number;
  severityTable: SeverityTable;
  /** Section ids and titles from the catalog, shown as placeholders until the first answer. */
  placeholders: { id: string; title: string }[];
  /** Each section's area from the catalog (search and grouping), and the areas in catalog order. */
  areas: Record<string, string>;
  areaOrder: string[];
  /** Sections in a maintenance window, by section id, besides the window the live answer carries per section. */
  maintenance?: Record<string, TileMaintenance>;
};

export function OverviewBoard({ pollMs, staleAfterMs, severityTable, placeholders, areas, areaOrder, maintenance = {} }: Props) {
  const { live, failure, oldestReading, streaming } = useLiveOverview({ pollMs, staleAfterMs });
  const [filters, setFilters] = useOverviewFilters();
  // Acknowledged alerts mark their tiles; while the alerts cannot be read there is simply no marker.
  const alerts = useAlerts(pollMs);
  const now = useNow();
  const allSections = live?.sections ?? [];
  const sections = allSections.filter((s) => matchesFilters(s, areas[s.id], filters));
  const filtering = isFiltering(filters);
  // The server marks sections stale when its upstream fails; the browser when the console does.
  const serverStale = allSections.find((s) => s.stale)?.stale ?? null;
  const staleReason = failure ?? serverStale?.error ?? null;
  // Firing and unknown sections get large tiles; healthy ones a compact grid below, still live.
  const attention = sections.filter((s) => s.severity !== 'ok');
  const healthy = sections.filter((s) => s.severity === 'ok');
  const tile = (s: SectionStatus, compact: boolean) => (
    <li key={s.id} className="flex">
      <SectionTile
        status={s}
        compact={compact}
        briefStale={staleReason !== null}
        markers={<AckMarker alerts={alerts.data?.bySection[s.id]} now={now} />}
        maintenance={s.maintenance ?? maintenance[s.id] ?? null}
      />
    </li>
  );

  return (
    // data-feed: where the data come from (the stream, or polls as its fallback), for whoever debugs a screen.
    <div className="space-y-3" data-feed={streaming ? 'stream' : 'poll'}>
      <StatusBar counts={live?.counts ?? null} oldestReading={oldestReading} pollMs={pollMs} severityTable={severityTable} stale={staleReason !== null} />
      {staleReason !== null ? (
        <StaleBanner reason={staleReason} since={oldestReading} staleAfterMs={staleAfterMs} fromBrowser={failure !== null} expired={allSections.some(isExpired)} />
      ) : null}
      <h1 className="sr-only">Estate overview</h1>
      <OverviewFilterBar filters={filters} onChange={setFilters} shown={live ? sections.length : null} total={live ? allSections.length : null} />
      {live && filtering && sections.length === 0 ? (
        <p data-testid="no-match" className="rounded-lg border border-line bg-surface px-4 py-3 text-sm text-muted">
          No section matches the search and levels chosen ({allSections.length} hidden).
        </p>
      ) : live && filters.group === 'area' ? (
        groupByArea(sections, areas, areaOrder).map((group) => (
          <TileGroup key={group.name} title={group.name} count={group.sections.length} wide={group.worst !== 'ok'}>
            {group.sections.map((s) => tile(s, s.severity === 'ok'))}
          </TileGroup>
        ))
      ) : live ? (
        <>
          {/* While filtering, an empty group is left out: "no section is firing" would not be true of the estate. */}
          {filtering && attention.length === 0 ? null : (
            <TileGroup title="Needs attention" count={attention.length} wide>
              {attention.length === 0 ? (
                <p className="col-span-full rounded-lg border border-line bg-surface px-4 py-3 text-sm text-muted">
                  <span aria-hidden="true" className="text-sev-ok-fg">✓ </span>No section is firing and every signal can be read.
                </p>
              ) : (
                attention.map((s) => tile(s, false))
              )}
            </TileGroup>
          )}
          {healthy.length > 0 ? (
            <TileGroup title="Within thresholds" count={healthy.length}>
              {healthy.map((s) => tile(s, true))}
            </TileGroup>
          ) : null}
        </>
      ) : (
        <TileGroup title="Sections" count={placeholders.length} wide>
          {placeholders.filter((p) => matchesSearch(p, areas[p.id], filters.q)).map((p) => (
            <li key={p.id} className="flex">
              <PlaceholderTile id={p.id} title={p.title} error={failure} />
            </li>
          ))}
        </TileGroup>
      )}
    </div>
  );
}
