import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { requirePageAccess } from '@/lib/auth/page-access';
import { can } from '@/lib/auth/permissions';
import { routineIdSchema } from '@/lib/api/routine-schemas';
import { formatInZone } from '@/lib/routines/format';
import { findRoutine, getRoutinesConfig } from '@/lib/server/routines/config';
import { buildRoutineView } from '@/lib/server/routines/service';
import { getStore } from '@/lib/server/store/store';
import { RoutineStateBadge } from '../_components/state-badge';
import { ChecklistForm } from './_components/checklist-form';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: findRoutine(id)?.title ?? 'Routine' };
}

/** A routine to do: each item pre-answered live from its section (green, red, unknown), ticks, notes, complete. */
export default async function RoutinePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const principal = await requirePageAccess('routine.read', `/routines/${id}`);
  if (!routineIdSchema.safeParse(id).success || !findRoutine(id)) notFound();
  const { timeZone } = getRoutinesConfig();
  const view = await buildRoutineView(await getStore(), id);
  const r = view.routine;
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-sm"><Link href="/routines" className="text-accent hover:underline">Routines</Link></p>
          <h1 className="flex items-center gap-2 text-2xl font-semibold tracking-tight">{r.title} <RoutineStateBadge state={r.state} /></h1>
          <p className="text-sm text-muted">
            {r.summary}
            {r.occurrenceAt !== null ? ` · scheduled ${formatInZone(r.occurrenceAt, timeZone)}` : ''} · next due {formatInZone(r.nextAt, timeZone)}
          </p>
          <p className="text-xs text-muted">From {r.sources.join('; ')}</p>
        </div>
        <Link href={`/routines/${id}/history`} className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2">History</Link>
      </header>
      <ChecklistForm routineId={id} items={view.items} drill={view.drill} canComplete={can(principal.role, 'routine.complete')} dailyReport={id === 'evening-review'} />
    </div>
  );
}
