'use client';

import { isFiring } from '@/components/severity-style';
import type { SeverityTable } from '@/lib/catalog/load';
import type { Env } from '@/lib/env';
import { useAlerts } from '@/lib/client/use-alerts';
import { useNocAlert } from '@/lib/client/use-noc-alert';
import { useNocOverview } from '@/lib/client/use-noc-overview';
import { useNocHealthyReset } from '@/lib/client/use-noc-recovery';
import { useNocRotation } from '@/lib/client/use-noc-rotation';
import { useNocSoundState } from '@/lib/client/use-noc-sound';
import { formatDuration } from '@/lib/format';
import { nocFrame } from '@/lib/noc/grid-layout';
import type { NocOptions } from '@/lib/noc/options';
import { decideNocTileAlerts } from '@/lib/noc/tile-alerts';
import { NocDetail } from './noc-detail';
import { NocFlash } from './noc-flash';
import { NocCell, NocGrid } from './noc-grid';
import { NocHeader } from './noc-header';
import { NocIncidentStrip } from './noc-incident-strip';
import { NocPlaceholderTile } from './noc-placeholder-tile';
import { NocStaleBanner } from './noc-stale-banner';
import { NocTile } from './noc-tile';

type Props = {
  pollMs: number;
  staleIntervals: number;
  staleAfterMs: number;
  environment: { name: string; tone: Env['ENVIRONMENT_TONE'] };
  severityTable: SeverityTable;
  /** Section ids and titles from the catalog, shown until the first answer. */
  placeholders: { id: string; title: string }[];
  options: NocOptions;
};

function describeOptions(options: NocOptions, sound: ReturnType<typeof useNocSoundState>): string[] {
  const notes = [...options.notes];
  if (options.rotateMs !== null) notes.unshift(`rotating every ${formatDuration(options.rotateMs)}`);
  if (options.alert === 'flash') notes.unshift('flash on new P0/P1');
  if (options.alert === 'sound') notes.unshift(sound === 'running' ? 'sound on' : sound === 'suspended' ? 'sound blocked by the browser (allow autoplay)' : 'no sound available');
  return notes;
}

/** The NOC wall: header, stale banner when due, and the grid of every section or one firing section's detail. */
export function NocBoard({ pollMs, staleIntervals, staleAfterMs, environment, severityTable, placeholders, options }: Props) {
  const { view, response, receivedAt, problem, now, streaming } = useNocOverview({ pollMs, staleIntervals, staleAfterMs });
  const sections = view?.sections ?? [];
  const stale = view?.staleness.stale ?? false;
  const rotation = useNocRotation(options.rotateMs, sections.filter((s) => isFiring(s.severity)).map((s) => s.id));
  const alert = useNocAlert(options.alert, response, receivedAt, now);
  const sound = useNocSoundState(options.alert === 'sound');
  const detail = rotation.kind === 'detail' ? sections.find((s) => s.id === rotation.id) : undefined;
  const titles = Object.fromEntries(placeholders.map((p) => [p.id, p.title]));
  // Alerts are a second source: while they cannot be read, or their last answer is past the wall's
  // stale limit, every tile says "alerts ?" and the header says why; old badges never pass for current.
  const alerts = useAlerts(pollMs, { unattended: true });
  const tileAlerts = decideNocTileAlerts({ bySection: alerts.data?.bySection, error: alerts.error, receivedAt: alerts.receivedAt, now, limitMs: staleIntervals * pollMs });
  const notes = [...describeOptions(options, sound), ...(tileAlerts.kind === 'unknown' ? [`alerts unavailable: ${tileAlerts.reason}`] : [])];
  // Data on screen for a while without breaking: a later error is a new one, repaired at the shortest wait.
  useNocHealthyReset(response !== null);

  return (
    <div data-testid="noc-board" data-feed={streaming ? 'stream' : 'poll'} className="flex h-full flex-col" style={{ padding: `${nocFrame.paddingVh}vh`, gap: `${nocFrame.gapVh}vh` }}>
      <NocHeader
        environment={environment}
        counts={view && response ? view.counts : null}
        now={now}
        ageMs={view?.staleness.ageMs ?? null}
        stale={stale}
        waitingReason={response ? null : problem}
        notes={notes}
      />
      <NocIncidentStrip pollMs={pollMs} now={now} />
      {stale && view?.lastUpdateAt != null ? <NocStaleBanner lastUpdateAt={view.lastUpdateAt} reason={view.staleReason ?? 'no fresh data'} /> : null}
      <div className="min-h-0 flex-1">
        {detail && rotation.kind === 'detail' ? (
          <NocDetail
            key={detail.id}
            overviewStatus={detail}
            serverNow={view?.serverNow ?? null}
            stale={stale}
            pollMs={pollMs}
            severityTable={severityTable}
            position={rotation.position}
            total={rotation.total}
            rotateMs={options.rotateMs ?? 0}
          />
        ) : (
          <NocGrid count={response ? sections.length : placeholders.length} dimmed={stale}>
            {response
              ? sections.map((s) => (
                  <NocCell key={s.id}>
                    <NocTile status={s} serverNow={view?.serverNow ?? null} dimmed={stale} alerts={tileAlerts.kind === 'unknown' ? { unknown: tileAlerts.reason } : tileAlerts.kind === 'known' ? tileAlerts.bySection[s.id] : undefined} />
                  </NocCell>
                ))
              : placeholders.map((p) => (
                  <NocCell key={p.id}>
                    <NocPlaceholderTile id={p.id} title={p.title} error={problem} />
                  </NocCell>
                ))}
          </NocGrid>
        )}
      </div>
      {alert ? <NocFlash key={alert.at} event={alert} titles={titles} sound={options.alert === 'sound'} /> : null}
    </div>
  );
}
