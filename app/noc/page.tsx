import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requirePageAccess } from '@/lib/auth/page-access';
import { getEnv } from '@/lib/env';
import { parseNocOptions } from '@/lib/noc/options';
import { getCatalog } from '@/lib/server/catalog';
import { NocBoard } from './_components/noc-board';

export const metadata: Metadata = { title: 'NOC' };

/**
 * The wall-mounted NOC display: every section, worst first, full screen. A display token's session
 * may open it (status.read), and so may anyone who may see the overview.
 * `?rotate=20` cycles through the firing sections; `?alert=flash|sound` marks a new P0/P1.
 */
export default async function NocPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Read the environment per request, not at build time: the same build runs with different settings.
  await connection();
  await requirePageAccess('status.read', '/noc');
  const env = getEnv();
  const { sections, severityTable } = getCatalog();
  return (
    <NocBoard
      pollMs={env.POLL_INTERVAL_MS}
      staleIntervals={env.NOC_STALE_INTERVALS}
      staleAfterMs={env.STALE_UNKNOWN_AFTER_MS}
      environment={{ name: env.ENVIRONMENT_NAME, tone: env.ENVIRONMENT_TONE }}
      severityTable={severityTable}
      placeholders={sections.map((s) => ({ id: s.id, title: s.title }))}
      options={parseNocOptions(await searchParams)}
    />
  );
}
