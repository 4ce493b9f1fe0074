import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { incidentIdSchema } from '@/lib/api/incident-schemas';
import { ApiError } from '@/lib/api/errors';
import { requirePageAccess } from '@/lib/auth/page-access';
import { can } from '@/lib/auth/permissions';
import { getEnv } from '@/lib/env';
import { getIncident } from '@/lib/incidents/records';
import { getIncidentView } from '@/lib/server/incidents/view';
import { getStore } from '@/lib/server/store/store';
import { IncidentBoard } from './_components/incident-board';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).id };
}

async function loadIncident(id: string) {
  if (!incidentIdSchema.safeParse(id).success) notFound();
  const store = await getStore();
  try {
    return await getIncidentView(store, await getIncident(store.db, id));
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not-found') notFound();
    throw error;
  }
}

/** One incident, live: the board polls the same view the API answers. */
export default async function IncidentPage({ params }: Props) {
  await connection();
  const { id } = await params;
  const principal = await requirePageAccess('section.read', `/incidents/${encodeURIComponent(id)}`);
  const view = await loadIncident(id);
  const me = principal.kind === 'user' ? principal.username : '';
  return <IncidentBoard initial={view} me={me} canManage={can(principal.role, 'incident.manage')} canClose={can(principal.role, 'incident.close')} pollMs={getEnv().POLL_INTERVAL_MS} />;
}
