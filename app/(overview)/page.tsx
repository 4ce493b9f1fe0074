import { connection } from 'next/server';
import { requirePageAccess } from '@/lib/auth/page-access';
import { getEnv } from '@/lib/env';
import { getCatalog } from '@/lib/server/catalog';
import { OverviewBoard } from './_components/overview-board';

/** The estate at a glance: every runbook section as a live tile, worst first. */
export default async function OverviewPage() {
  // Read the environment per request, not at build time: the same build runs with different settings.
  await connection();
  await requirePageAccess('status.read', '/');
  const env = getEnv();
  const { sections, severityTable } = getCatalog();
  return (
    <OverviewBoard
      pollMs={env.POLL_INTERVAL_MS}
      staleAfterMs={env.STALE_UNKNOWN_AFTER_MS}
      severityTable={severityTable}
      placeholders={sections.map((s) => ({ id: s.id, title: s.title }))}
    />
  );
}
