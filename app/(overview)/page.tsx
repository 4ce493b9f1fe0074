import { HydrationBoundary } from '@tanstack/react-query';
import { connection } from 'next/server';
import { requirePageAccess } from '@/lib/auth/page-access';
import { getEnv } from '@/lib/env';
import { getCatalog } from '@/lib/server/catalog';
import { DeclarePrompt } from '@/components/incidents/declare-prompt';
import { can } from '@/lib/auth/permissions';
import { getIncidentConfig } from '@/lib/server/incidents/config';
import { TemporaryChangesStrip } from '@/components/temporary-changes';
import { RoutinesDueStrip } from '@/components/routines-due-strip';
import { prefetchFirstData } from '@/lib/server/first-data';
import { OverviewBoard } from './_components/overview-board';

/** The estate at a glance: every runbook section as a live tile, worst first. */
export default async function OverviewPage() {
  // Read the environment per request, not at build time: the same build runs with different settings.
  await connection();
  const principal = await requirePageAccess('status.read', '/');
  const env = getEnv();
  const { sections, severityTable } = getCatalog();
  const prompt = getIncidentConfig().declarePrompt;
  // The tiles in the HTML, from the same snapshot the first poll would get (after the check above).
  const firstData = await prefetchFirstData(principal, { overview: true });
  const board = (
    <HydrationBoundary state={firstData}><OverviewBoard
      pollMs={env.POLL_INTERVAL_MS}
      staleAfterMs={env.STALE_UNKNOWN_AFTER_MS}
      severityTable={severityTable}
      placeholders={sections.map((s) => ({ id: s.id, title: s.title }))}
      areas={Object.fromEntries(sections.map((s) => [s.id, s.area]))}
      areaOrder={[...new Set(sections.map((s) => s.area))]}
    /></HydrationBoundary>
  );
  // People only: a display reads the wall's incidents, not which sections they cover.
  if (!can(principal.role, 'section.read')) return board;
  return (
    <div className="space-y-3">
      <DeclarePrompt canDeclare={can(principal.role, 'incident.manage')} levels={prompt.levels} afterMinutes={prompt.afterMinutes} pollMs={env.POLL_INTERVAL_MS} />
      <TemporaryChangesStrip />
      <RoutinesDueStrip />
      {board}
    </div>
  );
}
